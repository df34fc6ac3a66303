/**
 * An instant as epoch milliseconds (float8): calendars read thousands of intervals, and numbers
 * need no Date parsing on the way in.
 */
export function epochMs(column: string): string {
  return `(extract(epoch FROM ${column}) * 1000)::float8`;
}
