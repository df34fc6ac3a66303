import { AsyncLocalStorage } from 'node:async_hooks';
import { Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { loggablePath } from './loggable-path';
import { Budget } from '../core/budget';
import { sendApiError } from './http-exception.filter';
import { requestTooSlow } from './stopped-for-time';

const budgets = new AsyncLocalStorage<Budget>();
const logger = new Logger('RequestLimits');

/**
 * The time left to the request being served, for the planners it calls (see Budget). Outside a
 * request (demo data, the command line) there is nobody waiting: unlimited.
 */
export function requestBudget(): Budget {
  return budgets.getStore() ?? Budget.unlimited;
}

/**
 * Gives every request a budget of `limitMs` and answers it 503 when it is not done by then. The
 * timer covers requests waiting on I/O; CPU-bound planners stop themselves at the same deadline,
 * since no timer fires while they run. A handler that finishes after the 503 finds the response
 * sent, and the exception filter drops its answer (see ApiExceptionFilter).
 */
export function requestDeadline(limitMs: number) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const timer = setTimeout(() => {
      if (response.headersSent) return;
      logger.warn(`${request.method} ${loggablePath(request.originalUrl)} cut off after ${limitMs} ms`);
      sendApiError(response, requestTooSlow(limitMs));
    }, limitMs);
    response.once('finish', () => clearTimeout(timer));
    response.once('close', () => clearTimeout(timer));
    budgets.run(new Budget(limitMs), next);
  };
}
