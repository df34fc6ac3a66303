import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import { Request } from 'express';
import { PUBLIC_OPERATION } from '../common/api-answers';
import { Actor, Principal } from './principal';
import { Role } from '../core/vocabulary';

export const IS_PUBLIC = 'isPublic';
export const ALLOWED_ROLES = 'allowedRoles';

/** Reachable without a token (health, login, API docs); the OpenAPI document says `security: []` for it. */
export const Public = () => applyDecorators(SetMetadata(IS_PUBLIC, true), ApiExtension(PUBLIC_OPERATION, true));

/** Only these roles may call the endpoint; everyone authenticated when absent. */
export const Roles = (...roles: Role[]) => SetMetadata(ALLOWED_ROLES, roles);

export type AuthenticatedRequest = Request & { principal: Principal };

/** The caller, the endpoint they used and where from, for access checks and the audit log. */
export function actorOf(request: AuthenticatedRequest): Actor {
  const route = (request.route as { path?: string } | undefined)?.path ?? request.path;
  return { ...request.principal, endpoint: `${request.method} ${route}`, clientAddress: request.ip ?? null };
}

export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => actorOf(context.switchToHttp().getRequest<AuthenticatedRequest>()));
