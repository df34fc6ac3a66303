import { overlaps } from '../../time/interval';
import { addDays, LocalDate, localDateOf, localTimeOf } from '../../time/local-time';
import { plannedVisitProblems } from '../visit-violations';
import { IndividualPlanRequest, PlannedIndividualVisit } from './request';

/**
 * The independent rule checker of an individual plan: it judges the planner in tests and a plan a
 * coordinator edited (the service answers 422 with these texts). Each visit's own rules come from
 * the one visit-rule checker; the week a visit belongs to, the mix, overlaps between the plan's
 * visits and visits a day are the program's own.
 */

/**
 * Every rule a planned (or moved) visit must obey, checked directly against the request without the
 * planner's machinery. Goals (weekly counts, mix, continuity) are not rules and are not checked.
 * Empty = valid.
 */
export function individualPlanViolations(request: IndividualPlanRequest, visits: readonly PlannedIndividualVisit[]): string[] {
  const violations: string[] = [];
  for (const visit of visits) violations.push(...visitViolations(request, visit));
  visits.forEach((a, i) =>
    visits.slice(i + 1).forEach((b) => {
      if (overlaps(a, b)) violations.push(`${describe(request, a)} overlaps ${describe(request, b)}`);
    }),
  );
  const perDay = new Map<LocalDate, number>();
  for (const visit of visits) {
    const date = localDateOf(visit.start, request.zone);
    perDay.set(date, (perDay.get(date) ?? 0) + 1);
  }
  for (const [date, count] of perDay) {
    if (count > request.maxVisitsPerDay) violations.push(`${count} visits on ${date}, at most ${request.maxVisitsPerDay} allowed`);
  }
  return violations;
}

function describe(request: IndividualPlanRequest, visit: PlannedIndividualVisit): string {
  const { zone } = request;
  return `week ${visit.week} ${visit.discipline} visit ${localDateOf(visit.start, zone)} ${localTimeOf(visit.start, zone)}–${localTimeOf(visit.end, zone)}`;
}

function visitViolations(request: IndividualPlanRequest, visit: PlannedIndividualVisit): string[] {
  const problems: string[] = [];
  if (!Number.isInteger(visit.week) || visit.week < 1 || visit.week > request.weeks) {
    problems.push(`week must be 1–${request.weeks}`);
  } else {
    const date = localDateOf(visit.start, request.zone);
    const first = addDays(request.startDate, 7 * (visit.week - 1));
    const last = addDays(first, 6);
    if (date < first || date > last) problems.push(`not in week ${visit.week} (${first}–${last})`);
  }
  const entry = request.mix.find((candidate) => candidate.discipline === visit.discipline);
  if (!entry) problems.push(`${visit.discipline} is not in the mix`);
  problems.push(
    ...plannedVisitProblems(
      request,
      { ...visit, staffIds: [visit.staffId] },
      { minutes: entry?.minutes, roomKind: entry?.roomKind, discipline: visit.discipline, endAfterStart: true, busyOfWrongKind: true },
    ),
  );
  // Described only when something is wrong: the description costs three time-zone conversions.
  if (problems.length === 0) return [];
  const what = describe(request, visit);
  return problems.map((problem) => `${what}: ${problem}`);
}
