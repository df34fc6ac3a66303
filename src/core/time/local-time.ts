import { DateTime } from 'luxon';
import { PlanningRefusal } from '../planning-refusal';

/**
 * Everything a clinic does is planned in local wall-clock time (a visit is "at 09:00", whatever
 * the UTC offset that day). These helpers are the only place where local dates and times become
 * instants, so daylight-saving transitions are handled once, by luxon.
 */

/** A calendar date in a site's time zone, `YYYY-MM-DD`. */
export type LocalDate = string;
/** A wall-clock time, `HH:mm`. */
export type LocalTime = string;

export const LOCAL_DATE_PATTERN = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
export const LOCAL_TIME_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;

export function isValidTimeZone(zone: string): boolean {
  return DateTime.local().setZone(zone).isValid;
}

export function isValidLocalDate(date: string): boolean {
  return LOCAL_DATE_PATTERN.test(date) && DateTime.fromISO(date).isValid;
}

/**
 * Planners ask for the same few wall times (working-hour edges) on the same days thousands of times,
 * and each luxon conversion asks Intl for the zone's offset. The answer never changes, so it is kept;
 * the cache is emptied when it grows past a bound so a long-running service does not hoard memory.
 */
const instantCache = new Map<string, number>();
const INSTANT_CACHE_LIMIT = 100_000;

/** The instant at which the wall clock in `zone` shows `time` on `date`. */
export function localToInstant(date: LocalDate, time: LocalTime, zone: string): Date {
  const key = `${zone} ${date}T${time}`;
  let millis = instantCache.get(key);
  if (millis === undefined) {
    const dt = DateTime.fromISO(`${date}T${time}`, { zone });
    if (!dt.isValid) throw new PlanningRefusal('plan.invalid_local_time', { date, time, zone });
    if (instantCache.size >= INSTANT_CACHE_LIMIT) instantCache.clear();
    millis = dt.toMillis();
    instantCache.set(key, millis);
  }
  return new Date(millis);
}

/**
 * Local dates of instants, per zone and quarter hour: every UTC offset in use is a whole number of
 * quarter hours, so a quarter hour never spans two local dates. Planners ask this for every visit.
 */
const dateCache = new Map<string, LocalDate>();
const QUARTER_HOUR = 15 * 60_000;

export function localDateOf(instant: Date | number, zone: string): LocalDate {
  const millis = typeof instant === 'number' ? instant : instant.getTime();
  const key = `${zone} ${Math.floor(millis / QUARTER_HOUR)}`;
  let date = dateCache.get(key);
  if (date === undefined) {
    if (dateCache.size >= INSTANT_CACHE_LIMIT) dateCache.clear();
    date = inZone(millis, zone).toISODate()!;
    dateCache.set(key, date);
  }
  return date;
}

export function localTimeOf(instant: Date | number, zone: string): LocalTime {
  return inZone(instant, zone).toFormat('HH:mm');
}

// Calendar dates have no time zone: plain UTC day arithmetic is exact for them, and far cheaper
// than luxon in planners that ask for thousands of dates.

/** ISO weekday of a local date: Monday = 1 ... Sunday = 7. */
export function weekdayOf(date: LocalDate): number {
  return utcDay(date).getUTCDay() || 7;
}

/**
 * The calendar the service works in: from the oldest date of birth it records to long after any
 * booking it takes. Date arithmetic that leaves it is a bad input that slipped past validation, and
 * throws: past year 9999 toISOString writes '+010000-01-01', which sorts before '9999-12-31', so a
 * loop stepping towards a later date would never end.
 */
export const FIRST_LOCAL_DATE: LocalDate = '1900-01-01';
export const LAST_LOCAL_DATE: LocalDate = '2199-12-31';

/**
 * The most days any loop steps through one day at a time (a calendar range, a search for the next
 * open day): ten years. Inputs are bounded far below it; the bound makes sure a loop ends anyway.
 */
export const MAX_DAY_STEPS = 3660;

export function addDays(date: LocalDate, days: number): LocalDate {
  const day = utcDay(date);
  day.setUTCDate(day.getUTCDate() + days);
  const result = day.toISOString().slice(0, 10);
  if (!(result >= FIRST_LOCAL_DATE && result <= LAST_LOCAL_DATE)) {
    throw new PlanningRefusal('plan.outside_calendar', { date, days, first: FIRST_LOCAL_DATE, last: LAST_LOCAL_DATE });
  }
  return result;
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier); DST days count as one. */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return Math.round((utcDay(to).getTime() - utcDay(from).getTime()) / 86_400_000);
}

/** The ISO week of a local date, e.g. '2026-W53' for 2027-01-03: the week's Thursday decides its year. */
export function isoWeekOf(date: LocalDate): string {
  const thursday = utcDay(date);
  thursday.setUTCDate(thursday.getUTCDate() + 4 - (thursday.getUTCDay() || 7));
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * 86_400_000)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

function utcDay(date: LocalDate): Date {
  return new Date(`${date.slice(0, 10)}T00:00:00Z`);
}

/**
 * ISO 8601 with the site's own offset, e.g. `2026-03-30T09:00:00+02:00`: what a reader in that zone
 * expects. Every visit an answer shows is formatted twice, and luxon asks Intl for the zone's offset
 * each time (a seventh of a calendar read's CPU): the offset is looked up once per zone and quarter
 * hour, and the text written from it. A zero offset (luxon writes `Z` or `+00:00` by the zone's kind)
 * and anything odd (an unknown zone, a fractional offset, a year past 9999) are luxon's own.
 */
export function formatInstant(instant: Date | number, zone: string): string {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  const offset = offsetMinutes(ms, zone);
  const local = Number.isInteger(offset) && offset !== 0 ? new Date(ms + offset * 60_000).toISOString() : '';
  if (local.length !== 24) return inZone(instant, zone).toISO({ suppressMilliseconds: true })!;
  const sign = offset < 0 ? '-' : '+';
  const minutes = Math.abs(offset);
  return `${local.slice(0, local.endsWith('.000Z') ? 19 : 23)}${sign}${pad2(Math.floor(minutes / 60))}:${pad2(minutes % 60)}`;
}

/** Offsets change only on a quarter hour (every transition in use is on one): one luxon lookup per zone and quarter hour. */
const QUARTER_HOUR_MS = 15 * 60_000;
const OFFSETS_KEPT = 50_000;
const offsets = new Map<string, number>();

function offsetMinutes(ms: number, zone: string): number {
  const key = `${zone} ${Math.floor(ms / QUARTER_HOUR_MS)}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    if (offsets.size >= OFFSETS_KEPT) offsets.clear();
    offset = DateTime.fromMillis(ms, { zone }).offset;
    offsets.set(key, offset);
  }
  return offset;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

function inZone(instant: Date | number, zone: string): DateTime {
  const dt = typeof instant === 'number' ? DateTime.fromMillis(instant) : DateTime.fromJSDate(instant);
  return dt.setZone(zone);
}
