import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { tooManyRequests } from '../common/api-errors';
import { sha256Hex } from '../common/secret-token';
import { Counted, LoginFailuresRepository } from './login-failures.repository';
import { addressKey, afterFailure, FailureCount, retryAfterSeconds, THROTTLE_RULES } from './login-throttle';

/** Who is trying: the username as typed and the client's address (req.ip; see TRUST_PROXY). */
export interface LoginAttempt {
  username: string;
  address: string;
}

const FORGET_AFTER_MS = Math.max(...Object.values(THROTTLE_RULES).map((rule) => rule.forgetAfterMs));

/**
 * The failure counts live in PostgreSQL (`login_failures`), so every instance of the service sees
 * the same locks. Rows are keyed by the SHA-256 of the username or address (an IPv6 client's /64):
 * the table holds no typed usernames (people type passwords into the username field) and no
 * addresses.
 */
@Injectable()
export class LoginThrottleService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly failures: LoginFailuresRepository,
  ) {}

  /** 429 with Retry-After while the account or the address is locked; the password is not even checked. */
  async assertAllowed(attempt: LoginAttempt): Promise<void> {
    const lock = await this.failures.latestLock(countedOf(attempt));
    if (!lock) return;
    const seconds = retryAfterSeconds(lock.locked_until, lock.now);
    const from = lock.scope === 'account' ? 'for this account' : 'from this address';
    throw tooManyRequests(`too many failed logins ${from}; try again in ${seconds} s`, seconds);
  }

  /**
   * Counts one failure for the account and the address. Both rows are locked in one order (account
   * before address) and updated in one transaction, so concurrent failures on several instances all
   * count and never deadlock.
   */
  async recordFailure(attempt: LoginAttempt): Promise<void> {
    await this.db.transaction(async (manager) => {
      for (const row of await this.failures.lockCounts(countedOf(attempt), manager)) {
        const previous: FailureCount | undefined = row.failures ? { failures: row.failures, lastFailureAt: row.last_failure_at, lockedUntil: row.locked_until } : undefined;
        const next = afterFailure(previous, row.now, THROTTLE_RULES[row.scope]);
        await this.failures.saveCount({ scope: row.scope, key: row.key, ...next }, manager);
      }
    });
    // Counts nobody added to for an hour are forgotten anyway.
    await this.failures.forgetOlderThan(FORGET_AFTER_MS / 1000);
  }

  /** A successful login clears the account's count (not the address's). */
  async recordSuccess(attempt: LoginAttempt): Promise<void> {
    const [account] = countedOf(attempt);
    await this.failures.clear(account);
  }
}

function countedOf(attempt: LoginAttempt): [Counted, Counted] {
  return [
    { scope: 'account', key: sha256Hex(attempt.username) },
    { scope: 'address', key: sha256Hex(addressKey(attempt.address)) },
  ];
}
