import { Budget, BudgetExceeded } from '../../budget';
import { problemText } from '../../problem-codes';
import { HORIZON_WEEKS, PlanOptions, PlanOutcome, PlanOutcomeReason, planWithinHorizon, SiteCalendar } from './site-calendar';

/** A referral of a batch, as planning needs it. */
export interface QueuedReferral {
  referralId: string;
  patientId: string;
  options: PlanOptions;
}

export interface QueuedPlan {
  referralId: string;
  outcome: PlanOutcome;
}

/**
 * Plans a batch's referrals in queue order on one calendar. Each plan is reserved on the calendar
 * before the next is made, so later plans avoid it. Each plan has a budget of its own (`budget()`):
 * one that runs out is that referral's outcome, not the end of the batch.
 */
export function* planQueue(calendar: SiteCalendar, queue: readonly QueuedReferral[], budget: () => Budget): Generator<QueuedPlan> {
  const full = new FullWindows();
  for (const { referralId, patientId, options } of queue) {
    const outcome = outOfTime(() => full.plan(calendar, patientId, { ...options, budget: budget() }));
    if (outcome.feasible) calendar.reserve(patientId, outcome.visits);
    yield { referralId, outcome };
  }
}

function outOfTime(plan: () => PlanOutcome): PlanOutcome {
  try {
    return plan();
  } catch (error) {
    if (!(error instanceof BudgetExceeded)) throw error;
    const params = { ms: error.limitMs };
    return { feasible: false, reasons: [{ discipline: 'all', problem: problemText('assessment.planning_stopped', params), code: 'assessment.planning_stopped', params }] };
  }
}

/**
 * Windows of the horizon known to be full, per kind of assessment (with or without occupational
 * therapy, with or without the longer visits of an interpreter). During a run the calendar only fills up, and a patient's own bookings only take time
 * away: a window without room for a patient who has no bookings has none for any later patient
 * needing the same visits. So planning resumes at the window the last such patient got, and once
 * the horizon is full the rest need no planning at all.
 */
class FullWindows {
  private readonly firstOpen = new Map<string, { week: number; reasons: PlanOutcomeReason[] }>();

  plan(calendar: SiteCalendar, patientId: string, options: PlanOptions): PlanOutcome {
    const kind = `${Boolean(options.includeOccupationalTherapist)}:${Boolean(options.needsInterpreter)}`;
    const known = this.firstOpen.get(kind);
    if (known?.week === HORIZON_WEEKS) return { feasible: false, reasons: known.reasons };
    const outcome = planWithinHorizon(calendar, patientId, options, { fromWeek: known?.week });
    if (calendar.isPatientFree(patientId)) {
      this.firstOpen.set(kind, outcome.feasible ? { week: outcome.week, reasons: [] } : { week: HORIZON_WEEKS, reasons: outcome.reasons });
    }
    return outcome;
  }
}
