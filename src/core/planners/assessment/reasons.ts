import { Params, ProblemCode, problemText } from '../../problem-codes';
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

/** A reason with its code and parameters, its text made from them. */
function reason(discipline: AssessmentPlanReason['discipline'], code: ProblemCode, params: Params = {}): AssessmentPlanReason {
  return { discipline, problem: problemText(code, params), code, params };
}

export function label(discipline: Discipline): string {
  return discipline.replace('_', ' ');
}

/** Problems visible before any search: no physician, nobody of a discipline, an unknown preferred member. */
export function requestProblems(calendar: AssessmentCalendar): AssessmentPlanReason[] {
  const { staff, preferredStaff } = calendar.request;
  const reasons: AssessmentPlanReason[] = [];
  if (!calendar.disciplines.includes('physician')) {
    reasons.push(reason('feedback', 'assessment.feedback_needs_physician'));
  } else if (calendar.disciplines.length < 2) {
    reasons.push(reason('feedback', 'assessment.feedback_needs_second'));
  }
  for (const discipline of calendar.disciplines) {
    const preferred = preferredStaff?.[discipline];
    if (preferred !== undefined && !staff.some((member) => member.id === preferred && member.discipline === discipline)) {
      reasons.push(reason(discipline, 'assessment.preferred_not_on_staff', { label: label(discipline), preferredStaffId: preferred }));
    } else if (!staff.some((member) => member.discipline === discipline)) {
      reasons.push(reason(discipline, 'assessment.none_on_staff', { label: label(discipline) }));
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
  const span = { from: earliestDate, to: addDays(earliestDate, windowDays - 1) };
  const coverable = coverableSets(calendar, allowed);
  const alone = calendar.disciplines.flatMap((discipline, i) => {
    if (coverable[1 << i]) return [];
    const slot = { label: label(discipline), roomKind: calendar.roomKind(discipline), ...span };
    const member = staff[allowed[i][0]];
    return [
      preferredStaff?.[discipline] !== undefined
        ? reason(discipline, 'assessment.preferred_no_slot', { ...slot, staff: member.name, staffId: member.id })
        : reason(discipline, 'assessment.no_slot', slot),
    ];
  });
  if (alone.length > 0) return alone;

  const smallest = coverable
    .map((_, set) => set)
    .filter((set) => !coverable[set])
    .sort((a, b) => bitCount(a) - bitCount(b))[0];
  const group = calendar.disciplines.filter((_, i) => smallest & (1 << i));
  const names = group.map(label).join(', ');
  return group.map((discipline) =>
    maxVisitsPerDay === 1
      ? reason(discipline, 'assessment.visits_do_not_fit_one_a_day', { names, ...span })
      : reason(discipline, 'assessment.visits_do_not_fit', { names, ...span, max: maxVisitsPerDay }),
  );
}

export function feedbackProblem(calendar: AssessmentCalendar, earliest: Completion): AssessmentPlanReason {
  const { feedbackMinutes, feedbackRoomKind } = calendar.request;
  const fromDay = calendar.workingDaysLater(earliest.day, calendar.request.feedbackMinWorkingDaysAfter);
  const last = calendar.days[calendar.lastDay].date;
  const together = { minutes: feedbackMinutes, roomKind: feedbackRoomKind };
  return fromDay === undefined
    ? reason('feedback', 'assessment.no_feedback_time_by', { last, ...together })
    : reason('feedback', 'assessment.no_feedback_time', { from: calendar.days[fromDay].date, to: last, ...together });
}
