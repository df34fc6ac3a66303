import type { Params, ProblemCode } from '../../problem-codes';
import { Budget } from '../../budget';
import { UnavailableTime } from '../../time/free-time';
import { ClosedDays } from '../../time/holidays';
import { Interval } from '../../time/interval';
import { LocalDate } from '../../time/local-time';
import { Discipline } from '../../vocabulary';
import { PlannerRoom, PlannerStaff } from '../resources';
import { FreeTimeMemo } from './free-time-memo';

/** What the assessment planner is asked (see plan.ts), and what it answers. */

/** A staff member as the assessment planner sees them: with their booked minutes a week, for criterion (d). */
export type AssessmentStaff = PlannerStaff & {
  /** Minutes already booked per ISO week ('2026-W48'); missing weeks count as 0. */
  bookedMinutesByWeek?: Readonly<Record<string, number>>;
};

export interface AssessmentPlanRequest {
  zone: string;
  closedDays: ClosedDays;
  earliestDate: LocalDate;
  windowDays: number;
  disciplines: readonly Discipline[];
  /** Missing disciplines take 90 minutes. */
  visitMinutes: Readonly<Partial<Record<Discipline, number>>>;
  /** Missing disciplines use an 'office'. */
  roomKindByDiscipline: Readonly<Partial<Record<Discipline, string>>>;
  maxVisitsPerDay: number;
  feedbackMinutes: number;
  feedbackMinWorkingDaysAfter: number;
  feedbackExtraDays: number;
  feedbackRoomKind: string;
  slotStepMinutes: number;
  patientBusy: readonly Interval[];
  patientUnavailable?: readonly UnavailableTime[];
  preferredStaff?: Readonly<Partial<Record<Discipline, string>>>;
  staff: readonly AssessmentStaff[];
  rooms: readonly PlannerRoom[];
  /** Work shared with earlier plans on the same staff, rooms and settings (see FreeTimeMemo). */
  memo?: FreeTimeMemo;
  /** How long planning may take; BudgetExceeded past it. Unlimited when left out. */
  budget?: Budget;
  /**
   * A visit already chosen (a cancelled visit's freed time): the only slot of its discipline, so the
   * plan is the best one around it. Its staff member and the patient must be free then, a room of
   * the kind too (its own room when free), and it must have the discipline's length.
   */
  fixedVisit?: PlannedVisit;
}

export interface PlannedVisit {
  discipline: Discipline | 'feedback';
  staffIds: string[];
  roomId: string;
  start: number;
  end: number;
}

/** Why no plan exists, in English, for the discipline (or the feedback) that lacks capacity. */
export interface AssessmentPlanReason {
  discipline: Discipline | 'feedback';
  problem: string;
  /** The problem's code and parameters (src/core/problem-codes.ts); `problem` is its text. */
  code: ProblemCode;
  params: Params;
}

export type AssessmentPlanResult =
  | { feasible: true; visits: PlannedVisit[]; feedback: PlannedVisit }
  | { feasible: false; reasons: AssessmentPlanReason[] };

export const DEFAULT_VISIT_MINUTES = 90;
export const DEFAULT_ROOM_KIND = 'office';
