import { Budget } from '../../budget';
import { PlanningRefusal } from '../../planning-refusal';
import { Params, ProblemCode, ProblemParams, problemText } from '../../problem-codes';
import { UnavailableTime } from '../../time/free-time';
import { ClosedDays } from '../../time/holidays';
import { Interval } from '../../time/interval';
import { isValidLocalDate, isValidTimeZone, LocalDate } from '../../time/local-time';
import { Discipline } from '../../vocabulary';
import { PlannerRoom, PlannerStaff } from '../resources';

/** What the individual program planner is asked (see plan.ts) and answers, and the settings it refuses. */

export interface MixEntry {
  discipline: Discipline;
  /** Visits per week for this discipline: 2 = twice a week, 1 = weekly, 0.5 = every other week (weeks 1,3,5…), 0 = only "as needed" (planned 0). */
  perWeek: number;
  /** Visit length in minutes. */
  minutes: number;
  /** e.g. 'gym' for the physiotherapist, 'office' otherwise. */
  roomKind: string;
}

export interface IndividualPlanRequest {
  zone: string;
  closedDays: ClosedDays;
  /** The program's first day; week k = [startDate + 7(k-1), +7). */
  startDate: LocalDate;
  /** Usually 8–13. */
  weeks: number;
  /** Usually 3 or 4: the target count each week (see plan.ts for how the mix fills it). */
  visitsPerWeek: number;
  mix: readonly MixEntry[];
  maxVisitsPerDay: number;
  slotStepMinutes: number;
  patientBusy: readonly Interval[];
  patientUnavailable?: readonly UnavailableTime[];
  /** Continuity: the same person throughout unless absent or busy that week. */
  preferredStaff?: Partial<Record<Discipline, string>>;
  staff: readonly PlannerStaff[];
  rooms: readonly PlannerRoom[];
  /** How long planning may take; BudgetExceeded past it. Unlimited when left out. */
  budget?: Budget;
}

export interface PlannedIndividualVisit {
  /** 1-based. */
  week: number;
  discipline: Discipline;
  staffId: string;
  roomId: string;
  start: number;
  end: number;
}

export interface WeekReport {
  week: number;
  weekStart: LocalDate;
  planned: number;
  /** visitsPerWeek, or the mix's count for the week when that is larger. */
  target: number;
  /** Why the week could not be filled; empty when planned = target. */
  problems: PlanNote[];
}

/**
 * Something the planner says about a plan or one of its weeks (a week short of its target, a
 * discipline standing in for another, who was seen): a code and parameters for a client to word,
 * and the English `text` made from them.
 */
export interface PlanNote {
  code: ProblemCode;
  params: Params;
  text: string;
}

export function planNote<C extends ProblemCode>(code: C, params: ProblemParams<C>): PlanNote {
  return { code, params, text: problemText(code, params) };
}

export interface IndividualPlan {
  visits: PlannedIndividualVisit[];
  weeks: WeekReport[];
  notes: PlanNote[];
}

/** Nonsensical settings are refused (a PlanningRefusal), the first one found. */
export function validate(request: IndividualPlanRequest): void {
  const { zone, startDate, weeks, visitsPerWeek, maxVisitsPerDay, slotStepMinutes } = request;
  if (!isValidTimeZone(zone)) throw new PlanningRefusal('plan.unknown_zone', { zone });
  if (!isValidLocalDate(startDate)) throw new PlanningRefusal('plan.not_a_date', { setting: 'startDate', date: startDate });
  if (!Number.isInteger(weeks) || weeks < 1) throw new PlanningRefusal('plan.not_positive_integer', { setting: 'weeks', value: weeks });
  if (!Number.isInteger(visitsPerWeek) || visitsPerWeek < 0) throw new PlanningRefusal('plan.negative_integer', { setting: 'visitsPerWeek', value: visitsPerWeek });
  if (!Number.isInteger(maxVisitsPerDay) || maxVisitsPerDay < 1) throw new PlanningRefusal('plan.not_positive_integer', { setting: 'maxVisitsPerDay', value: maxVisitsPerDay });
  if (!(slotStepMinutes > 0)) throw new PlanningRefusal('plan.not_positive', { setting: 'slotStepMinutes', value: slotStepMinutes });
  const seen = new Set<Discipline>();
  for (const { discipline, perWeek, minutes } of request.mix) {
    if (seen.has(discipline)) throw new PlanningRefusal('plan.discipline_twice', { discipline });
    seen.add(discipline);
    if (!(perWeek >= 0) || !Number.isFinite(perWeek)) throw new PlanningRefusal('plan.mix_per_week', { discipline, value: perWeek });
    if (!(minutes > 0)) throw new PlanningRefusal('plan.mix_minutes', { discipline, value: minutes });
  }
}
