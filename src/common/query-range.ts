import { badRequest } from './api-errors';

/** A calendar query longer than a quarter is a mistake or a scrape; either way not served in one go. */
export const MAX_QUERY_DAYS = 93;
const DAY_MS = 24 * 3600 * 1000;

/** The instants [from, to) of a calendar query: `to` after `from`, and at most MAX_QUERY_DAYS later. */
export function queryRange(from: string, to: string): { from: Date; to: Date } {
  const range = { from: new Date(from), to: new Date(to) };
  if (range.to <= range.from) throw badRequest([{ field: 'to', problem: 'must be after from' }]);
  if (range.to.getTime() - range.from.getTime() > MAX_QUERY_DAYS * DAY_MS) {
    throw badRequest([{ field: 'to', problem: `must be at most ${MAX_QUERY_DAYS} days after from` }]);
  }
  return range;
}
