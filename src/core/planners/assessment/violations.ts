import { CodedProblem, problemAt } from '../../problem-codes';
import { addOpenWeekdays } from '../../time/holidays';
import { addDays, localDateOf } from '../../time/local-time';
import { Discipline } from '../../vocabulary';
import { crowdedDays, namedProblems, overlappingPairProblems, plannedVisitFindings, VisitFinding, VISITS_FIELD, wrongDiscipline } from '../visit-violations';
import { AssessmentPlanRequest, DEFAULT_ROOM_KIND, DEFAULT_VISIT_MINUTES, PlannedVisit } from './request';

/**
 * The independent rule checker of a whole assessment: checked directly against the request, without
 * the planner's machinery, so that it can judge the planner (tests) and a plan a coordinator edited
 * (the service answers 422 with these problems). Each visit's own rules come from the one visit-rule
 * checker; what is the assessment's own (one visit per discipline, the preferred staff, the window,
 * visits a day, the feedback's partners and timing) is checked here.
 */

/**
 * Independent rule checker used by tests and by the service to validate an edited plan. Returns the
 * coded problems, each on the plan's `visits` (empty = valid). It checks the rules only, not optimality.
 */
export function assessmentPlanViolations(request: AssessmentPlanRequest, visits: readonly PlannedVisit[], feedback: PlannedVisit): CodedProblem[] {
  const violations: CodedProblem[] = [];
  const requested = [...new Set(request.disciplines)];
  for (const discipline of requested) {
    const count = visits.filter((visit) => visit.discipline === discipline).length;
    if (count === 0) violations.push(problemAt(VISITS_FIELD, 'assessment.part_missing', { part: discipline }));
    if (count > 1) violations.push(problemAt(VISITS_FIELD, 'assessment.part_twice', { part: discipline, count }));
  }
  for (const visit of visits) {
    if (visit.discipline === 'feedback' || !requested.includes(visit.discipline)) {
      violations.push(...namedProblems(request.zone, visit, [(name) => problemAt(VISITS_FIELD, 'assessment.visit_not_requested', name)]));
    } else {
      violations.push(...assessmentVisitViolations(request, visit));
    }
  }
  violations.push(...patientDayViolations(request, visits, feedback));
  violations.push(...feedbackViolations(request, visits, feedback));
  return violations;
}

/** The rules one assessment visit keeps: its one clinician of its discipline (the preferred one, if any), the window, and the calendar's. */
export function assessmentVisitViolations(request: AssessmentPlanRequest, visit: PlannedVisit): CodedProblem[] {
  const discipline = visit.discipline as Discipline;
  const findings: VisitFinding[] = [];
  if (visit.staffIds.length !== 1) findings.push((name) => problemAt(VISITS_FIELD, 'assessment.visit_one_staff', name));
  const member = request.staff.find((candidate) => candidate.id === visit.staffIds[0]);
  if (member && member.discipline !== discipline) findings.push(wrongDiscipline(member.name));
  const preferredId = request.preferredStaff?.[discipline];
  if (preferredId !== undefined && visit.staffIds[0] !== preferredId) {
    // A preferred member not on the staff is told by its id: there is no name to give.
    const preferred = request.staff.find((candidate) => candidate.id === preferredId)?.name ?? preferredId;
    findings.push((name) => problemAt(VISITS_FIELD, 'assessment.visit_not_preferred', { ...name, preferred, preferredStaffId: preferredId }));
  }

  const date = localDateOf(visit.start, request.zone);
  const last = addDays(request.earliestDate, request.windowDays - 1);
  if (date < request.earliestDate || date > last) findings.push((name) => problemAt(VISITS_FIELD, 'assessment.visit_outside_window', { ...name, first: request.earliestDate, last }));
  const minutes = request.visitMinutes[discipline] ?? DEFAULT_VISIT_MINUTES;
  const roomKind = request.roomKindByDiscipline[discipline] ?? DEFAULT_ROOM_KIND;
  findings.push(...plannedVisitFindings(request, visit, { minutes, roomKind, busyOfWrongKind: false }));
  return namedProblems(request.zone, visit, findings);
}

/**
 * The patient cannot be in two visits at once (`visits` and the feedback, if given), nor in more
 * than maxVisitsPerDay assessment visits a day.
 */
export function patientDayViolations(request: AssessmentPlanRequest, visits: readonly PlannedVisit[], feedback?: PlannedVisit): CodedProblem[] {
  return [...overlappingPairProblems(request.zone, feedback ? [...visits, feedback] : visits), ...crowdedDayViolations(request, visits)];
}

/** The days with more assessment visits than maxVisitsPerDay. */
export function crowdedDayViolations(request: AssessmentPlanRequest, visits: readonly PlannedVisit[]): CodedProblem[] {
  const max = request.maxVisitsPerDay;
  return crowdedDays(request.zone, visits, max).map(({ date, count }) => problemAt(VISITS_FIELD, 'assessment.visits_a_day', { count, date, max }));
}

function feedbackViolations(request: AssessmentPlanRequest, visits: readonly PlannedVisit[], feedback: PlannedVisit): CodedProblem[] {
  const { zone } = request;
  const findings: VisitFinding[] = [];
  const rule = (code: 'assessment.not_feedback' | 'assessment.feedback_two_staff' | 'assessment.feedback_physician' | 'assessment.feedback_other_clinician'): VisitFinding => (name) => problemAt(VISITS_FIELD, code, name);
  if (feedback.discipline !== 'feedback') findings.push(rule('assessment.not_feedback'));
  const physicianVisit = visits.find((visit) => visit.discipline === 'physician');
  const [physician, other] = feedback.staffIds;
  if (feedback.staffIds.length !== 2) findings.push(rule('assessment.feedback_two_staff'));
  if (!physicianVisit || physician !== physicianVisit.staffIds[0]) findings.push(rule('assessment.feedback_physician'));
  const others = visits.filter((visit) => visit.discipline !== 'physician').map((visit) => visit.staffIds[0]);
  if (other === physician || !others.includes(other)) findings.push(rule('assessment.feedback_other_clinician'));

  if (visits.length > 0) {
    const last = visits.reduce((a, b) => (b.end > a.end ? b : a));
    const lastDate = localDateOf(last.start, zone);
    const earliest = addOpenWeekdays(request.closedDays, lastDate, request.feedbackMinWorkingDaysAfter);
    const date = localDateOf(feedback.start, zone);
    if (date < earliest || feedback.start < last.end) findings.push((name) => problemAt(VISITS_FIELD, 'assessment.feedback_too_early', { ...name, earliest }));
  }
  const deadline = addDays(request.earliestDate, request.windowDays - 1 + request.feedbackExtraDays);
  if (localDateOf(feedback.end - 1, zone) > deadline) findings.push((name) => problemAt(VISITS_FIELD, 'assessment.feedback_too_late', { ...name, deadline }));
  findings.push(...plannedVisitFindings(request, feedback, { minutes: request.feedbackMinutes, roomKind: request.feedbackRoomKind, busyOfWrongKind: false }));
  return namedProblems(zone, feedback, findings);
}
