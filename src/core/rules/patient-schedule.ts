import { DateTime } from 'luxon';
import type { AppointmentKind, Discipline } from '../vocabulary';
import { disciplineLabel, visitLabel } from './visit-label';

/** A coming visit as the patient's printed schedule shows it. */
export interface ScheduledVisit {
  kind: AppointmentKind;
  assessment: { part: string } | null;
  groupProgram: { sessionNumber: number } | null;
  start: Date;
  end: Date;
  /** The site's zone: the time on paper is the time on the unit's clock. */
  zone: string;
  siteName: string;
  roomName: string | null;
  disciplines: Discipline[];
}

/** What the printed schedule says, in Swedish, line by line; the PDF only lays it out. */
export interface PatientSchedule {
  title: string;
  patientName: string;
  visits: string[];
  howToCancel: string;
}

/**
 * The patient's schedule in Swedish: each coming visit with its local date and time, the place
 * (site, room) and the professions they meet, and how to cancel (the unit's phone when the site
 * has one, else the site's own words for its reminders).
 */
export function patientSchedule(input: {
  patientName: string;
  siteName: string;
  visits: readonly ScheduledVisit[];
  phone: string | null;
  howToCancel: string;
}): PatientSchedule {
  return {
    title: `Dina besök – ${input.siteName}`,
    patientName: input.patientName,
    visits: input.visits.map(visitLine),
    howToCancel: input.phone ? `Om du inte kan komma: ring ${input.phone} så snart som möjligt.` : input.howToCancel,
  };
}

function visitLine(visit: ScheduledVisit): string {
  const start = DateTime.fromJSDate(visit.start, { zone: visit.zone }).setLocale('sv');
  const end = DateTime.fromJSDate(visit.end, { zone: visit.zone });
  const place = [visit.siteName, visit.roomName].filter(Boolean).join(', ');
  const who = [...new Set(visit.disciplines)].map(disciplineLabel).join(', ');
  return `${start.toFormat("cccc d LLLL yyyy 'kl.' HH:mm")}–${end.toFormat('HH:mm')}: ${visitLabel(visit)}, ${place}${who ? ` (${who})` : ''}`;
}
