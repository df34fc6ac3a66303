import { PlanningRefusal } from '../../planning-refusal';
import { CodedProblem, Params, ProblemCode, problemAt, problemText } from '../../problem-codes';
import { addDays, daysBetween, LocalDate, localDateOf } from '../../time/local-time';
import { Discipline } from '../../vocabulary';
import { AssessmentCalendar } from './assessment-calendar';
import { earliestFeedback, FeedbackSlot } from './feedback';
import { label, requestProblems } from './reasons';
import { AssessmentPlanReason, AssessmentPlanRequest, PlannedVisit } from './request';
import { Completion, Slot } from './search-types';
import { assessmentPlanViolations, assessmentVisitViolations, crowdedDayViolations, patientDayViolations } from './violations';
import { overlapProblems, visitName, VISITS_FIELD } from '../visit-violations';

/**
 * Moving one part of a booked assessment (POST /assessments/:id/reschedule): only what must move is
 * planned again, with the assessment search's own calendar and feedback search, and the rule checker
 * decides whether the booked feedback may stay.
 */

/**
 * Moves one visit of a booked assessment and re-plans only what must move. `visits` are the booked
 * assessment visits and `feedback` the booked feedback conversation; `moving` is the part to move
 * (a discipline, or 'feedback'). The request's busy lists must NOT contain this assessment's own
 * visits (the caller removes them). `request.earliestDate` is the earliest local date the moved
 * visit may take; `windowStart` is the assessment's fixed window start (the window stays
 * [windowStart, windowStart + windowDays - 1], feedback until + feedbackExtraDays).
 *
 * - Moving a discipline: the other visits stay. The moved visit takes the earliest-ending slot from
 *   request.earliestDate on that overlaps neither its old time nor the other visits (ties: its old
 *   staff member, then request order). The booked feedback stays if the rule checker still accepts
 *   it; otherwise the feedback is re-planned as early as possible with the plan's physician and one
 *   of its other clinicians (ties: the old other clinician). Only if that slot leaves no feedback at
 *   all, the slot is chosen for the earliest feedback end, then the earliest end of the moved visit.
 * - Moving the feedback: the visits stay; the feedback takes the earliest slot from
 *   request.earliestDate on (and the required working days after the last visit) that does not
 *   overlap its old time (ties: the old other clinician).
 * Visits come back sorted by start. A booked visit that no longer fits the rules is a reason for no
 * plan; visits that do not match the requested disciplines are refused with a PlanningRefusal.
 */
export function replanVisit(
  request: AssessmentPlanRequest,
  windowStart: LocalDate,
  visits: readonly PlannedVisit[],
  feedback: PlannedVisit,
  moving: Discipline | 'feedback',
): { feasible: true; visits: PlannedVisit[]; feedback: PlannedVisit; moved: (Discipline | 'feedback')[] } | { feasible: false; reasons: AssessmentPlanReason[] } {
  const windowed: AssessmentPlanRequest = { ...request, earliestDate: windowStart };
  const requested = [...new Set(request.disciplines)];
  if (visits.length !== requested.length || requested.some((discipline) => visits.filter((visit) => visit.discipline === discipline).length !== 1)) {
    throw new PlanningRefusal('plan.booked_visits_not_one_each', { parts: requested.join(', ') });
  }
  if (moving !== 'feedback' && !requested.includes(moving)) throw new PlanningRefusal('plan.part_not_requested', { part: moving });

  const calendar = new AssessmentCalendar(windowed);
  const setupProblems = requestProblems(calendar);
  if (setupProblems.length > 0) return { feasible: false, reasons: setupProblems };
  const fixed = visits.filter((visit) => visit.discipline !== moving);
  const bookedProblems = bookedVisitProblems(windowed, fixed);
  if (bookedProblems.length > 0) return { feasible: false, reasons: bookedProblems };

  const replanner = new Replanner(windowed, Math.max(0, daysBetween(windowStart, request.earliestDate)), fixed, feedback);
  return moving === 'feedback' ? replanner.moveFeedback() : replanner.moveVisit(visits.find((visit) => visit.discipline === moving)!);
}

type ReplanResult = ReturnType<typeof replanVisit>;

/**
 * Moves one part of a booked assessment to the time, staff member and room a coordinator chose
 * (PATCH /appointments/:id, and its preview), under the assessment's rules. Arguments as for
 * replanVisit, with `target` the part at its new place (its discipline says which part). The target
 * may overlap its own old time (a visit moved by half an hour). A target that breaks a rule has no
 * plan, with the reasons. Otherwise the booked feedback stays if the rule checker still accepts it;
 * if not, it is planned again as early as possible and `feedbackMoves` says why it had to move.
 */
export function moveAssessmentPart(
  request: AssessmentPlanRequest,
  windowStart: LocalDate,
  visits: readonly PlannedVisit[],
  feedback: PlannedVisit,
  target: PlannedVisit,
): (Extract<ReplanResult, { feasible: true }> & { feedbackMoves: CodedProblem[] }) | Extract<ReplanResult, { feasible: false }> {
  const windowed: AssessmentPlanRequest = { ...request, earliestDate: windowStart };
  const moving = target.discipline;
  const fixed = visits.filter((visit) => visit.discipline !== moving);
  if (fixed.length === visits.length && moving !== 'feedback') throw new PlanningRefusal('plan.part_not_booked', { part: moving });
  const setupProblems = requestProblems(new AssessmentCalendar(windowed));
  if (setupProblems.length > 0) return { feasible: false, reasons: setupProblems };
  const bookedProblems = bookedVisitProblems(windowed, fixed);
  if (bookedProblems.length > 0) return { feasible: false, reasons: bookedProblems };

  const date = localDateOf(target.start, request.zone);
  const early = date < request.earliestDate ? [problemAt(VISITS_FIELD, 'assessment.move_too_early', { date: request.earliestDate })] : [];
  if (moving === 'feedback') {
    const problems = [...early, ...assessmentPlanViolations(windowed, fixed, target)];
    if (problems.length > 0) return { feasible: false, reasons: problems.map((problem) => asReason('feedback', problem)) };
    return { feasible: true, visits: [...fixed].sort((a, b) => a.start - b.start), feedback: target, moved: ['feedback'], feedbackMoves: [] };
  }
  // The visits that stay keep the rules among themselves (bookedVisitProblems): what is wrong with the days is the target's.
  const problems = [...early, ...assessmentVisitViolations(windowed, target), ...patientDayViolations(windowed, [...fixed, target])];
  if (problems.length > 0) return { feasible: false, reasons: problems.map((problem) => asReason(moving, problem)) };

  const replanner = new Replanner(windowed, 0, fixed, feedback);
  const feedbackCalendar = new AssessmentCalendar({ ...windowed, patientBusy: [...request.patientBusy, ...fixed] });
  const replan = replanner.withMovedVisit(feedbackCalendar, target);
  if (!replan) {
    const last = feedbackCalendar.days[feedbackCalendar.lastDay].date;
    return { feasible: false, reasons: [replanner.noFeedbackReason('assessment.replan_no_feedback_time_chosen', { last, moved: moving })] };
  }
  const feedbackMoves = replan.moved.includes('feedback') ? assessmentPlanViolations(windowed, replan.visits, feedback) : [];
  return { feasible: true, ...replan, feedbackMoves };
}

/**
 * The booked visits that stay but no longer satisfy the rules on their own (then nothing can be moved
 * around them): for each, a reason saying so, then the rules it breaks.
 */
function bookedVisitProblems(request: AssessmentPlanRequest, fixed: readonly PlannedVisit[]): AssessmentPlanReason[] {
  const { zone } = request;
  const crowded = crowdedDayViolations(request, fixed);
  return fixed.flatMap((visit) => {
    const date = localDateOf(visit.start, zone);
    const problems = [
      ...assessmentVisitViolations(request, visit),
      ...overlapProblems(zone, visit, fixed.filter((other) => other !== visit)),
      ...crowded.filter((problem) => problem.params.date === date),
    ];
    if (problems.length === 0) return [];
    const unfit = problemAt(VISITS_FIELD, 'assessment.booked_visit_unfit', visitName(zone, visit));
    return [unfit, ...problems].map((problem) => asReason(visit.discipline, problem));
  });
}

/** A rule checker's problem as a reason of the part `discipline` (a reason has no field). */
function asReason(discipline: AssessmentPlanReason['discipline'], { problem, code, params }: CodedProblem): AssessmentPlanReason {
  return { discipline, problem, code, params };
}

type NoFeedbackCode =
  | 'assessment.replan_no_feedback_time_chosen'
  | 'assessment.replan_no_feedback_time_any_slot'
  | 'assessment.replan_no_other_feedback_time_by'
  | 'assessment.replan_no_other_feedback_time';

/** A candidate outcome of a move: the visits, the feedback and what moved. */
interface Replan {
  visits: PlannedVisit[];
  feedback: PlannedVisit;
  moved: (Discipline | 'feedback')[];
}

/**
 * The state of one move: `request` has the window's start as earliestDate, `firstDay` is the first
 * day (from that start) the moved part may take, `fixed` the visits that stay.
 */
class Replanner {
  private readonly staffIndex: Map<string, number>;
  private readonly zone: string;
  private readonly feedbackCache = new Map<string, FeedbackSlot | undefined>();
  /** Per (physician, other, firstDay): the earliest completion end after which they have no feedback time. */
  private readonly noFeedbackFrom = new Map<string, number>();
  /** The rule checker's verdict on keeping the booked feedback, by what it depends on (see keepsFeedback). */
  private readonly keepCache = new Map<string, boolean>();

  constructor(
    private readonly request: AssessmentPlanRequest,
    private readonly firstDay: number,
    private readonly fixed: readonly PlannedVisit[],
    private readonly feedback: PlannedVisit,
  ) {
    this.zone = request.zone;
    this.staffIndex = new Map(request.staff.map((member, index) => [member.id, index]));
  }

  moveVisit(old: PlannedVisit): ReplanResult {
    const discipline = old.discipline as Discipline;
    // The moved visit must not take its old time again, nor overlap the visits that stay.
    const slotCalendar = new AssessmentCalendar({ ...this.request, patientBusy: [...this.request.patientBusy, ...this.fixed, old] });
    // The feedback comes after every visit; the moved visit's old time is free for it.
    const feedbackCalendar = new AssessmentCalendar({ ...this.request, patientBusy: [...this.request.patientBusy, ...this.fixed] });
    const candidates = this.visitCandidates(slotCalendar, discipline, this.staffIndex.get(old.staffIds[0]));

    const first = candidates.next();
    if (first.done) return { feasible: false, reasons: [this.noSlotReason(slotCalendar, discipline)] };
    const earliest = this.withMovedVisit(feedbackCalendar, this.visitAt(feedbackCalendar, first.value));
    if (earliest) return { feasible: true, ...earliest };

    // The earliest slot leaves no feedback: the slot with the earliest feedback, then the earliest end.
    let best: Replan | undefined;
    for (const slot of candidates) {
      // Every feedback of this slot or a later one ends after it.
      if (best && slot.end >= best.feedback.end) break;
      const option = this.withMovedVisit(feedbackCalendar, this.visitAt(feedbackCalendar, slot));
      if (option && (!best || option.feedback.end < best.feedback.end)) best = option;
    }
    if (best) return { feasible: true, ...best };
    const last = feedbackCalendar.days[feedbackCalendar.lastDay].date;
    return { feasible: false, reasons: [this.noFeedbackReason('assessment.replan_no_feedback_time_any_slot', { last, moved: discipline })] };
  }

  moveFeedback(): ReplanResult {
    // The feedback must not take its old time again.
    const calendar = new AssessmentCalendar({ ...this.request, patientBusy: [...this.request.patientBusy, ...this.fixed, this.feedback] });
    const visits = [...this.fixed].sort((a, b) => a.start - b.start);
    const staff = visits.map((visit) => this.staffIndex.get(visit.staffIds[0])!);
    const physician = staff[visits.findIndex((visit) => visit.discipline === 'physician')];
    const others = staff.filter((member) => member !== physician);
    const completion = this.completionOf(visits);
    const feedback = this.earliestFeedbackOf(calendar, physician, others, completion, this.firstDay);
    if (!feedback) {
      const from = calendar.workingDaysLater(completion.day, this.request.feedbackMinWorkingDaysAfter);
      const last = calendar.days[calendar.lastDay].date;
      const reason =
        from === undefined || Math.max(from, this.firstDay) > calendar.lastDay
          ? this.noFeedbackReason('assessment.replan_no_other_feedback_time_by', { last })
          : this.noFeedbackReason('assessment.replan_no_other_feedback_time', { from: calendar.days[Math.max(from, this.firstDay)].date, to: last });
      return { feasible: false, reasons: [reason] };
    }
    return { feasible: true, visits, feedback, moved: ['feedback'] };
  }

  /**
   * Free slots of the discipline's allowed staff from firstDay on, on days with room under
   * maxVisitsPerDay beside the visits that stay; by end, then the old staff member, then request order.
   */
  private *visitCandidates(calendar: AssessmentCalendar, discipline: Discipline, oldStaff: number | undefined): Generator<Slot> {
    const staff = calendar.allowedStaff()[calendar.positionOf(discipline)];
    const perDay = new Map<LocalDate, number>();
    for (const visit of this.fixed) {
      const date = localDateOf(visit.start, this.zone);
      perDay.set(date, (perDay.get(date) ?? 0) + 1);
    }
    for (const day of calendar.assessmentDays) {
      if (day < this.firstDay || (perDay.get(calendar.days[day].date) ?? 0) >= this.request.maxVisitsPerDay) continue;
      const slots = staff.flatMap((member) => calendar.assessmentSlots(member, day));
      slots.sort((a, b) => a.end - b.end || Number(b.staff === oldStaff) - Number(a.staff === oldStaff) || a.staff - b.staff);
      yield* slots;
    }
  }

  /** A slot of the search as the visit it would be. */
  private visitAt(calendar: AssessmentCalendar, slot: Slot): PlannedVisit {
    return { discipline: calendar.disciplines[slot.discipline], staffIds: [this.request.staff[slot.staff].id], roomId: slot.roomId, start: slot.start, end: slot.end };
  }

  /** The move with the visit at `moved`: the booked feedback if it still passes the rules, else the earliest new one. */
  withMovedVisit(feedbackCalendar: AssessmentCalendar, moved: PlannedVisit): Replan | undefined {
    const discipline = moved.discipline;
    const visits = [...this.fixed, moved].sort((a, b) => a.start - b.start);
    const staff = visits.map((visit) => this.staffIndex.get(visit.staffIds[0])!);
    const physician = staff[visits.findIndex((visit) => visit.discipline === 'physician')];
    const others = staff.filter((member) => member !== physician);
    const completion = this.completionOf(visits);
    if (this.keepsFeedback(moved, visits, physician, others, completion)) return { visits, feedback: this.feedback, moved: [discipline] };
    const feedback = this.earliestFeedbackOf(feedbackCalendar, physician, others, completion, 0);
    return feedback && { visits, feedback, moved: [discipline, 'feedback'] };
  }

  /**
   * Whether the rule checker still accepts the booked feedback with the visit `moved`. The moved
   * visit keeps every rule (found by the search, or checked) and the feedback starts after it, so the verdict can
   * only change with who the moved visit is with and on which day the assessment ends: it is asked
   * once for each of those (the checker converts time zones and is slow).
   */
  private keepsFeedback(moved: PlannedVisit, visits: readonly PlannedVisit[], physician: number, others: readonly number[], completion: Completion): boolean {
    const { feedback } = this;
    const [feedbackPhysician, feedbackOther] = feedback.staffIds.map((id) => this.staffIndex.get(id));
    if (feedback.start < completion.end || feedbackPhysician !== physician || feedbackOther === undefined || !others.includes(feedbackOther)) return false;
    const key = `${moved.staffIds[0]} ${moved.roomId} ${completion.day}`;
    if (!this.keepCache.has(key)) this.keepCache.set(key, assessmentPlanViolations(this.request, visits, feedback).length === 0);
    return this.keepCache.get(key)!;
  }

  /** The end and day of the last of `visits`. */
  private completionOf(visits: readonly PlannedVisit[]): Completion {
    const last = visits.reduce((a, b) => (b.end > a.end ? b : a));
    return { end: last.end, day: daysBetween(this.request.earliestDate, localDateOf(last.start, this.zone)) };
  }

  /**
   * The earliest feedback of `physician` and one of `others` after `completion`, from `firstDay` on;
   * on ties the old other clinician, then request order.
   */
  private earliestFeedbackOf(
    calendar: AssessmentCalendar,
    physician: number,
    others: readonly number[],
    completion: Completion,
    firstDay: number,
  ): PlannedVisit | undefined {
    const previous = this.staffIndex.get(this.feedback.staffIds[1]);
    const order = [...new Set(others)].sort((a, b) => Number(b === previous) - Number(a === previous) || a - b);
    let best: { slot: FeedbackSlot; other: number } | undefined;
    for (const other of order) {
      const slot = this.cachedFeedback(calendar, physician, other, completion, firstDay);
      if (slot && (!best || slot.end < best.slot.end)) best = { slot, other };
    }
    if (!best) return undefined;
    const { staff } = this.request;
    return { discipline: 'feedback', staffIds: [staff[physician].id, staff[best.other].id], roomId: best.slot.roomId, start: best.slot.start, end: best.slot.end };
  }

  /**
   * earliestFeedback, remembered: the search over slots of the moved visit asks again for the same
   * completions. A later completion never allows a feedback where an earlier one allowed none.
   * One Replanner makes one move, so the cache never mixes calendars.
   */
  private cachedFeedback(calendar: AssessmentCalendar, physician: number, other: number, completion: Completion, firstDay: number): FeedbackSlot | undefined {
    const pair = `${physician} ${other} ${firstDay}`;
    if ((this.noFeedbackFrom.get(pair) ?? Infinity) <= completion.end) return undefined;
    const key = `${pair} ${completion.end}`;
    if (!this.feedbackCache.has(key)) {
      const slot = earliestFeedback(calendar, physician, other, completion, firstDay);
      this.feedbackCache.set(key, slot);
      if (!slot) this.noFeedbackFrom.set(pair, Math.min(completion.end, this.noFeedbackFrom.get(pair) ?? Infinity));
    }
    return this.feedbackCache.get(key);
  }

  private noSlotReason(calendar: AssessmentCalendar, discipline: Discipline): AssessmentPlanReason {
    const from = calendar.days[Math.min(this.firstDay, calendar.lastDay)].date;
    const to = calendar.days[this.request.windowDays - 1].date;
    const preferred = this.request.preferredStaff?.[discipline];
    const who = { label: label(discipline), ...(preferred === undefined ? {} : { preferredStaffId: preferred }) };
    const coded = (code: ProblemCode, params: Params): AssessmentPlanReason => ({ discipline, problem: problemText(code, params), code, params });
    if (this.firstDay >= this.request.windowDays) {
      const after = { ...who, date: addDays(this.request.earliestDate, this.firstDay), to };
      return coded(preferred === undefined ? 'assessment.replan_after_window' : 'assessment.replan_preferred_after_window', after);
    }
    return coded(preferred === undefined ? 'assessment.replan_no_slot' : 'assessment.replan_preferred_no_slot', { ...who, from, to });
  }

  /** No feedback fits the move: `when` says by when, or between which days, and with which visit where. */
  noFeedbackReason(code: NoFeedbackCode, when: Params): AssessmentPlanReason {
    const params = { ...when, minutes: this.request.feedbackMinutes, roomKind: this.request.feedbackRoomKind };
    return { discipline: 'feedback', problem: problemText(code, params), code, params };
  }
}
