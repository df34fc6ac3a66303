import { DateTime } from 'luxon';
import type { AppointmentKind, ReminderChannelName } from '../vocabulary';
import type { ReminderSettings } from './site-settings';

/**
 * When a patient is reminded of a visit starting at `start`: the site's hours before for the kind of
 * visit, SMS moved out of the quiet hours, and none that would be due before `now` or after the
 * visit has begun. Sorted, without duplicates.
 */
export function reminderTimes(
  visit: { kind: AppointmentKind; start: Date },
  channel: ReminderChannelName,
  settings: ReminderSettings,
  zone: string,
  now: Date,
): Date[] {
  const start = DateTime.fromJSDate(visit.start, { zone });
  const times = settings.hoursBefore[visit.kind].flatMap((hours) => {
    // Whole days as calendar days (same clock time), the rest as elapsed hours.
    const due = start.minus({ days: Math.floor(hours / 24) }).minus({ hours: hours % 24 });
    const at = deliverable(due, channel, settings, visit.start, now);
    return at ? [at.getTime()] : [];
  });
  return [...new Set(times)].sort((a, b) => a - b).map((time) => new Date(time));
}

/** When to ask a patient to answer a questionnaire due on `date`: 09:00 local that day, or now when that has passed. */
export function questionnaireTime(date: string, zone: string, now: Date): Date {
  const nine = DateTime.fromISO(`${date}T09:00`, { zone });
  return nine.toMillis() > now.getTime() ? nine.toJSDate() : now;
}

/** When to tell a patient already reminded that the visit is off: at once, or after the quiet hours; never after its start. */
export function cancellationNoticeTime(visitStart: Date, channel: ReminderChannelName, settings: ReminderSettings, zone: string, now: Date): Date | undefined {
  return deliverable(DateTime.fromJSDate(now, { zone }), channel, settings, visitStart, now);
}

/** When to confirm that a referral has arrived: at once, an SMS after the quiet hours. */
export function referralConfirmationTime(channel: ReminderChannelName, settings: ReminderSettings, zone: string, now: Date): Date {
  const at = DateTime.fromJSDate(now, { zone });
  return (channel === 'sms' ? afterQuietHours(at, settings.smsQuietHours) : at).toJSDate();
}

function deliverable(due: DateTime, channel: ReminderChannelName, settings: ReminderSettings, visitStart: Date, now: Date): Date | undefined {
  const at = channel === 'sms' ? afterQuietHours(due, settings.smsQuietHours) : due;
  if (at.toMillis() < now.getTime() || at.toMillis() >= visitStart.getTime()) return undefined;
  return at.toJSDate();
}

/** `at`, or the end of the quiet hours it falls in (which may span midnight, like 21:00–08:00). */
function afterQuietHours(at: DateTime, quiet: { start: string; end: string }): DateTime {
  const clock = at.toFormat('HH:mm');
  const [endHour, endMinute] = quiet.end.split(':').map(Number);
  const endOf = (day: DateTime) => day.set({ hour: endHour, minute: endMinute, second: 0, millisecond: 0 });
  if (quiet.start <= quiet.end) return clock >= quiet.start && clock < quiet.end ? endOf(at) : at;
  if (clock >= quiet.start) return endOf(at.plus({ days: 1 }));
  if (clock < quiet.end) return endOf(at);
  return at;
}
