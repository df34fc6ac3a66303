import { Budget } from '../../budget';
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
  problems: string[];
}

export interface IndividualPlan {
  visits: PlannedIndividualVisit[];
  weeks: WeekReport[];
  notes: string[];
}

/** Nonsensical settings throw a RangeError naming each problem. */
export function validate(request: IndividualPlanRequest): void {
  const problems: string[] = [];
  if (!isValidTimeZone(request.zone)) problems.push(`unknown time zone ${request.zone}`);
  if (!isValidLocalDate(request.startDate)) problems.push(`invalid startDate ${request.startDate}`);
  if (!Number.isInteger(request.weeks) || request.weeks < 1) problems.push('weeks must be a positive integer');
  if (!Number.isInteger(request.visitsPerWeek) || request.visitsPerWeek < 0) problems.push('visitsPerWeek must be a non-negative integer');
  if (!Number.isInteger(request.maxVisitsPerDay) || request.maxVisitsPerDay < 1) problems.push('maxVisitsPerDay must be a positive integer');
  if (!(request.slotStepMinutes > 0)) problems.push('slotStepMinutes must be positive');
  const seen = new Set<Discipline>();
  for (const entry of request.mix) {
    if (seen.has(entry.discipline)) problems.push(`${entry.discipline} is in the mix twice`);
    seen.add(entry.discipline);
    if (!(entry.perWeek >= 0) || !Number.isFinite(entry.perWeek)) problems.push(`${entry.discipline}: perWeek must be 0 or more`);
    if (!(entry.minutes > 0)) problems.push(`${entry.discipline}: minutes must be positive`);
  }
  if (problems.length > 0) throw new RangeError(problems.join('; '));
}
