import ical, { ICalEventStatus } from 'ical-generator';
import type { AppointmentKind, AppointmentStatus, Discipline } from '../vocabulary';
import { disciplineLabel, visitLabel } from './visit-label';

/** An appointment as calendars show it, with names resolved; who may see which patient names is decided later. */
export interface CalendarEntry {
  id: string;
  kind: AppointmentKind;
  status: AppointmentStatus;
  start: Date;
  end: Date;
  updatedAt: Date;
  /** Counted up by the database on every change of time, room or status (iCalendar's SEQUENCE). */
  revision: number;
  siteName: string;
  timeZone: string;
  room: { id: string; name: string } | null;
  staff: { id: string; name: string; discipline: Discipline }[];
  /** interpreterLanguage: the patient register's, null when no interpreter is needed. */
  patients: { id: string; name: string; interpreterLanguage: string | null }[];
  assessment: { id: string; part: string } | null;
  /** name: the group program's, as the unit named it ("Smärtskola"). */
  groupProgram: { id: string; sessionNumber: number; name: string } | null;
  individualProgramId: string | null;
}

/** "Anna-Karin Berg" → "A.B.": enough for a clinician who knows the patient, not enough for anyone else. */
export function initialsOf(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .map((part) => `${part[0].toLocaleUpperCase('sv-SE')}.`)
    .join('');
}

/** Whose calendar a feed is: a staff member's shows patients by initials, a patient's shows nobody else. */
export type FeedAudience = 'staff' | 'patient';

/**
 * How often a subscribed app should fetch the feed again: said in the feed (REFRESH-INTERVAL, and
 * Outlook's X-PUBLISHED-TTL) and in the answer's Cache-Control, so apps and caches agree.
 */
export const FEED_REFRESH_SECONDS = 300;

/**
 * An iCalendar (RFC 5545) feed. Each event's UID is its appointment's, so an app that fetches the
 * feed again updates events instead of adding copies; cancelled visits stay in with
 * STATUS:CANCELLED so that apps remove them. Times are UTC, which every app converts to local time.
 * No personal identity numbers, and no patient names: a subscribed calendar leaves the hospital.
 */
export function toICalendar(name: string, entries: readonly CalendarEntry[], audience: FeedAudience): string {
  const calendar = ical({ name, prodId: { company: 'rehab-scheduler', product: 'calendar', language: 'SV' }, ttl: FEED_REFRESH_SECONDS });
  for (const entry of entries) {
    const who =
      audience === 'staff'
        ? entry.patients.map((patient) => initialsOf(patient.name)).join(', ')
        : entry.staff.map((member) => `${member.name} (${disciplineLabel(member.discipline)})`).join(', ');
    calendar.createEvent({
      id: `${entry.id}@rehab-scheduler`,
      sequence: entry.revision,
      stamp: entry.updatedAt,
      start: entry.start,
      end: entry.end,
      summary: who ? `${visitLabel(entry)} – ${who}` : visitLabel(entry),
      location: [entry.room?.name, entry.siteName].filter(Boolean).join(', '),
      status: entry.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
  }
  // Every content line ends with CRLF (RFC 5545 §3.1), the last one too; ical-generator leaves it off.
  return `${calendar.toString()}\r\n`;
}
