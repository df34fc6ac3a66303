import { Budget } from '../../budget';
import { ClosedDays } from '../../time/holidays';
import { Interval } from '../../time/interval';
import { addDays, isoWeekOf, LocalDate, localDateOf } from '../../time/local-time';
import { SiteSettings } from '../../rules/site-settings';
import { Discipline, DISCIPLINES } from '../../vocabulary';
import { insertSorted, UnavailableTime } from '../../time/free-time';
import { PlannerRoom } from '../resources';
import { FreeTimeMemo } from './free-time-memo';
import { planAssessment } from './plan';
import { AssessmentPlanReason, AssessmentPlanRequest, AssessmentStaff, DEFAULT_VISIT_MINUTES, PlannedVisit } from './request';

/** Later windows are tried a week apart, up to this many weeks, when the first has no room. */
export const HORIZON_WEEKS = 8;

export const REQUIRED_PARTS: readonly Discipline[] = ['nurse', 'physician', 'physiotherapist', 'psychologist'];

/** Every discipline's visit `extra` minutes longer, the default length where the site set none. */
function lengthened(visitMinutes: Readonly<Record<string, number>>, extra: number): Record<Discipline, number> {
  return Object.fromEntries(DISCIPLINES.map((d) => [d, (visitMinutes[d] ?? DEFAULT_VISIT_MINUTES) + extra])) as Record<Discipline, number>;
}

export interface PlanOptions {
  earliestDate: LocalDate;
  includeOccupationalTherapist?: boolean;
  preferredStaff?: Partial<Record<Discipline, string>>;
  patientUnavailable?: UnavailableTime[];
  maxVisitsPerDay?: number;
  /** The patient needs an interpreter: each visit takes the site's `interpreterExtraMinutes` longer. */
  needsInterpreter?: boolean;
  /** How long planning may take (see Budget). */
  budget?: Budget;
  /** A visit already chosen, planned around (see AssessmentPlanRequest.fixedVisit). */
  fixedVisit?: PlannedVisit;
}

/** The site a calendar is of, as the planners need it. */
export interface CalendarSite {
  id: string;
  timeZone: string;
  /** Changes whenever anything the booking rules read changes (see BookingService.bookChecked). */
  calendarVersion: string;
}

/**
 * A site's free/busy picture over a period, in the planner's terms, kept up to date in memory as
 * visits are booked so a batch can plan many referrals on one load.
 */
export class SiteCalendar {
  constructor(
    readonly site: CalendarSite,
    readonly settings: SiteSettings,
    readonly closedDays: ClosedDays,
    readonly staff: AssessmentStaff[],
    readonly rooms: PlannerRoom[],
    /** The instants the calendar covers; bookings outside it are not in the busy lists. */
    readonly period: Interval,
    private readonly patientBusy = new Map<string, Interval[]>(),
    private readonly memo = new FreeTimeMemo(),
  ) {}

  /**
   * This calendar's staff, rooms and memo with the bookings of other patients: for planning on a
   * calendar shared between requests, which nobody may reserve on.
   */
  withPatients(patientBusy: Map<string, Interval[]>): SiteCalendar {
    return new SiteCalendar(this.site, this.settings, this.closedDays, this.staff, this.rooms, this.period, patientBusy, this.memo);
  }

  request(patientId: string, options: PlanOptions, ignoreBusy = false): AssessmentPlanRequest {
    const a = this.settings.assessment;
    const extra = options.needsInterpreter ? this.settings.interpreterExtraMinutes : 0;
    const staff = ignoreBusy ? this.staff.map((s) => ({ ...s, busy: [] })) : this.staff;
    const rooms = ignoreBusy ? this.rooms.map((r) => ({ ...r, busy: [] })) : this.rooms;
    return {
      zone: this.site.timeZone,
      closedDays: this.closedDays,
      earliestDate: options.earliestDate,
      windowDays: a.windowDays,
      disciplines: options.includeOccupationalTherapist ? [...REQUIRED_PARTS, 'occupational_therapist'] : REQUIRED_PARTS,
      visitMinutes: extra ? lengthened(a.visitMinutes, extra) : a.visitMinutes,
      roomKindByDiscipline: a.roomKindByDiscipline,
      maxVisitsPerDay: options.maxVisitsPerDay ?? a.maxVisitsPerDay,
      feedbackMinutes: a.feedbackMinutes + extra,
      feedbackMinWorkingDaysAfter: a.feedbackMinWorkingDaysAfter,
      feedbackExtraDays: a.feedbackExtraDays,
      feedbackRoomKind: 'office',
      slotStepMinutes: a.slotStepMinutes,
      patientBusy: ignoreBusy ? [] : (this.patientBusy.get(patientId) ?? []),
      patientUnavailable: options.patientUnavailable,
      preferredStaff: options.preferredStaff,
      staff,
      rooms,
      // The memo's slots have the site's visit lengths: longer visits work theirs out alone.
      memo: ignoreBusy || extra ? undefined : this.memo,
      budget: options.budget,
      fixedVisit: options.fixedVisit,
    };
  }

  /** No booking of the patient's own in the period: the plan depends on the staff and rooms alone. */
  isPatientFree(patientId: string): boolean {
    return !this.patientBusy.get(patientId)?.length;
  }

  /** Marks a patient's planned visits as busy, so the next plan in a batch leaves them alone. */
  reserve(patientId: string, visits: readonly PlannedVisit[]): void {
    for (const visit of visits) {
      const interval = { start: visit.start, end: visit.end };
      const date = localDateOf(visit.start, this.site.timeZone);
      this.memo.booked(date, visit);
      for (const id of visit.staffIds) {
        const member = this.staff.find((s) => s.id === id);
        if (!member) continue;
        insertSorted(member.busy as Interval[], interval);
        const week = isoWeekOf(date);
        const booked = member.bookedMinutesByWeek as Record<string, number>;
        booked[week] = (booked[week] ?? 0) + (interval.end - interval.start) / 60_000;
      }
      const room = this.rooms.find((r) => r.id === visit.roomId);
      if (room) insertSorted(room.busy as Interval[], interval);
      const busy = this.patientBusy.get(patientId) ?? [];
      insertSorted(busy, interval);
      this.patientBusy.set(patientId, busy);
    }
  }
}

/** Why a referral has no plan: the planner's reasons, with their codes; discipline 'all' for the whole assessment (its planning stopped for time). */
export type PlanOutcomeReason = Omit<AssessmentPlanReason, 'discipline'> & { discipline: AssessmentPlanReason['discipline'] | 'all' };

export type PlanOutcome =
  | { feasible: true; visits: PlannedVisit[]; windowStart: LocalDate; week: number }
  | { feasible: false; reasons: PlanOutcomeReason[] };

/**
 * Tries the window from the earliest date, then a week later, and so on: the first feasible window
 * is the earliest plan. `fromWeek` skips windows the caller knows to be full.
 */
export function planWithinHorizon(calendar: SiteCalendar, patientId: string, options: PlanOptions, { weeks = HORIZON_WEEKS, fromWeek = 0 } = {}): PlanOutcome {
  let firstReasons: PlanOutcomeReason[] = [];
  for (let week = fromWeek; week < weeks; week++) {
    const earliestDate = addDays(options.earliestDate, week * 7);
    const result = planAssessment(calendar.request(patientId, { ...options, earliestDate }));
    if (result.feasible) return { feasible: true, visits: [...result.visits, result.feedback], windowStart: earliestDate, week };
    if (week === fromWeek) firstReasons = result.reasons;
  }
  return { feasible: false, reasons: firstReasons };
}
