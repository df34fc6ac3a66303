import { addDays } from '../../time/local-time';
import { Discipline } from '../../vocabulary';
import { AssessmentCalendar } from './assessment-calendar';
import { bitCount, coverableSets } from './packing';
import { AssessmentPlanReason } from './request';
import { Completion, Restriction } from './search-types';

/**
 * Why no plan exists, in English a coordinator can act on: what the request lacks, which disciplines
 * have no room in the window, or that the feedback finds no time. These reach the API's answers.
 */

export function label(discipline: Discipline): string {
  return discipline.replace('_', ' ');
}

/** Problems visible before any search: no physician, nobody of a discipline, an unknown preferred member. */
export function requestProblems(calendar: AssessmentCalendar): AssessmentPlanReason[] {
  const { staff, preferredStaff } = calendar.request;
  const reasons: AssessmentPlanReason[] = [];
  if (!calendar.disciplines.includes('physician')) {
    reasons.push({ discipline: 'feedback', problem: 'the feedback conversation needs a physician visit, but none was requested' });
  } else if (calendar.disciplines.length < 2) {
    reasons.push({ discipline: 'feedback', problem: 'the feedback conversation needs a second assessing clinician besides the physician' });
  }
  for (const discipline of calendar.disciplines) {
    const preferred = preferredStaff?.[discipline];
    if (preferred !== undefined && !staff.some((member) => member.id === preferred && member.discipline === discipline)) {
      reasons.push({ discipline, problem: `the preferred ${label(discipline)} ${preferred} is not a ${label(discipline)} on the staff` });
    } else if (!staff.some((member) => member.discipline === discipline)) {
      reasons.push({ discipline, problem: `no ${label(discipline)} on the staff` });
    }
  }
  return reasons;
}

/**
 * Why no complete assessment fits the window: each discipline without any slot, or else the smallest
 * group of disciplines that cannot all be seen (too few days between them for maxVisitsPerDay).
 */
export function capacityProblems(calendar: AssessmentCalendar, allowed: Restriction): AssessmentPlanReason[] {
  const { earliestDate, windowDays, maxVisitsPerDay, preferredStaff, staff } = calendar.request;
  const span = `between ${earliestDate} and ${addDays(earliestDate, windowDays - 1)}`;
  const coverable = coverableSets(calendar, allowed);
  const alone = calendar.disciplines.flatMap((discipline, i) => {
    if (coverable[1 << i]) return [];
    const slot = `free ${calendar.roomKind(discipline)} slot ${span}`;
    const problem =
      preferredStaff?.[discipline] !== undefined
        ? `the preferred ${label(discipline)} ${staff[allowed[i][0]].name} has no ${slot}`
        : `no ${label(discipline)} with a ${slot}`;
    return [{ discipline, problem }];
  });
  if (alone.length > 0) return alone;

  const smallest = coverable
    .map((_, set) => set)
    .filter((set) => !coverable[set])
    .sort((a, b) => bitCount(a) - bitCount(b))[0];
  const group = calendar.disciplines.filter((_, i) => smallest & (1 << i));
  const names = group.map(label).join(', ');
  const perDay = maxVisitsPerDay === 1 ? 'one visit a day' : `${maxVisitsPerDay} visits a day`;
  return group.map((discipline) => ({ discipline, problem: `the ${names} visits do not all fit ${span} with at most ${perDay}` }));
}

export function feedbackProblem(calendar: AssessmentCalendar, earliest: Completion): AssessmentPlanReason {
  const { feedbackMinutes, feedbackRoomKind } = calendar.request;
  const fromDay = calendar.workingDaysLater(earliest.day, calendar.request.feedbackMinWorkingDaysAfter);
  const last = calendar.days[calendar.lastDay].date;
  const window = fromDay === undefined ? `by ${last}` : `between ${calendar.days[fromDay].date} and ${last}`;
  return {
    discipline: 'feedback',
    problem: `no time for the feedback conversation ${window}: the physician and another assessing clinician are never free together for ${feedbackMinutes} minutes with a free ${feedbackRoomKind}`,
  };
}
