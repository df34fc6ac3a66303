import { DateTime } from 'luxon';
import { ClosedDays, swedishHolidays } from '../../src/core/time/holidays';
import { addDays, formatInstant, LocalDate, localDateOf, localToInstant, weekdayOf } from '../../src/core/time/local-time';

/**
 * Dates for tests whose behaviour depends on today (reminders are only scheduled ahead of now):
 * picked from the calendar relative to the day the tests run, so they hold in any year.
 */
const ZONE = 'Europe/Stockholm';

/** A local date and time in Stockholm as the API writes it: "2027-11-01T10:00:00+01:00". */
export function stockholm(date: LocalDate, time: string): string {
  return formatInstant(localToInstant(date, time, ZONE), ZONE);
}

/** How patients read a time of the site: "måndag 1 november 2027 kl. 10:00" (from an ISO time with the site's offset). */
export function swedishWhen(iso: string): string {
  const date = new Date(`${iso.slice(0, 10)}T12:00:00Z`).toLocaleDateString('sv-SE', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  return `${date} kl. ${iso.slice(11, 16)}`;
}

const today = () => localDateOf(new Date(), ZONE);
const offsetAt = (date: LocalDate) => DateTime.fromISO(`${date}T12:00`, { zone: ZONE }).offset;

/** The next return to standard time (the last Sunday of October) with its Saturday still more than two days ahead. */
export function nextAutumnChange(): { saturday: LocalDate; monday: LocalDate } {
  for (let year = Number(today().slice(0, 4)); ; year++) {
    const sunday = addDays(`${year}-10-31`, -(weekdayOf(`${year}-10-31`) % 7));
    const saturday = addDays(sunday, -1);
    if (saturday > addDays(today(), 2)) return { saturday, monday: addDays(sunday, 1) };
  }
}

/**
 * The Monday of a plain week at least `daysAhead` days ahead: no public holiday Monday to Friday and
 * no change of summer time from the Saturday before, so reminders days ahead keep one offset.
 */
export function plainWeek(daysAhead = 14): LocalDate {
  const closed = new ClosedDays();
  const from = addDays(today(), daysAhead);
  for (let monday = addDays(from, (8 - weekdayOf(from)) % 7); ; monday = addDays(monday, 7)) {
    const days = [0, 1, 2, 3, 4].map((i) => addDays(monday, i));
    if (!days.some((day) => closed.isClosed(day)) && offsetAt(addDays(monday, -2)) === offsetAt(addDays(monday, 4))) return monday;
  }
}

/**
 * The next change of summer time with a working week before it that is still ahead (Monday to
 * Thursday open), and the first open Monday after the change.
 */
export function nextSummerTimeChange(): { monday: LocalDate; mondayAfter: LocalDate } {
  const closed = new ClosedDays();
  for (let sunday = addDays(today(), 7 - weekdayOf(today())); ; sunday = addDays(sunday, 7)) {
    const monday = addDays(sunday, -6);
    const changes = offsetAt(addDays(sunday, -1)) !== offsetAt(addDays(sunday, 1));
    if (!changes || monday <= today() || [0, 1, 2, 3].some((i) => closed.isClosed(addDays(monday, i)))) continue;
    let mondayAfter = addDays(sunday, 1);
    while (closed.isClosed(mondayAfter)) mondayAfter = addDays(mondayAfter, 7);
    return { monday, mondayAfter };
  }
}

/**
 * The first Ascension Day (Kristi himmelsfärdsdag, always a Thursday) with a Tuesday three weeks
 * before it that is more than twelve weeks away: clear of the demo's group program, which starts
 * next week.
 */
export function ascensionClearOfTheDemo(): { ascension: LocalDate; tuesdayBefore: LocalDate } {
  const earliest = addDays(today(), 12 * 7);
  for (let year = Number(earliest.slice(0, 4)); ; year++) {
    const ascension = [...swedishHolidays(year)].find(([, name]) => name === 'Kristi himmelsfärdsdag')![0];
    const tuesdayBefore = addDays(ascension, -23);
    if (tuesdayBefore > earliest) return { ascension, tuesdayBefore };
  }
}
