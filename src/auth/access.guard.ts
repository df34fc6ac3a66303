import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { ALLOWED_ROLES, AuthenticatedRequest, IS_PUBLIC } from '../access/access.decorators';
import { AccessClaims, SessionsService } from './sessions.service';
import { Role } from '../core/vocabulary';

/**
 * Applied to every route: a valid bearer token of a live session (its user still there and not
 * disabled) unless the route is @Public, and the right role if @Roles says so.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly sessions: SessionsService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const [scheme, token] = (request.headers.authorization ?? '').split(' ');
    if (scheme !== 'Bearer' || !token) throw new UnauthorizedException('a bearer token is required');
    let claims: AccessClaims;
    try {
      claims = await this.jwt.verifyAsync<AccessClaims>(token);
    } catch {
      throw new UnauthorizedException('the token is invalid or has expired');
    }
    await this.sessions.assertLive(claims);
    request.principal = claims;

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ALLOWED_ROLES, targets);
    if (roles && !roles.includes(request.principal.role)) {
      throw new ForbiddenException(`this needs one of the roles: ${roles.join(', ')}`);
    }
    return true;
  }
}
