import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { PreparedStatement, queryPrepared } from '../database/prepared';

export type SessionEnd = 'logout' | 'refresh_token_reused' | 'user_disabled' | 'password_reset';

/** A refresh token as presented, with the state of its session. */
export interface PresentedRefreshToken {
  usedAt: Date | null;
  sessionId: string;
  userId: string;
  /** The session ended or expired, or its user is disabled. */
  over: boolean;
}

/** Every authenticated request's first statement, so prepared: parsed and planned once per connection. */
const LIVE_SESSION: PreparedStatement = {
  name: 'session-live',
  text: `SELECT 1 FROM sessions s JOIN users u ON u.id = s.user_id
          WHERE s.id = $1::uuid AND u.id = $2::uuid AND s.ended_at IS NULL AND s.expires_at > now() AND u.disabled_at IS NULL`,
};

/** Sessions and their refresh tokens (kept by hash only), as stored. */
@Injectable()
export class SessionsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** A new session of `seconds` for the user, first clearing their sessions past their end; its id. */
  async open(userId: string, seconds: number, manager: EntityManager): Promise<string> {
    // A user's sessions past their end are of no use to anyone; each login clears them.
    await manager.query(`DELETE FROM sessions WHERE user_id = $1 AND expires_at < now()`, [userId]);
    const [session] = await manager.query(`INSERT INTO sessions (user_id, expires_at) VALUES ($1, now() + make_interval(secs => $2)) RETURNING id`, [
      userId,
      seconds,
    ]);
    return session.id as string;
  }

  async addRefreshToken(tokenHash: string, sessionId: string, manager: EntityManager): Promise<void> {
    await manager.query(`INSERT INTO refresh_tokens (token_hash, session_id) VALUES ($1, $2)`, [tokenHash, sessionId]);
  }

  /** The token and its session, both locked until the caller's transaction ends; undefined for an unknown token. */
  async findRefreshToken(tokenHash: string, manager: EntityManager): Promise<PresentedRefreshToken | undefined> {
    const [row] = await manager.query(
      `SELECT r.used_at, s.id AS session_id, s.ended_at IS NOT NULL OR s.expires_at <= now() OR u.disabled_at IS NOT NULL AS over, u.id AS user_id
         FROM refresh_tokens r JOIN sessions s ON s.id = r.session_id JOIN users u ON u.id = s.user_id
        WHERE r.token_hash = $1
          FOR UPDATE OF r, s`,
      [tokenHash],
    );
    return row && { usedAt: row.used_at, sessionId: row.session_id, userId: row.user_id, over: row.over };
  }

  async useRefreshToken(tokenHash: string, manager: EntityManager): Promise<void> {
    await manager.query(`UPDATE refresh_tokens SET used_at = now() WHERE token_hash = $1`, [tokenHash]);
  }

  /** Ends the session the refresh token belongs to; an unknown token, or an ended session, changes nothing. */
  async endByRefreshToken(tokenHash: string): Promise<void> {
    await this.db.query(
      `UPDATE sessions SET ended_at = now(), ended_because = 'logout'
        WHERE ended_at IS NULL AND id = (SELECT session_id FROM refresh_tokens WHERE token_hash = $1)`,
      [tokenHash],
    );
  }

  /** Ends one session or all of a user's, in the caller's transaction. */
  async end(which: { id: string } | { userId: string }, reason: SessionEnd, manager: EntityManager): Promise<void> {
    const [column, value] = 'id' in which ? ['id', which.id] : ['user_id', which.userId];
    await manager.query(`UPDATE sessions SET ended_at = now(), ended_because = $2 WHERE ${column} = $1 AND ended_at IS NULL`, [value, reason]);
  }

  /** Whether the session is live and its user exists and is not disabled (one primary-key lookup). */
  async isLive(sessionId: string, userId: string): Promise<boolean> {
    const [live] = await queryPrepared(this.db, LIVE_SESSION, [sessionId, userId]);
    return !!live;
  }
}
