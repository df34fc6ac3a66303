import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { newSecretToken, sha256Hex } from '../common/secret-token';
import { SERVICE_SETTINGS, ServiceSettings } from '../config/service-settings';
import { Patient } from '../patients/patient.entity';
import { StaffMember } from '../staff/staff-member.entity';
import { TokenDto } from './auth.dto';
import { Principal } from '../access/principal';
import { User } from './user.entity';

/** Access tokens are short-lived: a stolen one is of use for minutes, and the session check stops it sooner. */
export const ACCESS_TOKEN_SECONDS = 15 * 60;
/** A sign-in lasts a working day at most, however often its tokens are refreshed. */
const SESSION_SECONDS = 12 * 3600;

export type SessionEnd = 'logout' | 'refresh_token_reused' | 'user_disabled' | 'password_reset';

/** What an access token says: who, and in which session (`sid`), checked live on every request. */
export interface AccessClaims extends Principal {
  sid: string;
}

export function accessTokenSeconds(settings: ServiceSettings): number {
  return settings.accessTokenSeconds ?? ACCESS_TOKEN_SECONDS;
}

/**
 * Sessions and their tokens (see the sign-in hardening migration): a short access token (JWT) for
 * every request and a refresh token, used once, for the next pair. A refresh token presented a
 * second time means two parties hold it, so the whole session ends.
 */
@Injectable()
export class SessionsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly jwt: JwtService,
    @Inject(SERVICE_SETTINGS) private readonly settings: ServiceSettings,
  ) {}

  /** A new session for a user who has just proved who they are. */
  async open(user: User): Promise<TokenDto> {
    const refreshToken = newSecretToken();
    const sessionId = await this.db.transaction(async (manager) => {
      // A user's sessions past their end are of no use to anyone; each login clears them.
      await manager.query(`DELETE FROM sessions WHERE user_id = $1 AND expires_at < now()`, [user.id]);
      const [session] = await manager.query(`INSERT INTO sessions (user_id, expires_at) VALUES ($1, now() + make_interval(secs => $2)) RETURNING id`, [
        user.id,
        SESSION_SECONDS,
      ]);
      await manager.query(`INSERT INTO refresh_tokens (token_hash, session_id) VALUES ($1, $2)`, [sha256Hex(refreshToken), session.id]);
      return session.id as string;
    });
    return this.tokens(user, sessionId, refreshToken);
  }

  /** The next access and refresh token of a live session; the presented refresh token is used up. */
  async refresh(refreshToken: string): Promise<TokenDto> {
    const outcome = await this.db.transaction(async (manager) => {
      const [row] = await manager.query(
        `SELECT r.used_at, s.id AS session_id, s.ended_at IS NOT NULL OR s.expires_at <= now() OR u.disabled_at IS NOT NULL AS over, u.id AS user_id
           FROM refresh_tokens r JOIN sessions s ON s.id = r.session_id JOIN users u ON u.id = s.user_id
          WHERE r.token_hash = $1
            FOR UPDATE OF r, s`,
        [sha256Hex(refreshToken)],
      );
      if (!row) return 'unknown' as const;
      if (row.used_at) {
        await endSessions(manager, { id: row.session_id }, 'refresh_token_reused');
        return 'reused' as const;
      }
      if (row.over) return 'over' as const;
      const next = newSecretToken();
      await manager.query(`UPDATE refresh_tokens SET used_at = now() WHERE token_hash = $1`, [sha256Hex(refreshToken)]);
      await manager.query(`INSERT INTO refresh_tokens (token_hash, session_id) VALUES ($1, $2)`, [sha256Hex(next), row.session_id]);
      return { sessionId: row.session_id as string, user: await manager.findOneByOrFail(User, { id: row.user_id }), next };
    });
    // Thrown after the transaction, so a reuse's ending of the session is committed.
    if (outcome === 'unknown') throw new UnauthorizedException('the refresh token is not valid');
    if (outcome === 'reused') throw new UnauthorizedException('the refresh token was used before, so the session has ended: sign in again');
    if (outcome === 'over') throw new UnauthorizedException('the session has ended: sign in again');
    return this.tokens(outcome.user, outcome.sessionId, outcome.next);
  }

  /** Ends the refresh token's session, access tokens included; an unknown or spent token changes nothing. */
  async logout(refreshToken: string): Promise<void> {
    await this.db.query(
      `UPDATE sessions SET ended_at = now(), ended_because = 'logout'
        WHERE ended_at IS NULL AND id = (SELECT session_id FROM refresh_tokens WHERE token_hash = $1)`,
      [sha256Hex(refreshToken)],
    );
  }

  /** Every request's check: the token's session is live and its user exists and is not disabled (one primary-key lookup). */
  async assertLive(claims: AccessClaims): Promise<void> {
    const [live] = typeof claims.sid === 'string'
      ? await this.db.query(
          `SELECT 1 FROM sessions s JOIN users u ON u.id = s.user_id
            WHERE s.id = $1::uuid AND u.id = $2::uuid AND s.ended_at IS NULL AND s.expires_at > now() AND u.disabled_at IS NULL`,
          [claims.sid, claims.userId],
        )
      : [];
    if (!live) throw new UnauthorizedException('the session has ended: sign in again');
  }

  private async tokens(user: User, sessionId: string, refreshToken: string): Promise<TokenDto> {
    const principal: Principal = {
      userId: user.id,
      username: user.username,
      role: user.role,
      siteId: await this.siteOf(user),
      staffId: user.staffId,
      patientId: user.patientId,
    };
    const claims: AccessClaims = { ...principal, sid: sessionId };
    return { accessToken: await this.jwt.signAsync(claims), refreshToken, expiresIn: accessTokenSeconds(this.settings), ...principal };
  }

  private async siteOf(user: User): Promise<string | null> {
    if (user.staffId) return (await this.db.getRepository(StaffMember).findOneByOrFail({ id: user.staffId })).siteId;
    if (user.patientId) return (await this.db.getRepository(Patient).findOneByOrFail({ id: user.patientId })).siteId;
    return user.siteId;
  }
}

/** Ends one session or all of a user's, in the caller's transaction. */
export async function endSessions(manager: EntityManager, which: { id: string } | { userId: string }, reason: SessionEnd): Promise<void> {
  const [column, value] = 'id' in which ? ['id', which.id] : ['user_id', which.userId];
  await manager.query(`UPDATE sessions SET ended_at = now(), ended_because = $2 WHERE ${column} = $1 AND ended_at IS NULL`, [value, reason]);
}
