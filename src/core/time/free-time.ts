import { DateTime } from 'luxon';
import { PlanningRefusal } from '../planning-refusal';
import { Interval } from './interval';
import { addDays, LocalDate, localToInstant, MAX_DAY_STEPS, weekdayOf } from './local-time';

/**
 * The building blocks the planners share for finding free time quickly: sorted, merged busy lists
 * that can be binary-searched, the free parts of a working interval, and the slot grid.
 */

/**
 * A time the patient cannot come: a weekday without times is that whole day, times without a weekday
 * apply every day, both is that weekday at those times. A missing start means from the start of the
 * day, a missing end until its end.
 */
export interface UnavailableTime {
  weekday?: number;
  start?: string;
  end?: string;
}

/** The patient's unavailable periods on one local date. */
export function unavailablePeriods(unavailable: readonly UnavailableTime[], date: LocalDate, zone: string): Interval[] {
  const weekday = weekdayOf(date);
  const dayStart = () => DateTime.fromISO(date, { zone }).toMillis();
  const dayEnd = () => DateTime.fromISO(addDays(date, 1), { zone }).toMillis();
  return unavailable
    .filter((period) => period.weekday === undefined || period.weekday === weekday)
    .map((period) => ({
      start: period.start ? localToInstant(date, period.start, zone).getTime() : dayStart(),
      end: period.end ? localToInstant(date, period.end, zone).getTime() : dayEnd(),
    }));
}

/**
 * `count` consecutive calendar dates from `first`. Plain UTC date arithmetic: a calendar date has no
 * time zone, and planners run this for every day of a window where luxon would cost ~30 µs a day.
 */
export function calendarDates(first: LocalDate, count: number): LocalDate[] {
  if (count > MAX_DAY_STEPS) throw new PlanningRefusal('plan.too_many_days', { count, max: MAX_DAY_STEPS });
  if (count > 0) addDays(first, count - 1); // refuses a last date past the supported calendar
  const [year, month, day] = first.split('-').map(Number);
  return Array.from({ length: count }, (_, i) => new Date(Date.UTC(year, month - 1, day + i)).toISOString().slice(0, 10));
}

/** Sorted by start with overlapping intervals merged, so lookups can binary-search. */
export function mergeIntervals(intervals: readonly Interval[]): readonly Interval[] {
  // Calendars usually arrive sorted and disjoint already; then there is nothing to copy.
  if (intervals.every((interval, i) => interval.end > interval.start && (i === 0 || intervals[i - 1].end <= interval.start))) {
    return intervals;
  }
  const sorted = intervals.filter((i) => i.end > i.start).sort((a, b) => a.start - b.start);
  const merged: Interval[] = [];
  for (const interval of sorted) {
    const last = merged[merged.length - 1];
    if (last && interval.start <= last.end) last.end = Math.max(last.end, interval.end);
    else merged.push({ start: interval.start, end: interval.end });
  }
  return merged;
}

/** Index of the first interval of a merged list that ends after `time`. */
export function firstEndingAfter(list: readonly Interval[], time: number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (list[middle].end > time) high = middle;
    else low = middle + 1;
  }
  return low;
}

/**
 * Adds an interval to a list sorted by start, keeping it sorted: a calendar that grows during a
 * batch stays on mergeIntervals' no-copy path instead of being re-sorted for every plan.
 */
export function insertSorted(list: Interval[], interval: Interval): void {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (list[middle].start <= interval.start) low = middle + 1;
    else high = middle;
  }
  list.splice(low, 0, interval);
}

/** Whether [start, end) touches no interval of a merged busy list. */
export function isFree(busy: readonly Interval[], start: number, end: number): boolean {
  const next = busy[firstEndingAfter(busy, start)];
  return !next || next.start >= end;
}

/** The parts of a working interval that no interval of the (merged) busy lists covers. */
export function freeParts(window: Interval, busyLists: readonly (readonly Interval[])[]): Interval[] {
  const blocking: Interval[] = [];
  for (const list of busyLists) {
    for (let i = firstEndingAfter(list, window.start); i < list.length && list[i].start < window.end; i++) blocking.push(list[i]);
  }
  blocking.sort((a, b) => a.start - b.start);
  const parts: Interval[] = [];
  let cursor = window.start;
  for (const busy of blocking) {
    if (busy.start > cursor) parts.push({ start: cursor, end: Math.min(busy.start, window.end) });
    cursor = Math.max(cursor, busy.end);
  }
  if (cursor < window.end) parts.push({ start: cursor, end: window.end });
  return parts;
}

/** The first start on the grid from `origin` that is not before `time`. */
export function gridStart(origin: number, time: number, step: number): number {
  return time <= origin ? origin : origin + Math.ceil((time - origin) / step) * step;
}

/**
 * A resource's busy list (sorted, non-overlapping) with everything from `from` to `until` taken as
 * well: a room out of use from a date. Bookings already made after it are folded into that one piece.
 */
export function busyFrom(busy: readonly Interval[], from: number, until: number): Interval[] {
  const before = busy.filter((interval) => interval.end <= from);
  const start = Math.min(from, ...busy.filter((interval) => interval.end > from).map((interval) => interval.start));
  return start < until ? [...before, { start, end: until }] : before;
}
