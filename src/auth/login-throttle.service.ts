import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { tooManyRequests } from '../common/api-errors';
import { sha256Hex } from '../common/secret-token';
import { addressKey, afterFailure, FailureCount, retryAfterSeconds, THROTTLE_RULES, ThrottleScope } from './login-throttle';

/** Who is trying: the username as typed and the client's address (req.ip; see TRUST_PROXY). */
export interface LoginAttempt {
  username: string;
  address: string;
}

interface Counted {
  scope: ThrottleScope;
  key: string;
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
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** 429 with Retry-After while the account or the address is locked; the password is not even checked. */
  async assertAllowed(attempt: LoginAttempt): Promise<void> {
    const [lock] = await this.db.query(
      `SELECT scope, locked_until, now() AS now FROM login_failures
        WHERE (scope, key) IN (($1, $2), ($3, $4)) AND locked_until > now()
        ORDER BY locked_until DESC LIMIT 1`,
      countedOf(attempt).flatMap(({ scope, key }) => [scope, key]),
    );
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
    const counted = countedOf(attempt);
    const scopes = counted.map((c) => c.scope);
    const keys = counted.map((c) => c.key);
    await this.db.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO login_failures (scope, key, failures, last_failure_at)
         SELECT scope, key, 0, now() FROM unnest($1::text[], $2::text[]) AS t (scope, key) ORDER BY scope, key
         ON CONFLICT DO NOTHING`,
        [scopes, keys],
      );
      const rows: (Counted & { failures: number; last_failure_at: Date; locked_until: Date | null; now: Date })[] = await manager.query(
        `SELECT scope, key, failures, last_failure_at, locked_until, now() AS now FROM login_failures
          WHERE (scope, key) IN (SELECT * FROM unnest($1::text[], $2::text[])) ORDER BY scope, key FOR UPDATE`,
        [scopes, keys],
      );
      for (const row of rows) {
        const previous: FailureCount | undefined = row.failures ? { failures: row.failures, lastFailureAt: row.last_failure_at, lockedUntil: row.locked_until } : undefined;
        const next = afterFailure(previous, row.now, THROTTLE_RULES[row.scope]);
        await manager.query(`UPDATE login_failures SET failures = $3, last_failure_at = $4, locked_until = $5 WHERE scope = $1 AND key = $2`, [
          row.scope,
          row.key,
          next.failures,
          next.lastFailureAt,
          next.lockedUntil,
        ]);
      }
    });
    // Counts nobody added to for an hour are forgotten anyway; rows someone holds right now are left for later.
    await this.db.query(
      `DELETE FROM login_failures WHERE (scope, key) IN (
         SELECT scope, key FROM login_failures WHERE last_failure_at < now() - make_interval(secs => $1) FOR UPDATE SKIP LOCKED)`,
      [FORGET_AFTER_MS / 1000],
    );
  }

  /** A successful login clears the account's count (not the address's). */
  async recordSuccess(attempt: LoginAttempt): Promise<void> {
    const [account] = countedOf(attempt);
    await this.db.query(`DELETE FROM login_failures WHERE scope = $1 AND key = $2`, [account.scope, account.key]);
  }
}

function countedOf(attempt: LoginAttempt): [Counted, Counted] {
  return [
    { scope: 'account', key: sha256Hex(attempt.username) },
    { scope: 'address', key: sha256Hex(addressKey(attempt.address)) },
  ];
}
