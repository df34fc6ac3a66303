import { CanActivate, ExecutionContext, HttpException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { decodeJwt, errors } from 'jose';
import { ALLOWED_ROLES, AuthenticatedRequest, IS_PUBLIC } from '../access/access.decorators';
import { AuditService } from '../access/audit.service';
import { Principal } from '../access/principal';
import { requireRole } from '../access/site-access';
import { IdentityProvider, providerUnavailable } from './identity-provider.service';
import { ProviderAttempt, ProviderPeople, providerSubject } from './provider-people.service';
import { AccessClaims, SessionsService } from './sessions.service';
import { UsersRepository } from './users.repository';
import { Role } from '../core/vocabulary';

const INVALID_TOKEN = 'the token is invalid or has expired';

/**
 * Applied to every route: a valid bearer token unless the route is @Public, and the right role if
 * @Roles says so. The token is the service's own, of a live session (its user still there and not
 * disabled), or an access token of the region's identity provider for this API, whose person has
 * an enabled login here: either gives the same principal, so every access rule and audit applies.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly sessions: SessionsService,
    private readonly provider: IdentityProvider,
    private readonly people: ProviderPeople,
    private readonly users: UsersRepository,
    private readonly audit: AuditService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const [scheme, token] = (request.headers.authorization ?? '').split(' ');
    if (scheme !== 'Bearer' || !token) throw new UnauthorizedException('a bearer token is required');
    request.principal = this.provider.issued(token) ? await this.providerPrincipal(token, request) : await this.sessionPrincipal(token);

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ALLOWED_ROLES, targets);
    if (roles) requireRole(request.principal, roles);
    return true;
  }

  private async sessionPrincipal(token: string): Promise<AccessClaims> {
    let claims: AccessClaims;
    try {
      claims = await this.jwt.verifyAsync<AccessClaims>(token);
    } catch {
      throw new UnauthorizedException(INVALID_TOKEN);
    }
    await this.sessions.assertLive(claims);
    return claims;
  }

  /** The provider's token checked, then its person matched to their login on every request, so a disabled one stops at once. */
  private async providerPrincipal(token: string, request: AuthenticatedRequest): Promise<Principal> {
    const route = (request.route as { path?: string } | undefined)?.path ?? request.path;
    const attempt: ProviderAttempt = { endpoint: `${request.method} ${route}`, clientAddress: request.ip ?? 'unknown' };
    let claims: Record<string, unknown>;
    try {
      claims = await this.provider.verifyAccessToken(token);
    } catch (error) {
      if (error instanceof HttpException) throw error;
      // The provider's keys out of reach (a timeout, a refused connection) say nothing about the token: not a refusal.
      if (!(error instanceof errors.JOSEError) || error instanceof errors.JWKSTimeout) throw providerUnavailable(error);
      await this.audit.recordLogin({ ...attempt, username: providerSubject(decodeJwt(token)) }, null);
      throw new UnauthorizedException(INVALID_TOKEN);
    }
    return this.users.principalOf(await this.people.userFor(claims, attempt));
  }
}
