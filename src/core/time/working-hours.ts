import { Interval } from './interval';
import { LocalDate, LocalTime, localToInstant, weekdayOf } from './local-time';

/** One block of a staff member's regular week, e.g. Monday 08:00–16:30 (local wall time). */
export interface WorkingHoursBlock {
  /** ISO weekday, Monday = 1 ... Sunday = 7. */
  weekday: number;
  start: LocalTime;
  end: LocalTime;
}

/**
 * The instants a staff member works on one local date. Built from wall time on that very date,
 * so 08:00 stays 08:00 on the Monday after a daylight-saving change.
 */
export function workingIntervals(hours: readonly WorkingHoursBlock[], date: LocalDate, zone: string): Interval[] {
  const weekday = weekdayOf(date);
  return hours
    .filter((block) => block.weekday === weekday)
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
