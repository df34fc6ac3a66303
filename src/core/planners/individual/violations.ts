import { CodedProblem, problemAt } from '../../problem-codes';
import { addDays, localDateOf } from '../../time/local-time';
import { crowdedDays, namedProblems, overlappingPairProblems, plannedVisitFindings, VisitFinding, VISITS_FIELD } from '../visit-violations';
import { IndividualPlanRequest, PlannedIndividualVisit } from './request';

/**
 * The independent rule checker of an individual plan: it judges the planner in tests and a plan a
 * coordinator edited (the service answers 422 with these problems). Each visit's own rules come from
 * the one visit-rule checker; the week a visit belongs to, the mix, overlaps between the plan's
 * visits and visits a day are the program's own.
 */

/**
 * Every rule a planned (or moved) visit must obey, checked directly against the request without the
 * planner's machinery, as coded problems on the plan's `visits`. Goals (weekly counts, mix,
 * continuity) are not rules and are not checked. Empty = valid.
 */
export function individualPlanViolations(request: IndividualPlanRequest, visits: readonly PlannedIndividualVisit[]): CodedProblem[] {
  const max = request.maxVisitsPerDay;
  return [
    ...visits.flatMap((visit) => visitViolations(request, visit)),
    ...overlappingPairProblems(request.zone, visits),
    ...crowdedDays(request.zone, visits, max).map(({ date, count }) => problemAt(VISITS_FIELD, 'individual.visits_a_day', { count, date, max })),
  ];
}

function visitViolations(request: IndividualPlanRequest, visit: PlannedIndividualVisit): CodedProblem[] {
  const findings: VisitFinding[] = [];
  const { weeks } = request;
  if (!Number.isInteger(visit.week) || visit.week < 1 || visit.week > weeks) {
    findings.push((name) => problemAt(VISITS_FIELD, 'individual.week_out_of_range', { ...name, week: visit.week, weeks }));
  } else {
    const date = localDateOf(visit.start, request.zone);
    const first = addDays(request.startDate, 7 * (visit.week - 1));
    const last = addDays(first, 6);
    if (date < first || date > last) findings.push((name) => problemAt(VISITS_FIELD, 'individual.not_in_week', { ...name, week: visit.week, first, last }));
  }
  const entry = request.mix.find((candidate) => candidate.discipline === visit.discipline);
  if (!entry) findings.push((name) => problemAt(VISITS_FIELD, 'individual.not_in_mix', name));
  findings.push(
    ...plannedVisitFindings(
      request,
      { ...visit, staffIds: [visit.staffId] },
      { minutes: entry?.minutes, roomKind: entry?.roomKind, discipline: visit.discipline, endAfterStart: true, busyOfWrongKind: true },
    ),
  );
  // Named only when something is wrong (namedProblems): the name costs three time-zone conversions.
  return namedProblems(request.zone, visit, findings, { week: visit.week });
}
