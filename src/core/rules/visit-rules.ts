import { UnavailableTime, unavailablePeriods } from '../time/free-time';
import { ClosedDays } from '../time/holidays';
import { contains, Interval, overlaps } from '../time/interval';
import { LocalDate, localDateOf } from '../time/local-time';
import { WorkingHoursBlock, workingIntervals } from '../time/working-hours';

/**
 * The one checker of the calendar rules a single visit obeys: length, one local day, the site open,
 * the room, the patient's time, and each staff member on duty, on the slot grid, free and present.
 * A booking and a planned visit obey the same rules, so BookingService and every planner ask this
 * checker; each says what it knows (a booking has no room kinds, a plan no absences apart from busy
 * time) and words the answer its own way. Breaches come in a fixed order, so a list of problems
 * reads the same every time.
 */

export interface Absence extends Interval {
  reason: string;
}

/** A staff member as the rules see them. */
export interface RuleStaff {
  name: string;
  discipline?: string;
  workingHours: readonly WorkingHoursBlock[];
  busy?: readonly Interval[];
  absences?: readonly Absence[];
}

export interface VisitRules {
  zone: string;
  /** The site's closed days; not checked when left out (a group session is dated on open days only). */
  closedDays?: ClosedDays;
  /** The visit's length; not checked when left out. */
  minutes?: number;
  /** A visit that does not end after it starts breaks a rule of its own (where no length says so). */
  endAfterStart?: boolean;
  room?: {
    id: string;
    rooms: readonly { id: string; kind: string; busy: readonly Interval[] }[];
    /** The kind it must be; any kind when left out. */
    kind?: string;
    /** Whether a room of the wrong kind is still checked for being busy (one finding is enough for some). */
    busyOfWrongKind: boolean;
  };
  patient?: { busy: readonly Interval[]; unavailable: readonly UnavailableTime[] };
  /** The visit's staff in order: a member, or the id of one nobody knows. */
  staff: readonly (RuleStaff | string)[];
  /** The discipline each staff member must be of. */
  discipline?: string;
  /** Visits start on this grid (minutes) from the start of the first staff member's working interval. */
  gridMinutes?: number;
}

export type VisitRuleBreach =
  | { rule: 'length'; minutes: number }
  | { rule: 'end-after-start' }
  | { rule: 'one-day'; date: LocalDate }
  | { rule: 'site-closed'; date: LocalDate; reason: string }
  | { rule: 'unknown-room'; roomId: string }
  | { rule: 'room-kind'; roomId: string; kind: string; required: string }
  | { rule: 'room-busy'; roomId: string }
  | { rule: 'patient-busy' }
  | { rule: 'patient-unavailable' }
  | { rule: 'unknown-staff'; staffId: string }
  | { rule: 'discipline'; member: RuleStaff; discipline: string }
  | { rule: 'not-working'; member: RuleStaff }
  | { rule: 'off-grid'; member: RuleStaff; gridMinutes: number }
  | { rule: 'staff-busy'; member: RuleStaff }
  | { rule: 'staff-absent'; member: RuleStaff; absence: Absence };

const MINUTE = 60_000;

/** Every rule `visit` breaks; empty when it keeps them all. */
export function visitRuleBreaches(visit: Interval, rules: VisitRules): VisitRuleBreach[] {
  const { zone } = rules;
  const breaches: VisitRuleBreach[] = [];
  if (rules.minutes !== undefined && visit.end - visit.start !== rules.minutes * MINUTE) breaches.push({ rule: 'length', minutes: rules.minutes });
  if (rules.endAfterStart && !(visit.end > visit.start)) breaches.push({ rule: 'end-after-start' });
  const date = localDateOf(visit.start, zone);
  if (localDateOf(visit.end - 1, zone) !== date) breaches.push({ rule: 'one-day', date });
  const closed = rules.closedDays?.reason(date);
  if (closed !== undefined) breaches.push({ rule: 'site-closed', date, reason: closed });

  if (rules.room) breaches.push(...roomBreaches(visit, rules.room));
  if (rules.patient) {
    if (rules.patient.busy.some((busy) => overlaps(busy, visit))) breaches.push({ rule: 'patient-busy' });
    if (unavailablePeriods(rules.patient.unavailable, date, zone).some((period) => overlaps(period, visit))) breaches.push({ rule: 'patient-unavailable' });
  }

  rules.staff.forEach((member, i) => {
    if (typeof member === 'string') {
      breaches.push({ rule: 'unknown-staff', staffId: member });
      return;
    }
    if (rules.discipline !== undefined && member.discipline !== rules.discipline) breaches.push({ rule: 'discipline', member, discipline: rules.discipline });
    const hours = workingIntervals(member.workingHours, date, zone).find((interval) => contains(interval, visit));
    if (!hours) breaches.push({ rule: 'not-working', member });
    // Slots are on the grid of the (first) staff member's working interval.
    else if (i === 0 && rules.gridMinutes !== undefined && (visit.start - hours.start) % (rules.gridMinutes * MINUTE) !== 0) {
      breaches.push({ rule: 'off-grid', member, gridMinutes: rules.gridMinutes });
    }
    if (member.busy?.some((busy) => overlaps(busy, visit))) breaches.push({ rule: 'staff-busy', member });
    const absence = member.absences?.find((a) => overlaps(a, visit));
    if (absence) breaches.push({ rule: 'staff-absent', member, absence });
  });
  return breaches;
}

function roomBreaches(visit: Interval, { id, rooms, kind, busyOfWrongKind }: NonNullable<VisitRules['room']>): VisitRuleBreach[] {
  const room = rooms.find((candidate) => candidate.id === id);
  if (!room) return [{ rule: 'unknown-room', roomId: id }];
  const breaches: VisitRuleBreach[] = [];
  if (kind !== undefined && room.kind !== kind) {
    breaches.push({ rule: 'room-kind', roomId: room.id, kind: room.kind, required: kind });
    if (!busyOfWrongKind) return breaches;
  }
  if (room.busy.some((busy) => overlaps(busy, visit))) breaches.push({ rule: 'room-busy', roomId: room.id });
  return breaches;
}
