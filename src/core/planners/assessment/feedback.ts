import { gridStart } from '../../time/free-time';
import { AssessmentCalendar } from './assessment-calendar';
import { earliestCompletion } from './packing';
import { Completion, Restriction } from './search-types';

/**
 * Step 3 of the assessment search (see plan.ts): the feedback conversation. Its earliest time for a
 * physician and another clinician after an assessment, and the (physician, other clinician) pairs
 * that reach the earliest feedback, found with lower bounds so most pairs need no exact plan.
 */

const MINUTE = 60_000;

export interface FeedbackSlot {
  day: number;
  start: number;
  end: number;
  roomId: string;
}

/** The first instant the feedback may start after an assessment completed at `completion`. */
function feedbackFrom(calendar: AssessmentCalendar, completion: Completion): { day: number; notBefore: number } | undefined {
  const day = calendar.workingDaysLater(completion.day, calendar.request.feedbackMinWorkingDaysAfter);
  if (day === undefined) return undefined;
  // It sums the assessment up, so on the last visit's own day (0 working days) it comes after it.
  return { day, notBefore: day === completion.day ? completion.end : -Infinity };
}

/**
 * The earliest feedback conversation of `physician` and `other` after `completion`, not before
 * `firstDay`: a time both work and are free, on the physician's slot grid, with a free room of the
 * feedback kind.
 */
export function earliestFeedback(
  calendar: AssessmentCalendar,
  physician: number,
  other: number,
  completion: Completion,
  firstDay = 0,
): FeedbackSlot | undefined {
  const from = feedbackFrom(calendar, completion);
  if (!from) return undefined;
  for (let day = Math.max(from.day, firstDay); day <= calendar.lastDay; day++) {
    if (calendar.days[day].closed) continue;
    calendar.budget.spend();
    const feedback = feedbackOn(calendar, physician, other, day, day === from.day ? from.notBefore : -Infinity);
    if (feedback) return feedback;
  }
  return undefined;
}

/** The earliest feedback conversation of the two on `day` starting at or after `notBefore`. */
function feedbackOn(calendar: AssessmentCalendar, physician: number, other: number, day: number, notBefore: number): FeedbackSlot | undefined {
  const { feedbackMinutes, feedbackRoomKind } = calendar.request;
  const length = feedbackMinutes * MINUTE;
  // Both lists are sorted and disjoint, so their intersections come out in time order.
  for (const mine of calendar.freeTime(physician, day)) {
    for (const theirs of calendar.freeTime(other, day)) {
      const end = Math.min(mine.end, theirs.end);
      const first = gridStart(mine.origin, Math.max(mine.start, theirs.start, notBefore), calendar.stepMs);
      for (let start = first; start + length <= end; start += calendar.stepMs) {
        const roomId = calendar.freeRoom(feedbackRoomKind, start, start + length);
        if (roomId !== undefined) return { day, start, end: start + length, roomId };
      }
    }
  }
  return undefined;
}

/**
 * Each pair's earliest feedback after `completion`, in order of its end and then of the pairs' list;
 * pairs without one never come. Worked out a day at a time for all pairs, and only as far as the
 * caller reads: a feedback on one day ends before any on a later day, so the order is the same as
 * sorting them all, while the search over pairs stops within the first days and pairs that never
 * share free time (half of them on a calendar of mornings and afternoons) are not scanned to the
 * last feedback day.
 */
function* feedbacksInOrder(
  calendar: AssessmentCalendar,
  pairs: readonly { physician: number; other: number }[],
  completion: Completion,
): Generator<{ index: number; feedback: FeedbackSlot }> {
  const from = feedbackFrom(calendar, completion);
  if (!from) return;
  let waiting = pairs.map((_, index) => index);
  for (let day = from.day; day <= calendar.lastDay && waiting.length > 0; day++) {
    if (calendar.days[day].closed) continue;
    calendar.budget.spend();
    const notBefore = day === from.day ? from.notBefore : -Infinity;
    const found: { index: number; feedback: FeedbackSlot }[] = [];
    const still: number[] = [];
    for (const index of waiting) {
      const feedback = feedbackOn(calendar, pairs[index].physician, pairs[index].other, day, notBefore);
      if (feedback) found.push({ index, feedback });
      else still.push(index);
    }
    found.sort((a, b) => a.feedback.end - b.feedback.end || a.index - b.index);
    yield* found;
    waiting = still;
  }
}

/** A physician and another clinician with their earliest joint assessment and feedback. */
export interface Contender {
  physician: number;
  other: number;
  otherDiscipline: number;
  completion: Completion;
  feedback: FeedbackSlot;
}

/** Orders by criterion (a), then (b). */
function compareSpeed(a: { feedback: FeedbackSlot; completion: Completion }, b: { feedback: FeedbackSlot; completion: Completion }): number {
  return a.feedback.end - b.feedback.end || a.completion.end - b.completion.end;
}

/**
 * Every (physician, other clinician) pair whose best plan reaches the optimum of criteria (a) and (b),
 * in the order of their bounds below (then the request's order). Two lower bounds spare most exact
 * evaluations: no pair's assessment ends before the earliest of all (`earliest`), nor before the
 * assessments with only one of the two fixed; the feedback after either is a bound on the pair's.
 * Pairs are taken in order of the first, cheap bound until it is worse than the best pair found;
 * the second is worked out only for those, and the exact plan only when it too can still win.
 * Complete: a pair is skipped only when it provably cannot do better.
 */
export function fastestFeedbackContenders(calendar: AssessmentCalendar, allowed: Restriction, earliest: Completion): Contender[] {
  const physicianPosition = calendar.positionOf('physician');
  const completionWith = new Map<number, Completion | undefined>();
  const completionFixing = (discipline: number, staff: number) => {
    if (!completionWith.has(staff)) completionWith.set(staff, earliestCompletion(calendar, calendar.restrict(allowed, discipline, staff)));
    return completionWith.get(staff);
  };

  const pairs: { physician: number; other: number; otherDiscipline: number }[] = [];
  for (const physician of allowed[physicianPosition]) {
    allowed.forEach((staffList, otherDiscipline) => {
      if (otherDiscipline === physicianPosition) return;
      for (const other of staffList) pairs.push({ physician, other, otherDiscipline });
    });
  }

  let winners: (Contender & { index: number; bound: { completion: Completion; feedback: FeedbackSlot } })[] = [];
  for (const { index, feedback: firstFeedback } of feedbacksInOrder(calendar, pairs, earliest)) {
    const { physician, other, otherDiscipline } = pairs[index];
    const first = { completion: earliest, feedback: firstFeedback };
    if (winners.length > 0 && compareSpeed(first, winners[0]) > 0) break;
    const withPhysician = completionFixing(physicianPosition, physician);
    const withOther = completionFixing(otherDiscipline, other);
    if (!withPhysician || !withOther) continue;
    const fixed = withOther.end > withPhysician.end ? withOther : withPhysician;
    const fixedFeedback = fixed.end === earliest.end ? first.feedback : earliestFeedback(calendar, physician, other, fixed);
    if (!fixedFeedback) continue;
    const bound = { completion: fixed, feedback: fixedFeedback };
    if (winners.length > 0 && compareSpeed(bound, winners[0]) > 0) continue;
    const pairAllowed = calendar.restrict(calendar.restrict(allowed, physicianPosition, physician), otherDiscipline, other);
    const completion = earliestCompletion(calendar, pairAllowed);
    if (!completion) continue;
    const feedback = completion.end === fixed.end ? fixedFeedback : earliestFeedback(calendar, physician, other, completion);
    if (!feedback) continue;
    const exact = { physician, other, otherDiscipline, completion, feedback, index, bound };
    const order = winners.length === 0 ? -1 : compareSpeed(exact, winners[0]);
    if (order < 0) winners = [exact];
    else if (order === 0) winners.push(exact);
  }
  // The order the pairs' second bounds give, as ties between equal plans go by it.
  return winners
    .sort((a, b) => compareSpeed(a.bound, b.bound) || a.index - b.index)
    .map(({ physician, other, otherDiscipline, completion, feedback }) => ({ physician, other, otherDiscipline, completion, feedback }));
}
