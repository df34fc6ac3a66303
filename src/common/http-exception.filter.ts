import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { problemText } from '../core/problem-codes';
import { ApiErrorBody, ProblemCode, withCodes } from './api-errors';
import { uniqueViolation } from './unique-constraints';
import { stoppedForTime } from './stopped-for-time';
import { isDatabaseUnavailable, RETRY_AFTER_SECONDS } from './database-unavailable';

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/**
 * Every error leaves the API in one shape: `{statusCode, error, message, details?}`.
 * Database errors that reach this far are mapped to the client mistake they stand for, and a
 * database that cannot be reached to a 503 with Retry-After; anything else is a bug, logged with
 * its stack and answered with a bare 500.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('ApiExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    // Answered already, at the request deadline (see requestDeadline): a late handler's answer has nowhere to go.
    if (response.headersSent) return void this.logger.warn(`answer after the response was sent, dropped: ${exception instanceof Error ? exception.message : String(exception)}`);
    sendApiError(response, this.toBody(exception));
  }

  private toBody(exception: unknown): ApiErrorBody {
    if (exception instanceof HttpException) return fromHttpException(exception);
    const stopped = stoppedForTime(exception);
    if (stopped) {
      this.logger.warn(stopped.message);
      return stopped;
    }
    if (isDatabaseUnavailable(exception)) {
      this.logger.warn(`database unavailable: ${exception instanceof Error ? exception.message : String(exception)}`);
      return { ...answer(503, 'server.database_unavailable'), retryAfterSeconds: RETRY_AFTER_SECONDS };
    }
    if (exception instanceof QueryFailedError) {
      const mapped = fromDatabase(exception as QueryFailedError & { code?: string; detail?: string });
      if (mapped) return mapped;
    }
    this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    return answer(500, 'server.error');
  }
}

/** An answer that is its code alone: its status's reason and the code's English. */
function answer(status: number, code: ProblemCode): ApiErrorBody {
  return { statusCode: status, error: REASONS[status], code, params: {}, message: problemText(code) };
}

/**
 * A family of routes that tells its errors in a format of its own (FHIR's OperationOutcome) puts one
 * at `response.locals[ERROR_FORMAT]` before its routes run; the error itself, code and details, is
 * the same as everywhere.
 */
export interface ErrorFormat {
  contentType: string;
  render(body: ApiErrorBody): unknown;
}
export const ERROR_FORMAT = 'errorFormat';

/** Sends an error in the one shape, from the filter and from the request deadline's timer alike. */
export function sendApiError(response: Response, body: ApiErrorBody): void {
  // An error answer is never cached, whatever the route would have allowed (a calendar feed's max-age).
  response.setHeader('Cache-Control', 'no-store');
  if (typeof body.retryAfterSeconds === 'number') response.setHeader('Retry-After', String(body.retryAfterSeconds));
  const format = response.locals?.[ERROR_FORMAT] as ErrorFormat | undefined;
  const coded = withCodes(body);
  // JSON whatever the route declared for its success (a calendar feed's text/calendar): res.json keeps a type already set.
  response
    .status(body.statusCode)
    .type(format?.contentType ?? 'application/json')
    .json(format ? format.render(coded) : coded);
}

function fromHttpException(exception: HttpException): ApiErrorBody {
  const status = exception.getStatus();
  const response = exception.getResponse();
  const error = REASONS[status] ?? HttpStatus[status] ?? 'Error';
  if (typeof response === 'string') return { statusCode: status, error, message: response };
  const { message, error: ownError, statusCode: _, ...rest } = response as Record<string, unknown>;
  return {
    statusCode: status,
    error: typeof ownError === 'string' ? ownError : error,
    message: Array.isArray(message) ? message.join('; ') : String(message ?? exception.message),
    ...rest,
  };
}

function fromDatabase(error: QueryFailedError & { code?: string; detail?: string }): ApiErrorBody | undefined {
  switch (error.code) {
    case '23505':
      return uniqueViolation((error as { constraint?: string }).constraint);
    case '23P01':
      return answer(409, 'booking.conflict');
    case '23503':
      return answer(422, 'reference.unknown');
    // Text PostgreSQL cannot store (a NUL character); the validation pipe refuses it first.
    case '22021':
    case '22P05':
      return answer(400, 'validation.nul_character');
    case '22P02':
    case '22007':
    case '22008':
      return answer(400, 'validation.wrong_format');
    default:
      return undefined;
  }
}
