import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { newSecretToken, sha256Hex } from '../common/secret-token';
import { SERVICE_SETTINGS, ServiceSettings } from '../config/service-settings';
import { TokenDto } from './auth.dto';
import { Principal } from '../access/principal';
import { SessionsRepository } from './sessions.repository';
import { User } from './user.entity';
import { UsersRepository } from './users.repository';

/** Access tokens are short-lived: a stolen one is of use for minutes, and the session check stops it sooner. */
export const ACCESS_TOKEN_SECONDS = 15 * 60;
/** A sign-in lasts a working day at most, however often its tokens are refreshed. */
const SESSION_SECONDS = 12 * 3600;

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
    private readonly repository: SessionsRepository,
    private readonly users: UsersRepository,
    private readonly jwt: JwtService,
    @Inject(SERVICE_SETTINGS) private readonly settings: ServiceSettings,
  ) {}

  /** A new session for a user who has just proved who they are. */
  async open(user: User): Promise<TokenDto> {
    const refreshToken = newSecretToken();
    const sessionId = await this.db.transaction(async (manager) => {
      const id = await this.repository.open(user.id, SESSION_SECONDS, manager);
      await this.repository.addRefreshToken(sha256Hex(refreshToken), id, manager);
      return id;
    });
    return this.tokens(user, sessionId, refreshToken);
  }

  /** The next access and refresh token of a live session; the presented refresh token is used up. */
  async refresh(refreshToken: string): Promise<TokenDto> {
    const outcome = await this.db.transaction(async (manager) => {
      const presented = await this.repository.findRefreshToken(sha256Hex(refreshToken), manager);
      if (!presented) return 'unknown' as const;
      if (presented.usedAt) {
        await this.repository.end({ id: presented.sessionId }, 'refresh_token_reused', manager);
        return 'reused' as const;
      }
      if (presented.over) return 'over' as const;
      const next = newSecretToken();
      await this.repository.useRefreshToken(sha256Hex(refreshToken), manager);
      await this.repository.addRefreshToken(sha256Hex(next), presented.sessionId, manager);
      return { sessionId: presented.sessionId, user: await this.users.get(presented.userId, manager), next };
    });
    // Thrown after the transaction, so a reuse's ending of the session is committed.
    if (outcome === 'unknown') throw new UnauthorizedException('the refresh token is not valid');
    if (outcome === 'reused') throw new UnauthorizedException('the refresh token was used before, so the session has ended: sign in again');
    if (outcome === 'over') throw new UnauthorizedException('the session has ended: sign in again');
    return this.tokens(outcome.user, outcome.sessionId, outcome.next);
  }

  /** Ends the refresh token's session, access tokens included; an unknown or spent token changes nothing. */
  async logout(refreshToken: string): Promise<void> {
    await this.repository.endByRefreshToken(sha256Hex(refreshToken));
  }

  /** Every request's check: the token's session is live and its user exists and is not disabled (one primary-key lookup). */
  async assertLive(claims: AccessClaims): Promise<void> {
    const live = typeof claims.sid === 'string' && (await this.repository.isLive(claims.sid, claims.userId));
    if (!live) throw new UnauthorizedException('the session has ended: sign in again');
  }

  private async tokens(user: User, sessionId: string, refreshToken: string): Promise<TokenDto> {
    const principal = await this.users.principalOf(user);
    const claims: AccessClaims = { ...principal, sid: sessionId };
    return { accessToken: await this.jwt.signAsync(claims), refreshToken, expiresIn: accessTokenSeconds(this.settings), ...principal };
  }
}
