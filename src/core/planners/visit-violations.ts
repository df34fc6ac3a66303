import { CodedProblem, problemAt } from '../problem-codes';
import { UnavailableTime } from '../time/free-time';
import { ClosedDays } from '../time/holidays';
import { Interval, overlaps } from '../time/interval';
import { LocalDate, localDateOf, localTimeOf } from '../time/local-time';
import { VisitRuleBreach, visitRuleBreaches, VisitRules } from '../rules/visit-rules';
import { PlannerRoom, PlannerStaff } from './resources';

/**
 * The planners' side of the one visit-rule checker (rules/visit-rules.ts): a planned visit is checked
 * against the request it was planned from, and each breach is a coded problem naming the visit by
 * its discipline, date and times (the API's 422 on an edited plan, a move's reasons). What differs
 * between an assessment visit and an individual one is data: its length, room kind, discipline and
 * how strictly the room is looked at. The overlaps and the busy days of a plan's visits are told
 * here too, as both checkers tell them.
 */

/** The field a rule checker's problems are on: the plan's visits (a move's preview puts them on `start`). */
export const VISITS_FIELD = 'visits';

/** What of a planning request the visit rules read. */
export interface PlanningRules {
  zone: string;
  closedDays: ClosedDays;
  slotStepMinutes: number;
  patientBusy: readonly Interval[];
  patientUnavailable?: readonly UnavailableTime[];
  staff: readonly PlannerStaff[];
  rooms: readonly PlannerRoom[];
}

/** What this kind of visit must be, beyond the rules every visit keeps. */
export type VisitRequirements = Pick<VisitRules, 'minutes' | 'discipline' | 'endAfterStart'> & {
  roomKind?: string;
  busyOfWrongKind: boolean;
};

/** A visit of a plan as the checkers see it. */
export type CheckedVisit = Interval & { discipline: string };

/** How a problem names its visit (more may ride along, such as an individual visit's week). */
export interface VisitName {
  discipline: string;
  date: LocalDate;
  start: string;
  end: string;
  [more: string]: string | number;
}

/**
 * A rule a visit breaks, worded once the visit's name is known. Naming a visit takes three
 * time-zone conversions, and a checker judging a planner's candidates meets mostly visits that keep
 * every rule: so a checker collects findings and names the visit only when there is one (namedProblems).
 */
export type VisitFinding = (visit: VisitName) => CodedProblem;

export function visitName(zone: string, visit: CheckedVisit): VisitName {
  return { discipline: visit.discipline, date: localDateOf(visit.start, zone), start: localTimeOf(visit.start, zone), end: localTimeOf(visit.end, zone) };
}

/** The findings about one visit as problems; the visit is named once, and only when something is wrong. */
export function namedProblems(zone: string, visit: CheckedVisit, findings: readonly VisitFinding[], more: Record<string, string | number> = {}): CodedProblem[] {
  if (findings.length === 0) return [];
  const name = { ...visitName(zone, visit), ...more };
  return findings.map((finding) => finding(name));
}

/** The calendar rules one planned visit breaks (length, day, room, patient and staff time), as findings. */
export function plannedVisitFindings(
  request: PlanningRules,
  visit: Interval & { roomId: string; staffIds: readonly string[] },
  { roomKind, busyOfWrongKind, ...requirements }: VisitRequirements,
): VisitFinding[] {
  const breaches = visitRuleBreaches(visit, {
    ...requirements,
    zone: request.zone,
    closedDays: request.closedDays,
    room: { id: visit.roomId, rooms: request.rooms, kind: roomKind, busyOfWrongKind },
    patient: { busy: request.patientBusy, unavailable: request.patientUnavailable ?? [] },
    staff: visit.staffIds.map((id) => request.staff.find((candidate) => candidate.id === id) ?? id),
    gridMinutes: request.slotStepMinutes,
  });
  return breaches.map(breachFinding);
}

function breachFinding(breach: VisitRuleBreach): VisitFinding {
  switch (breach.rule) {
    case 'length':
      return (visit) => problemAt(VISITS_FIELD, 'visit.wrong_length', { ...visit, minutes: breach.minutes });
    case 'end-after-start':
      return (visit) => problemAt(VISITS_FIELD, 'visit.ends_before_start', visit);
    case 'one-day':
      return (visit) => problemAt(VISITS_FIELD, 'visit.other_day', visit);
    case 'site-closed':
      return (visit) => problemAt(VISITS_FIELD, 'booking.site_closed', { ...visit, reason: breach.reason });
    case 'unknown-room':
      return (visit) => problemAt(VISITS_FIELD, 'site.not_a_room', { ...visit, roomId: breach.roomId });
    case 'room-kind':
      return (visit) => problemAt(VISITS_FIELD, 'visit.room_kind', { ...visit, roomId: breach.roomId, kind: breach.kind, required: breach.required });
    case 'room-busy':
      return (visit) => problemAt(VISITS_FIELD, 'visit.room_busy', { ...visit, roomId: breach.roomId });
    case 'patient-busy':
      return (visit) => problemAt(VISITS_FIELD, 'visit.patient_busy', visit);
    case 'patient-unavailable':
      return (visit) => problemAt(VISITS_FIELD, 'visit.patient_unavailable', visit);
    case 'unknown-staff':
      return (visit) => problemAt(VISITS_FIELD, 'site.not_a_staff_member', { ...visit, staffId: breach.staffId });
    case 'discipline':
      return wrongDiscipline(breach.member.name);
    case 'not-working':
      return (visit) => problemAt(VISITS_FIELD, 'booking.staff_not_working', { ...visit, staff: breach.member.name });
    case 'off-grid':
      return (visit) => problemAt(VISITS_FIELD, 'visit.off_grid', { ...visit, staff: breach.member.name, gridMinutes: breach.gridMinutes });
    case 'staff-busy':
      return (visit) => problemAt(VISITS_FIELD, 'booking.staff_busy', { ...visit, staff: breach.member.name });
    case 'staff-absent':
      return (visit) => problemAt(VISITS_FIELD, 'booking.staff_absent', { ...visit, staff: breach.member.name, reason: breach.absence.reason });
  }
}

/** The visit is with `staff`, who is not of its discipline (the assessment checker finds this itself). */
export function wrongDiscipline(staff: string): VisitFinding {
  return (visit) => problemAt(VISITS_FIELD, 'visit.wrong_discipline', { ...visit, staff });
}

/** `visit` overlaps each of `others` it meets: the patient cannot be in two visits at once. */
export function overlapProblems(zone: string, visit: CheckedVisit, others: readonly CheckedVisit[]): CodedProblem[] {
  return others
    .filter((other) => overlaps(visit, other))
    .map((other) => {
      const { discipline, date, start, end } = visitName(zone, other);
      return problemAt(VISITS_FIELD, 'visit.overlaps', { ...visitName(zone, visit), otherDiscipline: discipline, otherDate: date, otherStart: start, otherEnd: end });
    });
}

/** Every pair of `visits` that overlaps, each pair once. */
export function overlappingPairProblems(zone: string, visits: readonly CheckedVisit[]): CodedProblem[] {
  return visits.flatMap((visit, i) => overlapProblems(zone, visit, visits.slice(i + 1)));
}

/** The local dates with more than `max` of `visits`, and how many they have. */
export function crowdedDays(zone: string, visits: readonly Interval[], max: number): { date: LocalDate; count: number }[] {
  const perDay = new Map<LocalDate, number>();
  for (const visit of visits) {
    const date = localDateOf(visit.start, zone);
    perDay.set(date, (perDay.get(date) ?? 0) + 1);
  }
  return [...perDay].filter(([, count]) => count > max).map(([date, count]) => ({ date, count }));
}
