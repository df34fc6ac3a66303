import { BudgetExceeded } from '../core/budget';
import { Params, problemText } from '../core/problem-codes';
import { ApiErrorBody, ProblemCode } from './api-errors';
import { RETRY_AFTER_SECONDS } from './database-unavailable';

/** The 503 of work stopped at a time limit, in the API's one error shape (the filter sends Retry-After). */
function tooSlow(code: ProblemCode, params: Params = {}): ApiErrorBody {
  return { statusCode: 503, error: 'Service Unavailable', code, params, message: problemText(code, params), retryAfterSeconds: RETRY_AFTER_SECONDS };
}

export function requestTooSlow(limitMs: number): ApiErrorBody {
  return tooSlow('request.timed_out', { seconds: limitMs / 1000 });
}

/**
 * The 503 for errors that mean "stopped for time": a planner past its request's budget, or a query
 * PostgreSQL cancelled at statement_timeout (57014, query_canceled).
 */
export function stoppedForTime(exception: unknown): ApiErrorBody | undefined {
  if (exception instanceof BudgetExceeded) return requestTooSlow(exception.limitMs);
  if ((exception as { code?: unknown } | null)?.code === '57014') return tooSlow('request.query_timed_out');
  return undefined;
}
