import { AssessmentCalendar } from './assessment-calendar';
import { Contender, fastestFeedbackContenders } from './feedback';
import { earliestCompletion } from './packing';
import { capacityProblems, feedbackProblem, requestProblems } from './reasons';
import { AssessmentPlanRequest, AssessmentPlanResult } from './request';
import { Cost, Restriction, Slot } from './search-types';
import { add, cheapestAssessment, compareCost, costFloor } from './staffing';

/**
 * Plans a whole assessment (utredning): one visit with each requested discipline, then the
 * feedback conversation (återkopplingssamtal) with the physician and one other assessing clinician.
 *
 * The plan is exact on the whole objective: (a) earliest feedback end, (b) earliest end of the last
 * assessment visit, (c) fewest patient days, (d) least already-booked staff time. How:
 *
 * 1. Every staff member's free time on a day (working hours minus their own, the patient's busy
 *    and unavailable time) is computed once, lazily, as a sorted list; bookable slots are the grid
 *    starts inside it with a free room of the right kind.
 * 2. The earliest end of a complete assessment is found by a dynamic program over days whose state
 *    is the set of disciplines already seen (at most 2^5 states). On one day, the best finish of a
 *    set of disciplines is again a small program over subsets: for a fixed order of visits, taking
 *    each as early as possible is optimal. This is complete, unlike picking disciplines greedily.
 * 3. The feedback needs the physician p and another clinician o of the same plan, so the optimum of
 *    (a) is the best, over all pairs (p, o), of the earliest feedback after the earliest assessment
 *    that uses both. Pairs are tried in the order of a lower bound (assessments with only p, or only
 *    o, fixed) and the search stops as soon as the bound is worse than the best pair found.
 * 4. Among the pairs that reach the optimum of (a) and (b), a second program over days and sets of
 *    disciplines minimises (days, load) for assessments ending no later than that optimum. Who sees
 *    a set of disciplines on one day is a small branch-and-bound (lightest staff first); it is
 *    exponential only in maxVisitsPerDay and in practice stops at its first leaf.
 *
 * Where the rules leave room, this planner decides:
 * - The feedback's slot grid is that of the physician's working interval (the first of its staff).
 * - The feedback starts after the last assessment visit has ended (this only matters when
 *   feedbackMinWorkingDaysAfter is 0), and is never on a closed day.
 * - Staff load (d) counts every staff member of every visit in the ISO week of that visit, so the
 *   feedback adds its physician's and other clinician's minutes of the feedback's week.
 * - A visit gets the first free room of its kind in request order; remaining ties go to earlier
 *   days and to staff earlier in the request, so the result is deterministic.
 * - Nonsensical settings (no positive slot step, window or visits per day) throw a RangeError.
 *
 * replanVisit moves one visit (or the feedback) of a booked assessment with the same machinery: the
 * free time and slot grid of a calendar in which the visits that stay are the patient's busy time,
 * and the same feedback search; the rule checker decides whether the booked feedback can stay.
 *
 * Where each part lives, in this folder: request.ts (what is asked and answered), assessment-calendar.ts
 * (slots and the search's caches, on the shared planning calendar), packing.ts (step 2), feedback.ts
 * (step 3), staffing.ts (step 4), reasons.ts (why no plan), violations.ts (the independent rule
 * checker), replan.ts (replanVisit), free-time-memo.ts (work shared by a batch), site-calendar.ts and
 * batch-planning.ts (a site's calendar in the planner's terms, and planning a queue on it).
 */

/**
 * The best plan for one patient's assessment (see the objective above), with its visits sorted by
 * start and the feedback with staffIds [physician, other clinician]; or the reasons none exists.
 */
export function planAssessment(request: AssessmentPlanRequest): AssessmentPlanResult {
  const calendar = new AssessmentCalendar(request);
  const setupProblems = requestProblems(calendar);
  if (setupProblems.length > 0) return { feasible: false, reasons: setupProblems };

  const allowed = calendar.allowedStaff();
  const earliest = earliestCompletion(calendar, allowed);
  if (!earliest) return { feasible: false, reasons: capacityProblems(calendar, allowed) };

  const contenders = fastestFeedbackContenders(calendar, allowed, earliest);
  if (contenders.length === 0) return { feasible: false, reasons: [feedbackProblem(calendar, earliest)] };
  return lightestPlan(calendar, allowed, contenders);
}

/** Among the fastest pairs, the plan with the fewest patient days, then the least staff load. */
function lightestPlan(calendar: AssessmentCalendar, allowed: Restriction, contenders: readonly Contender[]): AssessmentPlanResult {
  const physicianPosition = calendar.positionOf('physician');
  // Pairs often tie on (a) and (b) by the dozen. They are tried from the lowest cost they could reach
  // in theory; once that is above the best found, or equal to it for a pair later in the list (which
  // would lose the tie), no pair left can win.
  const pairs = contenders.map((contender, index) => {
    const { physician, other, otherDiscipline, completion, feedback } = contender;
    const pairAllowed = calendar.restrict(calendar.restrict(allowed, physicianPosition, physician), otherDiscipline, other);
    const feedbackCost = { days: feedback.day === completion.day ? 0 : 1, load: calendar.load(physician, feedback.day) + calendar.load(other, feedback.day) };
    return { contender, index, pairAllowed, feedbackCost, floor: add(costFloor(calendar, pairAllowed, completion.day), feedbackCost) };
  });
  pairs.sort((a, b) => compareCost(a.floor, b.floor) || a.index - b.index);
  let best: (Cost & { index: number; contender: Contender; slots: readonly Slot[] }) | undefined;
  for (const { contender, index, pairAllowed, feedbackCost, floor } of pairs) {
    const reach = best ? compareCost(floor, best) : -1;
    if (best && (reach > 0 || (reach === 0 && index > best.index))) break;
    const assessment = cheapestAssessment(calendar, pairAllowed, contender.completion);
    if (!assessment) continue;
    const candidate = { ...add(assessment, feedbackCost), index, contender, slots: assessment.slots };
    if (!best || compareCost(candidate, best) < 0 || (compareCost(candidate, best) === 0 && index < best.index)) best = candidate;
  }
  // Every contender has an assessment by its own completion, so best is always set here.
  const { contender, slots } = best!;
  const staff = calendar.request.staff;
  return {
    feasible: true,
    visits: slots
      .map((slot) => ({
        discipline: calendar.disciplines[slot.discipline],
        staffIds: [staff[slot.staff].id],
        roomId: slot.roomId,
        start: slot.start,
        end: slot.end,
      }))
      .sort((a, b) => a.start - b.start),
    feedback: {
      discipline: 'feedback',
      staffIds: [staff[contender.physician].id, staff[contender.other].id],
      roomId: contender.feedback.roomId,
      start: contender.feedback.start,
      end: contender.feedback.end,
    },
  };
}
