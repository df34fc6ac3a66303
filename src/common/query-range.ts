import { badRequest, problem } from './api-errors';

/** A calendar query longer than a quarter is a mistake or a scrape; either way not served in one go. */
export const MAX_QUERY_DAYS = 93;
/** A staff absence of more than two years is entered as consecutive absences. */
export const MAX_ABSENCE_DAYS = 731;
const DAY_MS = 24 * 3600 * 1000;

/** The instants [from, to) of a calendar query: `to` after `from`, and at most MAX_QUERY_DAYS later. */
export function queryRange(from: string, to: string): { from: Date; to: Date } {
  return boundedRange(from, to, MAX_QUERY_DAYS);
}

/**
 * The instants [start, end) of a range the API takes: `end` after `start`, and at most `maxDays`
 * later. Each end is validated on its own (see DATE_WINDOWS); this bounds the two together.
 */
export function boundedRange(start: string, end: string, maxDays: number, fields = { start: 'from', end: 'to' }): { from: Date; to: Date } {
  const range = { from: new Date(start), to: new Date(end) };
  if (range.to <= range.from) throw badRequest([problem(fields.end, 'validation.after', { other: fields.start })]);
  if (range.to.getTime() - range.from.getTime() > maxDays * DAY_MS) {
    throw badRequest([problem(fields.end, 'validation.range_too_long', { days: maxDays, other: fields.start })]);
  }
  return range;
}
