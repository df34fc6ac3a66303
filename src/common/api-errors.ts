import { ConflictException, HttpException, HttpStatus, NotFoundException } from '@nestjs/common';
import type { ApiErrorDto, FieldProblemDto } from './api-error.dto';

/** One problem with one input field; every 4xx that blames the input lists these. */
export type FieldProblem = FieldProblemDto;

/** The single JSON error shape of the API, as the OpenAPI document describes it (ApiErrorDto). */
export interface ApiErrorBody extends ApiErrorDto {
  [extra: string]: unknown;
}

function withDetails(status: HttpStatus, error: string, details: FieldProblem[], message?: string): HttpException {
  const body: ApiErrorBody = {
    statusCode: status,
    error,
    message: message ?? details.map((d) => `${d.field}: ${d.problem}`).join('; '),
    details,
  };
  return new HttpException(body, status);
}

/** 400: the request is malformed (wrong type, missing field, bad format). */
export function badRequest(details: FieldProblem[]): HttpException {
  return withDetails(HttpStatus.BAD_REQUEST, 'Bad Request', details);
}

/** 422: well-formed, but breaks a rule of the domain (outside working hours, unknown referenced id...). */
export function unprocessable(details: FieldProblem[], message?: string): HttpException {
  return withDetails(HttpStatus.UNPROCESSABLE_ENTITY, 'Unprocessable Entity', details, message);
}

/** 403 naming what the caller may not change (a patient their own name, say). */
export function forbidden(details: FieldProblem[]): HttpException {
  return withDetails(HttpStatus.FORBIDDEN, 'Forbidden', details);
}

export function notFound(what: string, id: string): NotFoundException {
  return new NotFoundException({ statusCode: 404, error: 'Not Found', message: `${what} ${id} not found` });
}

/** 409 for a slot someone else holds: names the appointment in the way. */
export function bookingConflict(message: string, conflictingAppointmentId: string, field: string): ConflictException {
  return new ConflictException({
    statusCode: 409,
    error: 'Conflict',
    message,
    conflictingAppointmentId,
    details: [{ field, problem: message }],
  });
}

/** 409 for an action the current state does not allow (cancelling a cancelled visit, wrong phase...). */
export function stateConflict(message: string, extra: Record<string, unknown> = {}): ConflictException {
  return new ConflictException({ statusCode: 409, error: 'Conflict', message, ...extra });
}

/**
 * 429 for a client that must wait (repeated failed logins): `retryAfterSeconds` in the body, and
 * the exception filter sends it as the `Retry-After` header too.
 */
export function tooManyRequests(message: string, retryAfterSeconds: number): HttpException {
  return new HttpException({ statusCode: 429, error: 'Too Many Requests', message, retryAfterSeconds }, HttpStatus.TOO_MANY_REQUESTS);
}

/**
 * The pure planners throw RangeError for input they cannot plan with (an impossible time, a plan of
 * the wrong length); that is the caller's mistake, so it becomes a 422, never a 500.
 */
export function planned<T>(field: string, plan: () => T): T {
  try {
    return plan();
  } catch (error) {
    if (error instanceof RangeError) throw unprocessable([{ field, problem: error.message }]);
    throw error;
  }
}
