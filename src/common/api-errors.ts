import { ConflictException, HttpException, HttpStatus, NotFoundException } from '@nestjs/common';
import { PlanningRefusal } from '../core/planning-refusal';
import { CodedProblem, isProblemCode, Params, ProblemCode, problemText } from '../core/problem-codes';
import type { ApiErrorDto } from './api-error.dto';

export { problemAt as problem } from '../core/problem-codes';
export type { CodedProblem, ProblemCode, Params as ProblemParamValues } from '../core/problem-codes';

/**
 * One problem with one input field; every 4xx that blames the input lists these. Made with
 * `problem(field, code, params)`, so the text is the code's; one without a code is answered as
 * `unclassified` (see withCodes).
 */
export type FieldProblem = { field: string; problem: string; code?: ProblemCode; params?: Params };

/** The single JSON error shape of the API, as the OpenAPI document describes it (ApiErrorDto). */
export interface ApiErrorBody extends Omit<ApiErrorDto, 'code' | 'details'> {
  code?: string;
  details?: FieldProblem[];
  [extra: string]: unknown;
}

function withDetails(status: HttpStatus, error: string, code: ProblemCode, details: FieldProblem[], message?: string, params: Params = {}): HttpException {
  const body: ApiErrorBody = {
    statusCode: status,
    error,
    code,
    params,
    message: message ?? details.map((d) => `${d.field}: ${d.problem}`).join('; '),
    details,
  };
  return new HttpException(body, status);
}

/** 400: the request is malformed (wrong type, missing field, bad format). */
export function badRequest(details: FieldProblem[]): HttpException {
  return withDetails(HttpStatus.BAD_REQUEST, 'Bad Request', 'validation.failed', details);
}

/** 422: well-formed, but breaks a rule of the domain (outside working hours, unknown referenced id...). */
export function unprocessable(details: FieldProblem[], code: ProblemCode = 'rules.broken', params: Params = {}): HttpException {
  return withDetails(HttpStatus.UNPROCESSABLE_ENTITY, 'Unprocessable Entity', code, details, code === 'rules.broken' ? undefined : problemText(code, params), params);
}

/** 403 naming what the caller may not change (a patient their own name, say). */
export function forbidden(details: FieldProblem[]): HttpException {
  return withDetails(HttpStatus.FORBIDDEN, 'Forbidden', 'access.forbidden', details);
}

export function notFound(what: string, id: string): NotFoundException {
  return new NotFoundException({ statusCode: 404, error: 'Not Found', code: 'not_found', params: { what, id }, message: problemText('not_found', { what, id }) });
}

/** 409 for a slot someone else holds: names the appointment in the way, and in `params` who or what holds it. */
export function bookingConflict(detail: CodedProblem, conflictingAppointmentId: string): ConflictException {
  return new ConflictException({
    statusCode: 409,
    error: 'Conflict',
    code: 'booking.conflict',
    message: detail.problem,
    conflictingAppointmentId,
    details: [detail],
  });
}

/**
 * 409 for an action the current state does not allow (cancelling a cancelled visit, wrong phase...):
 * its code and parameters at the top, the message the code's text.
 */
export function stateConflict<C extends ProblemCode>(code: C, params: Params = {}, extra: Record<string, unknown> = {}): ConflictException {
  return new ConflictException({ statusCode: 409, error: 'Conflict', code, params, message: problemText(code, params), ...extra });
}

/**
 * 429 for a client that must wait (repeated failed logins): `retryAfterSeconds` in the body, and
 * the exception filter sends it as the `Retry-After` header too.
 */
export function tooManyRequests(message: string, retryAfterSeconds: number): HttpException {
  return new HttpException(
    { statusCode: 429, error: 'Too Many Requests', code: 'request.rate_limited', params: { seconds: retryAfterSeconds }, message, retryAfterSeconds },
    HttpStatus.TOO_MANY_REQUESTS,
  );
}

/**
 * The pure planners refuse input they cannot plan with (an impossible time, a plan of the wrong
 * length) with a PlanningRefusal; that is the caller's mistake, so it becomes a 422 at `field` with
 * the refusal's code and parameters, never a 500.
 */
export function planned<T>(field: string, plan: () => T): T {
  try {
    return plan();
  } catch (error) {
    if (error instanceof PlanningRefusal) throw unprocessable([{ field, problem: error.message, code: error.code, params: error.params }]);
    throw error;
  }
}

/** The top-level code of an answer that has none of its own, by its status. */
const STATUS_CODES: Record<number, ProblemCode> = {
  400: 'validation.failed',
  401: 'auth.unauthorized',
  403: 'access.forbidden',
  404: 'not_found',
  409: 'state.conflict',
  413: 'request.too_large',
  422: 'rules.broken',
  429: 'request.rate_limited',
  500: 'server.error',
  503: 'server.unavailable',
};

/**
 * Every answer leaves with a top-level `code` and each detail with `code` and `params`: one made
 * without (a framework's own 404 or 401, a problem not yet given a code) gets its status's code,
 * and a detail `unclassified` with its text as the one parameter.
 */
export function withCodes(body: ApiErrorBody): ApiErrorBody {
  const code = typeof body.code === 'string' && body.code ? body.code : (STATUS_CODES[body.statusCode] ?? (body.statusCode >= 500 ? 'server.error' : 'request.failed'));
  const details = body.details?.map((d) =>
    isProblemCode(d.code) ? { ...d, params: d.params ?? {} } : { field: d.field, problem: d.problem, code: 'unclassified' as const, params: { text: d.problem } },
  );
  return { ...body, code, ...(details ? { details } : {}) };
}

/** A refusal's details as coded problems (a move preview lists them): its own, or its top-level code as one problem at `field`. */
export function codedDetails(body: ApiErrorBody, field = 'start'): CodedProblem[] {
  const coded = withCodes(body);
  if (coded.details?.length) return coded.details as CodedProblem[];
  const code = isProblemCode(coded.code) ? coded.code : 'unclassified';
  return [{ field, problem: String(body.message), code, params: code === 'unclassified' ? { text: String(body.message) } : ((body.params as Params | undefined) ?? {}) }];
}

/**
 * A planner's reason (`{discipline, problem, code, params}`) as a problem at `field`, its discipline
 * among the params; a discipline of the params themselves (the visit a rule names) is kept.
 */
export function reasonProblem(field: string, reason: { discipline: string; problem: string; code: ProblemCode; params: Params }): CodedProblem {
  return { field, problem: `${reason.discipline}: ${reason.problem}`, code: reason.code, params: { discipline: reason.discipline, ...reason.params } };
}

/** A rule checker's problem (on the plan's `visits`) at `field` instead: a move's `start`. */
export function violationProblem(field: string, violation: CodedProblem): CodedProblem {
  return { ...violation, field };
}
