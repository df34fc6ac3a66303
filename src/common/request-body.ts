import { STATUS_CODES } from 'node:http';
import { HttpException } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

const MEGABYTE = 1024 * 1024;

/**
 * body-parser refuses a body with an http-errors error carrying a `type`: too large (413), an
 * unsupported charset or encoding (415), not JSON (400). Each becomes the API's error shape naming
 * `body`; anything else is left as it is.
 */
export function refusedBody(error: unknown): HttpException | undefined {
  const { status, type, expose, limit } = (error ?? {}) as { status?: unknown; type?: unknown; expose?: unknown; limit?: unknown };
  if (!(error instanceof Error) || typeof status !== 'number' || typeof type !== 'string' || expose !== true) return undefined;
  const problem =
    status === 413
      ? `is larger than the limit of ${limit} bytes (${Number((Number(limit) / MEGABYTE).toFixed(2))} MB)`
      : type === 'entity.parse.failed'
        ? `is not valid JSON (${error.message})`
        : error.message;
  const [code, params] =
    status === 413 ? (['request.body_too_large', { limit: Number(limit) }] as const) : type === 'entity.parse.failed' ? (['request.not_json', {}] as const) : (['request.unreadable', {}] as const);
  const body = { statusCode: status, error: STATUS_CODES[status] ?? 'Error', code, message: `body: ${problem}`, details: [{ field: 'body', problem, code, params }] };
  return new HttpException(body, status);
}

/** Express error middleware placed right after the body parsers. */
export function answerRefusedBodies(error: unknown, _request: Request, _response: Response, next: NextFunction): void {
  next(refusedBody(error) ?? error);
}
