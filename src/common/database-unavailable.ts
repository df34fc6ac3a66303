/** Seconds a client is asked to wait (Retry-After) when the database is unavailable. */
export const RETRY_AFTER_SECONDS = 5;

/** The socket could not reach PostgreSQL, or lost it. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);

/**
 * PostgreSQL's own: class 08 (connection exception), 53300 (too many connections), 57P01–57P03
 * (shut down by an administrator, crashed, starting up or shutting down).
 */
const SERVER_CODE = /^(08...|53300|57P0[123])$/;

/** What pg, pg-pool and TypeORM say without a code when the connection is gone or never came. */
const MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection with \w+ database is not established/i;

/**
 * Whether an error means PostgreSQL cannot be reached right now (answered 503, to try again),
 * rather than a mistake in a request or in the code. Looks through TypeORM's `driverError`, `cause`
 * and AggregateError's `errors` (pg tries every address of a host name).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const pending = [error];
  for (let seen = 0; pending.length > 0 && seen < 20; seen += 1) {
    const current = pending.pop();
    // Errors by shape, not `instanceof Error`: Node's own come from another realm under jest.
    if (typeof current !== 'object' || current === null || typeof (current as Error).message !== 'string') continue;
    const { code, message, driverError, cause, errors } = current as Error & { code?: unknown; driverError?: unknown; errors?: unknown };
    if (typeof code === 'string' && (NETWORK_CODES.has(code) || SERVER_CODE.test(code))) return true;
    if (MESSAGES.test(message)) return true;
    pending.push(driverError, cause, ...(Array.isArray(errors) ? errors : []));
  }
  return false;
}
