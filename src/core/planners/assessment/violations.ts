import { addOpenWeekdays } from '../../time/holidays';
import { overlaps } from '../../time/interval';
import { addDays, LocalDate, localDateOf, localTimeOf } from '../../time/local-time';
import { Discipline } from '../../vocabulary';
import { plannedVisitProblems } from '../visit-violations';
import { label } from './reasons';
import { AssessmentPlanRequest, DEFAULT_ROOM_KIND, DEFAULT_VISIT_MINUTES, PlannedVisit } from './request';

/**
 * The independent rule checker of a whole assessment: checked directly against the request, without
 * the planner's machinery, so that it can judge the planner (tests) and a plan a coordinator edited
 * (the service answers 422 with these texts). Each visit's own rules come from the one visit-rule
 * checker; what is the assessment's own (one visit per discipline, the preferred staff, the window,
 * visits a day, the feedback's partners and timing) is checked here.
 */

/**
 * Independent rule checker used by tests and by the service to validate an edited plan. Returns a
 * list of human-readable violations (empty = valid). It checks the rules only, not optimality.
 */
export function assessmentPlanViolations(request: AssessmentPlanRequest, visits: readonly PlannedVisit[], feedback: PlannedVisit): string[] {
  const violations: string[] = [];
  const requested = [...new Set(request.disciplines)];
  for (const discipline of requested) {
    const count = visits.filter((visit) => visit.discipline === discipline).length;
    if (count !== 1) violations.push(`expected one ${label(discipline)} visit, found ${count}`);
  }
  for (const visit of visits) {
    if (visit.discipline === 'feedback' || !requested.includes(visit.discipline)) {
      violations.push(`${describeVisit(request, visit)}: not a requested assessment visit`);
    } else {
      violations.push(...assessmentVisitViolations(request, visit));
    }
  }
  violations.push(...patientDayViolations(request, visits, feedback));
  violations.push(...feedbackViolations(request, visits, feedback));
  return violations;
}

function describeVisit(request: AssessmentPlanRequest, visit: PlannedVisit): string {
  const { zone } = request;
  return `${visit.discipline} visit ${localDateOf(visit.start, zone)} ${localTimeOf(visit.start, zone)}–${localTimeOf(visit.end, zone)}`;
}

export function assessmentVisitViolations(request: AssessmentPlanRequest, visit: PlannedVisit): string[] {
  const discipline = visit.discipline as Discipline;
  const what = describeVisit(request, visit);
  const violations: string[] = [];
  if (visit.staffIds.length !== 1) violations.push(`${what}: needs exactly one staff member`);
  const member = request.staff.find((candidate) => candidate.id === visit.staffIds[0]);
  if (member && member.discipline !== discipline) violations.push(`${what}: ${member.name} is not a ${label(discipline)}`);
  const preferred = request.preferredStaff?.[discipline];
  if (preferred !== undefined && visit.staffIds[0] !== preferred) violations.push(`${what}: the preferred ${label(discipline)} is ${preferred}`);

  const date = localDateOf(visit.start, request.zone);
  const lastDate = addDays(request.earliestDate, request.windowDays - 1);
  if (date < request.earliestDate || date > lastDate) violations.push(`${what}: outside the window ${request.earliestDate}–${lastDate}`);
  const minutes = request.visitMinutes[discipline] ?? DEFAULT_VISIT_MINUTES;
  const kind = request.roomKindByDiscipline[discipline] ?? DEFAULT_ROOM_KIND;
  return [...violations, ...visitViolations(request, visit, minutes, kind)];
}

/** Rules shared by assessment visits and the feedback: length, day, staff, room and patient time. */
function visitViolations(request: AssessmentPlanRequest, visit: PlannedVisit, minutes: number, roomKind: string): string[] {
  const problems = plannedVisitProblems(request, visit, { minutes, roomKind, busyOfWrongKind: false });
  if (problems.length === 0) return [];
  const what = describeVisit(request, visit);
  return problems.map((problem) => `${what}: ${problem}`);
}

/** The patient cannot be in two visits at once, nor in more than maxVisitsPerDay assessment visits a day. */
function patientDayViolations(request: AssessmentPlanRequest, visits: readonly PlannedVisit[], feedback: PlannedVisit): string[] {
  const violations: string[] = [];
  const all = [...visits, feedback];
  all.forEach((a, i) =>
    all.slice(i + 1).forEach((b) => {
      if (overlaps(a, b)) violations.push(`${describeVisit(request, a)} overlaps ${describeVisit(request, b)}`);
    }),
  );
  const perDay = new Map<LocalDate, number>();
  for (const visit of visits) {
    const date = localDateOf(visit.start, request.zone);
    perDay.set(date, (perDay.get(date) ?? 0) + 1);
  }
  for (const [date, count] of perDay) {
    if (count > request.maxVisitsPerDay) violations.push(`${count} assessment visits on ${date}, at most ${request.maxVisitsPerDay} allowed`);
  }
  return violations;
}

function feedbackViolations(request: AssessmentPlanRequest, visits: readonly PlannedVisit[], feedback: PlannedVisit): string[] {
  const { zone } = request;
  const what = describeVisit(request, feedback);
  const violations: string[] = [];
  if (feedback.discipline !== 'feedback') violations.push(`${what}: must be the feedback conversation`);
  const physicianVisit = visits.find((visit) => visit.discipline === 'physician');
  const [physician, other] = feedback.staffIds;
  if (feedback.staffIds.length !== 2) violations.push(`${what}: needs exactly the physician and one other clinician`);
  if (!physicianVisit || physician !== physicianVisit.staffIds[0]) violations.push(`${what}: must be with the physician of the physician visit`);
  const others = visits.filter((visit) => visit.discipline !== 'physician').map((visit) => visit.staffIds[0]);
  if (other === physician || !others.includes(other)) violations.push(`${what}: must be with another clinician of this assessment`);

  if (visits.length > 0) {
    const last = visits.reduce((a, b) => (b.end > a.end ? b : a));
    const lastDate = localDateOf(last.start, zone);
    const earliest = addOpenWeekdays(request.closedDays, lastDate, request.feedbackMinWorkingDaysAfter);
    const date = localDateOf(feedback.start, zone);
    if (date < earliest || feedback.start < last.end) violations.push(`${what}: must be on or after ${earliest}, after the last visit`);
  }
  const deadline = addDays(request.earliestDate, request.windowDays - 1 + request.feedbackExtraDays);
  if (localDateOf(feedback.end - 1, zone) > deadline) violations.push(`${what}: must end by the end of ${deadline}`);
  return [...violations, ...visitViolations(request, feedback, request.feedbackMinutes, request.feedbackRoomKind)];
}
