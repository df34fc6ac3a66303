import Holidays from 'date-holidays';
import { PlanningRefusal } from '../planning-refusal';
import { addDays, LocalDate, MAX_DAY_STEPS, weekdayOf } from './local-time';

/**
 * Swedish public holidays close the unit. date-holidays marks Midsummer Eve, Christmas Eve and
 * New Year's Eve as `bank` days; they are closed too. Half days (`optional`, e.g. Walpurgis
 * Night from 12:00) and observances stay open: a site that closes them adds a closure day.
 */
const CLOSED_TYPES = new Set(['public', 'bank']);
const swedish = new Holidays('SE');
const byYear = new Map<number, Map<LocalDate, string>>();

/** Closed public holidays of one year, local date → Swedish name. */
export function swedishHolidays(year: number): Map<LocalDate, string> {
  let days = byYear.get(year);
  if (!days) {
    days = new Map();
    for (const holiday of swedish.getHolidays(year, 'sv')) {
      if (CLOSED_TYPES.has(holiday.type)) days.set(holiday.date.slice(0, 10), holiday.name);
    }
    byYear.set(year, days);
  }
  return days;
}

/** A site's closed days: public holidays plus the site's own closures (local date → reason). */
export class ClosedDays {
  constructor(private readonly siteClosures: ReadonlyMap<LocalDate, string> = new Map()) {}

  /** Why the site is closed on `date`, or undefined when it is open. */
  reason(date: LocalDate): string | undefined {
    return this.siteClosures.get(date) ?? swedishHolidays(Number(date.slice(0, 4))).get(date);
  }

  isClosed(date: LocalDate): boolean {
    return this.reason(date) !== undefined;
  }
}

/**
 * The date `count` open weekdays (Monday to Friday, the site open) after `date`, or before it for a
 * negative count. Closures are entered by hand, so the search is bounded: a site closed for years on
 * end is a PlanningRefusal, not a loop without end.
 */
export function addOpenWeekdays(closedDays: ClosedDays, date: LocalDate, count: number): LocalDate {
  const step = Math.sign(count);
  let result = date;
  for (let left = Math.abs(count), steps = 0; left > 0; ) {
    if (++steps > MAX_DAY_STEPS) throw new PlanningRefusal('plan.no_open_weekdays', { count: Math.abs(count), days: MAX_DAY_STEPS, date });
    result = addDays(result, step);
    if (weekdayOf(result) <= 5 && !closedDays.isClosed(result)) left--;
  }
  return result;
}
