import { UnavailableTime } from '../time/free-time';
import { ClosedDays } from '../time/holidays';
import { Interval } from '../time/interval';
import { VisitRuleBreach, visitRuleBreaches, VisitRules } from '../rules/visit-rules';
import { PlannerRoom, PlannerStaff } from './resources';

/**
 * The planners' side of the one visit-rule checker (rules/visit-rules.ts): a planned visit is checked
 * against the request it was planned from, and each breach is worded the way the planners' rule
 * checkers (and so the API's 422 answers on an edited plan) have always put it. What differs between
 * an assessment visit and an individual one is data: its length, room kind, discipline and how
 * strictly the room is looked at.
 */

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

/** The rule problems of one planned visit, without saying which visit (the caller describes it). */
export function plannedVisitProblems(
  request: PlanningRules,
  visit: Interval & { roomId: string; staffIds: readonly string[] },
  { roomKind, busyOfWrongKind, ...requirements }: VisitRequirements,
): string[] {
  const breaches = visitRuleBreaches(visit, {
    ...requirements,
    zone: request.zone,
    closedDays: request.closedDays,
    room: { id: visit.roomId, rooms: request.rooms, kind: roomKind, busyOfWrongKind },
    patient: { busy: request.patientBusy, unavailable: request.patientUnavailable ?? [] },
    staff: visit.staffIds.map((id) => request.staff.find((candidate) => candidate.id === id) ?? id),
    gridMinutes: request.slotStepMinutes,
  });
  return breaches.map(plannerWording);
}

function plannerWording(breach: VisitRuleBreach): string {
  switch (breach.rule) {
    case 'length':
      return `must last ${breach.minutes} minutes`;
    case 'end-after-start':
      return 'must end after it starts';
    case 'one-day':
      return 'must end on the day it starts';
    case 'site-closed':
      return `the site is closed (${breach.reason})`;
    case 'unknown-room':
      return `unknown room ${breach.roomId}`;
    case 'room-kind':
      return `room ${breach.roomId} is of kind ${breach.kind}, not ${breach.required}`;
    case 'room-busy':
      return `room ${breach.roomId} is busy`;
    case 'patient-busy':
      return 'the patient is busy';
    case 'patient-unavailable':
      return 'the patient is unavailable';
    case 'unknown-staff':
      return `unknown staff member ${breach.staffId}`;
    case 'discipline':
      return `${breach.member.name} is not a ${breach.discipline}`;
    case 'not-working':
      return `${breach.member.name} does not work then`;
    case 'off-grid':
      return `not on the ${breach.gridMinutes}-minute grid of ${breach.member.name}'s working hours`;
    case 'staff-busy':
      return `${breach.member.name} is busy`;
    case 'staff-absent':
      return `${breach.member.name} is absent (${breach.absence.reason})`;
  }
}
