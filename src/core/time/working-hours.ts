import { Interval } from './interval';
import { LocalDate, LocalTime, localToInstant, weekdayOf } from './local-time';

/** One block of a staff member's regular week, e.g. Monday 08:00–16:30 (local wall time). */
export interface WorkingHoursBlock {
  /** ISO weekday, Monday = 1 ... Sunday = 7. */
  weekday: number;
  start: LocalTime;
  end: LocalTime;
  /** The first local date the block holds; from the beginning of time when left out. */
  from?: LocalDate;
  /** The first local date it no longer holds; for good when left out. */
  until?: LocalDate;
}

/** Whether the block holds on the local date (its validity only, not its weekday). */
export function holdsOn(block: WorkingHoursBlock, date: LocalDate): boolean {
  return (block.from === undefined || block.from <= date) && (block.until === undefined || date < block.until);
}

/**
 * The blocks of the one day: its weekday's, as dated hours hold on that date. Every reader of working
 * hours (the booking rules, the planners, the calendars) asks this, so a change of hours from a date
 * is seen the same everywhere.
 */
export function blocksOn(hours: readonly WorkingHoursBlock[], date: LocalDate): WorkingHoursBlock[] {
  const weekday = weekdayOf(date);
  return hours.filter((block) => block.weekday === weekday && holdsOn(block, date));
}

/**
 * The hours after `week` takes over from `from` until `until` (for good without one): earlier
 * blocks keep only the days outside that span, so afterwards the old week holds again.
 */
export function changeHours(hours: readonly WorkingHoursBlock[], week: readonly WorkingHoursBlock[], from: LocalDate, until?: LocalDate): WorkingHoursBlock[] {
  const kept = hours.flatMap((block) => {
    const before = block.from === undefined || block.from < from ? [{ ...block, until: minDate(block.until, from) }] : [];
    const after = until !== undefined && (block.until === undefined || until < block.until) ? [{ ...block, from: maxDate(block.from, until) }] : [];
    return [...before, ...after].filter((piece) => piece.from === undefined || piece.until === undefined || piece.from < piece.until);
  });
  const added = week.map(({ weekday, start, end }) => ({ weekday, start, end, from, ...(until !== undefined && { until }) }));
  return [...kept, ...added].map(withoutOpenEnds);
}

function minDate(date: LocalDate | undefined, other: LocalDate): LocalDate {
  return date === undefined || other < date ? other : date;
}

function maxDate(date: LocalDate | undefined, other: LocalDate): LocalDate {
  return date === undefined || other > date ? other : date;
}

function withoutOpenEnds(block: WorkingHoursBlock): WorkingHoursBlock {
  const { from, until, ...rest } = block;
  return { ...rest, ...(from !== undefined && { from }), ...(until !== undefined && { until }) };
}

/**
 * The instants a staff member works on one local date. Built from wall time on that very date,
 * so 08:00 stays 08:00 on the Monday after a daylight-saving change.
 */
export function workingIntervals(hours: readonly WorkingHoursBlock[], date: LocalDate, zone: string): Interval[] {
  return blocksOn(hours, date)
    .map((block) => ({
      start: localToInstant(date, block.start, zone).getTime(),
      end: localToInstant(date, block.end, zone).getTime(),
    }))
    .sort((a, b) => a.start - b.start);
}

/** Blocks that overlap or touch are a mistake in data entry; reported so the API can refuse them. */
export function overlappingBlocks(hours: readonly WorkingHoursBlock[]): WorkingHoursBlock[] {
  const problems: WorkingHoursBlock[] = [];
  const sorted = [...hours].sort((a, b) => a.weekday - b.weekday || a.start.localeCompare(b.start));
  for (let i = 1; i < sorted.length; i++) {
    const previous = sorted[i - 1];
    if (previous.weekday === sorted[i].weekday && sorted[i].start < previous.end) problems.push(sorted[i]);
  }
  return problems;
}
