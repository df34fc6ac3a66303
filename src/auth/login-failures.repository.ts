import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { FailureCount, ThrottleScope } from './login-throttle';

/** One count of `login_failures`: an account's or an address's, keyed by a hash. */
export interface Counted {
  scope: ThrottleScope;
  key: string;
}

export interface StoredFailureCount extends Counted {
  failures: number;
  last_failure_at: Date;
  locked_until: Date | null;
  /** The database's clock, read with the row. */
  now: Date;
}

/** The failed-login counts every instance of the service shares. */
@Injectable()
export class LoginFailuresRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The lock of the counts that ends last, if any is locked now, with the database's clock. */
  async latestLock(counted: readonly Counted[]): Promise<{ scope: ThrottleScope; locked_until: Date; now: Date } | undefined> {
    const [lock] = await this.db.query(
      `SELECT scope, locked_until, now() AS now FROM login_failures
        WHERE (scope, key) IN (($1, $2), ($3, $4)) AND locked_until > now()
        ORDER BY locked_until DESC LIMIT 1`,
      counted.flatMap(({ scope, key }) => [scope, key]),
    );
    return lock;
  }

  /**
   * The counts, created at zero where missing, locked in one order (scope, then key) until the
   * caller's transaction ends, so concurrent failures never deadlock.
   */
  async lockCounts(counted: readonly Counted[], manager: EntityManager): Promise<StoredFailureCount[]> {
    const scopes = counted.map((c) => c.scope);
    const keys = counted.map((c) => c.key);
    await manager.query(
      `INSERT INTO login_failures (scope, key, failures, last_failure_at)
       SELECT scope, key, 0, now() FROM unnest($1::text[], $2::text[]) AS t (scope, key) ORDER BY scope, key
       ON CONFLICT DO NOTHING`,
      [scopes, keys],
    );
    return manager.query(
      `SELECT scope, key, failures, last_failure_at, locked_until, now() AS now FROM login_failures
        WHERE (scope, key) IN (SELECT * FROM unnest($1::text[], $2::text[])) ORDER BY scope, key FOR UPDATE`,
      [scopes, keys],
    );
  }

  async saveCount(count: Counted & FailureCount, manager: EntityManager): Promise<void> {
    await manager.query(`UPDATE login_failures SET failures = $3, last_failure_at = $4, locked_until = $5 WHERE scope = $1 AND key = $2`, [
      count.scope,
      count.key,
      count.failures,
      count.lastFailureAt,
      count.lockedUntil,
    ]);
  }

  /** Forgets counts nobody added to for `seconds`; rows someone holds right now are left for later. */
  async forgetOlderThan(seconds: number): Promise<void> {
    await this.db.query(
      `DELETE FROM login_failures WHERE (scope, key) IN (
         SELECT scope, key FROM login_failures WHERE last_failure_at < now() - make_interval(secs => $1) FOR UPDATE SKIP LOCKED)`,
      [seconds],
    );
  }

  async clear(count: Counted): Promise<void> {
    await this.db.query(`DELETE FROM login_failures WHERE scope = $1 AND key = $2`, [count.scope, count.key]);
  }
}
