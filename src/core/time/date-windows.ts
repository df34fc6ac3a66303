import { DateTime } from 'luxon';
import { addDays, LocalDate } from './local-time';

/**
 * How far from today a date the API takes may lie, per kind of field. Every date and instant is
 * checked against one of these when it is validated, so no planner, loop or query ever sees the
 * year 0001 or 9999: `back` is years before today (or a fixed first date), `ahead` years after it.
 */
export interface DateWindow {
  back: number | LocalDate;
  ahead: number;
}

export const DATE_WINDOWS = {
  /** Appointments, programs, closures, absences, assessment and sick-leave dates: what a unit plans and records. */
  booking: { back: 5, ahead: 5 },
  /** Calendars, lists and the waiting list's day: reading further back is fine, the range itself is bounded apart. */
  query: { back: 10, ahead: 10 },
  /** A referral's arrival: not years old, and never after today (the service holds it to the site's today). */
  referralReceived: { back: 5, ahead: 0 },
  /** The patient's past (date of birth, an earlier rehabilitation): not before 1900, not in the future. */
  past: { back: '1900-01-01', ahead: 0 },
} as const satisfies Record<string, DateWindow>;

/**
 * Today where the day begins first (UTC+14): no site anywhere is already on a later date, so "not
 * in the future" holds in every site's zone. A window's far edge moving by a day matters to nobody.
 */
export function todayAnywhere(now: Date = new Date()): LocalDate {
  return DateTime.fromJSDate(now).setZone('UTC+14').toISODate()!;
}

/** The first and last local date of a window, seen from `today`. */
export function windowDates(window: DateWindow, today: LocalDate): { first: LocalDate; last: LocalDate } {
  const day = DateTime.fromISO(today, { zone: 'UTC' });
  return {
    first: typeof window.back === 'string' ? window.back : day.minus({ years: window.back }).toISODate()!,
    last: day.plus({ years: window.ahead }).toISODate()!,
  };
}

export function isInWindow(date: LocalDate, window: DateWindow, today: LocalDate): boolean {
  const { first, last } = windowDates(window, today);
  return date >= first && date <= last;
}

/** An instant lies in a window when its date does on some clock on Earth (UTC−12 to UTC+14). */
export function isInstantInWindow(instant: Date, window: DateWindow, today: LocalDate): boolean {
  const { first, last } = windowDates(window, today);
  const millis = instant.getTime();
  return millis >= Date.parse(`${first}T00:00:00+14:00`) && millis < Date.parse(`${addDays(last, 1)}T00:00:00-12:00`);
}

/** "from 2021-12-01 to 2031-12-01", for the message that names the field. */
export function describeWindow(window: DateWindow, today: LocalDate): string {
  const { first, last } = windowDates(window, today);
  return `from ${first} to ${last}`;
}
