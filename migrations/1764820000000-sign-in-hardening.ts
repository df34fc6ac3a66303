import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sign-in hardening.
 *
 * A user can be disabled (`users.disabled_at`): they cannot log in, and their sessions end.
 *
 * A session is one sign-in: it lasts at most 12 hours and ends early at logout, when the user is
 * disabled or their password reset, or when a refresh token is used twice (a stolen copy). Every
 * request's access token names its session, and the guard checks the session is live (one lookup
 * by primary key), so ending a session stops its access tokens at once. Deleting a user deletes
 * their sessions. Each refresh token is used once and replaced by the next; only the SHA-256 of
 * the 256-bit random token is stored.
 *
 * Failed logins are counted per account and per client address in `login_failures`, shared by
 * every instance of the service; the keys are SHA-256 of the username or address as given.
 */
export class SignInHardening1764820000000 implements MigrationInterface {
  name = 'SignInHardening1764820000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN disabled_at timestamptz`);

    await q.query(`
      CREATE TABLE sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        ended_at timestamptz,
        ended_because text CHECK (ended_because IN ('logout', 'refresh_token_reused', 'user_disabled', 'password_reset')),
        CHECK ((ended_at IS NULL) = (ended_because IS NULL))
      )`);
    await q.query(`CREATE INDEX sessions_user ON sessions (user_id)`);

    await q.query(`
      CREATE TABLE refresh_tokens (
        token_hash text PRIMARY KEY,
        session_id uuid NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        issued_at timestamptz NOT NULL DEFAULT now(),
        used_at timestamptz
      )`);
    await q.query(`CREATE INDEX refresh_tokens_session ON refresh_tokens (session_id)`);

    await q.query(`
      CREATE TABLE login_failures (
        scope text NOT NULL CHECK (scope IN ('account', 'address')),
        key text NOT NULL,
        failures integer NOT NULL CHECK (failures >= 0),
        last_failure_at timestamptz NOT NULL,
        locked_until timestamptz,
        PRIMARY KEY (scope, key)
      )`);
    await q.query(`CREATE INDEX login_failures_last ON login_failures (last_failure_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE login_failures`);
    await q.query(`DROP TABLE refresh_tokens`);
    await q.query(`DROP TABLE sessions`);
    await q.query(`ALTER TABLE users DROP COLUMN disabled_at`);
  }
}
