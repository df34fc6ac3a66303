import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppointmentDraft } from '../calendar/appointment-draft';
import { Appointment } from '../calendar/appointment.entity';
import { AppointmentViews } from '../calendar/appointment-views';
import { BookingService } from '../calendar/booking.service';
import { AccessService, ProtectedRecord } from '../access/access.service';
import { Actor, Principal } from '../access/principal';
import { assertSiteRecord, canAccessSite } from '../access/site-access';
import { notFound, planned, problem, reasonProblem, stateConflict, unprocessable } from '../common/api-errors';
import { requestBudget } from '../common/request-limits';
import { Referral } from '../episodes/referral.entity';
import { EpisodeLedger } from '../episodes/episode-ledger';
import { addDays, daysBetween, formatInstant, LocalDate, localDateOf } from '../core/time/local-time';
import { Discipline } from '../core/vocabulary';
import { interpreterLanguageOf } from '../core/rules/referral-contents';
import { SiteCalendarRepository } from '../calendar/site-calendar.repository';
import { MovePlan, VisitMoveRules, VisitPlace } from '../calendar/visit-move';
import { HORIZON_WEEKS, PlanOptions, PlanOutcome, planWithinHorizon, REQUIRED_PARTS, SiteCalendar } from '../core/planners/assessment/site-calendar';
import { moveAssessmentPart, replanVisit } from '../core/planners/assessment/replan';
import { DEFAULT_VISIT_MINUTES, PlannedVisit } from '../core/planners/assessment/request';
import { assessmentPlanViolations } from '../core/planners/assessment/violations';
import { Assessment } from './assessment.entity';
import { AssessmentsRepository } from './assessments.repository';
import { AssessmentDto, BookAssessmentDto, OutcomeDto, PlannedVisitDto, PlanPreferencesDto, ProposalDto, ProposalRequestDto } from './assessments.dto';

/** Days of later window starts after the first. */
const HORIZON_DAYS = (HORIZON_WEEKS - 1) * 7;

/** A referral and the visits planned (or chosen) for its assessment. */
export interface ReferralPlan {
  referral: Referral;
  visits: readonly PlannedVisit[];
}

@Injectable()
export class AssessmentsService implements VisitMoveRules {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly assessments: AssessmentsRepository,
    private readonly calendars: SiteCalendarRepository,
    private readonly booking: BookingService,
    private readonly views: AppointmentViews,
    private readonly access: AccessService,
    private readonly episodes: EpisodeLedger,
  ) {}

  /** The best plan for an accepted referral; books nothing. */
  async propose(actor: Actor, dto: ProposalRequestDto): Promise<ProposalDto> {
    const { referral, timeZone } = await this.waitingReferral(actor, dto.referralId);
    // The read is logged while the plan is worked out; the log entry does not depend on the plan.
    const audited = this.access.log(actor, { action: 'read', resource: 'referral', records: [referralRecord(referral)] });
    try {
      const freed = dto.freedAppointmentId ? await this.freedVisit(referral, dto.freedAppointmentId, timeZone) : undefined;
      const options = {
        ...this.planOptions(referral, freed?.date ?? dto.earliestDate, dto.preferences, timeZone),
        budget: requestBudget(),
      };
      // Most plans fit the first window: look at just that much of the calendar, and the whole horizon only when needed.
      let calendar = await this.calendars.look(referral.siteId, options.earliestDate, 0, [referral.patientId]);
      if (freed) {
        // The freed visit opens the window, so later windows cannot hold it: the first is the only one.
        const fixedVisit = this.fixedVisit(freed.appointment, freed.staffIds, calendar);
        const withFixed = { ...options, fixedVisit, includeOccupationalTherapist: options.includeOccupationalTherapist || fixedVisit.discipline === 'occupational_therapist' };
        return toProposal(referral, planned('freedAppointmentId', () => planWithinHorizon(calendar, referral.patientId, withFixed, { weeks: 1 })), calendar);
      }
      let outcome = planned('preferences', () => planWithinHorizon(calendar, referral.patientId, options, { weeks: 1 }));
      if (!outcome.feasible) {
        calendar = await this.calendars.look(referral.siteId, options.earliestDate, HORIZON_DAYS, [referral.patientId]);
        outcome = planned('preferences', () => planWithinHorizon(calendar, referral.patientId, options));
      }
      return toProposal(referral, outcome, calendar);
    } finally {
      await audited;
    }
  }

  /** Books all visits of an assessment at once, or none: 422 for a broken rule, 409 when a slot was taken meanwhile. */
  async book(actor: Actor, dto: BookAssessmentDto): Promise<AssessmentDto> {
    const { referral, timeZone } = await this.waitingReferral(actor, dto.referralId);
    const visits = toPlannedVisits(dto.visits);
    const calendar = await this.loadFor(referral.siteId, localDateOf(Math.min(...visits.map((v) => v.start)), timeZone), []);
    this.assertRules(calendar, referral, visits);
    const [id] = await this.booking.transaction((manager) => this.insert(manager, actor, calendar, [{ referral, visits }]));
    return this.get(actor, id);
  }

  /**
   * Inserts assessments and their visits in the caller's transaction: one for a single booking, a
   * group in the batch. A second live assessment for a referral is refused by a unique index.
   * `planned` visits come from the planner on this very calendar, so the booking rules hold as long
   * as the calendar's version does and need no second read.
   */
  async insert(manager: EntityManager, actor: Actor, calendar: SiteCalendar, plans: readonly ReferralPlan[], { planned = false } = {}): Promise<string[]> {
    const ids = await this.assessments.insert(
      plans.map(({ referral, visits }) => {
        const dates = visits.filter((v) => v.discipline !== 'feedback').map((v) => localDateOf(v.start, calendar.site.timeZone)).sort();
        return {
          referralId: referral.id,
          siteId: referral.siteId,
          patientId: referral.patientId,
          status: 'booked' as const,
          windowStart: dates[0],
          windowEnd: addDays(dates[0], calendar.settings.assessment.windowDays - 1),
        };
      }),
      manager,
    );
    const drafts = plans.flatMap(({ referral, visits }, i) => toDrafts(visits, referral, ids[i]));
    if (planned) await this.booking.bookChecked(manager, calendar.site.id, calendar.site.calendarVersion, drafts);
    else await this.booking.book(manager, drafts);
    await this.episodes.assessmentBooked(manager, actor, plans.map(({ referral }) => referral.id));
    const created = plans.map(({ referral }, i) => ({ id: ids[i], siteId: referral.siteId, patientIds: [referral.patientId] }));
    await this.access.log(actor, { action: 'create', resource: 'assessment', records: created, manager });
    return ids;
  }

  async get(actor: Actor, id: string): Promise<AssessmentDto> {
    const assessment = await this.assessments.find(id);
    if (!assessment) throw notFound('assessment', id);
    await this.access.require(actor, { action: 'read', resource: 'assessment', records: [assessmentRecord(assessment)] });
    const referral = await this.assessments.referralOf(assessment);
    const parts = await this.assessments.visits(id);
    const views = await this.views.of(this.db.manager, parts.map((visit) => visit.id), actor);
    const visits = views.map((view, i) => ({ ...view, part: parts[i].part }));
    const first = visits.find((v) => v.status !== 'cancelled' && v.part !== 'feedback');
    return {
      id,
      referralId: assessment.referralId,
      patientId: assessment.patientId,
      siteId: assessment.siteId,
      status: assessment.status,
      windowStart: assessment.windowStart,
      windowEnd: assessment.windowEnd,
      careGuaranteeDeadline: referral.careGuaranteeDeadline,
      meetsCareGuarantee: Boolean(first && first.start.slice(0, 10) <= referral.careGuaranteeDeadline),
      outcome: assessment.outcome,
      outcomeNote: assessment.outcomeNote,
      visits,
    };
  }

  /** What the team offers, recorded once the feedback conversation has taken place. */
  async recordOutcome(actor: Actor, id: string, dto: OutcomeDto): Promise<AssessmentDto> {
    await this.db.transaction(async (manager) => {
      const assessment = await this.assessments.findForUpdate(id, manager);
      if (!assessment) throw notFound('assessment', id);
      // Logged in the transaction, so a refusal below leaves no entry.
      await this.access.require(actor, { action: 'update', resource: 'assessment', records: [assessmentRecord(assessment)], audience: 'site-staff', manager });
      if (assessment.status !== 'booked') throw stateConflict('state.assessment_cancelled');
      if (dto.outcome === 'other_measures' && !dto.note) throw unprocessable([problem('note', 'assessment.note_required')]);
      const feedback = await this.assessments.heldFeedback(id, manager);
      if (!feedback || feedback.startsAt.getTime() > Date.now()) throw stateConflict('assessment.feedback_not_held');
      await this.assessments.recordOutcome(id, dto.outcome, dto.note ?? null, manager);
      if (dto.outcome === 'other_measures') await this.episodes.otherMeasures(manager, actor, assessment.referralId);
    });
    return this.get(actor, id);
  }

  /** Cancels every visit still booked; the referral is back on the waiting list. */
  async cancel(actor: Actor, id: string, reason: string): Promise<AssessmentDto> {
    await this.db.transaction(async (manager) => {
      const assessment = await this.assessments.findForUpdate(id, manager);
      if (!assessment) throw notFound('assessment', id);
      // Logged in the transaction, so a refusal below leaves no entry.
      await this.access.require(actor, { action: 'update', resource: 'assessment', records: [assessmentRecord(assessment)], audience: 'site-staff', manager });
      if (assessment.status === 'cancelled') throw stateConflict('state.assessment_cancelled_already');
      await this.assessments.markCancelled(id, reason, manager);
      // Every visit of it: those still booked are cancelled, and each one's reminders follow.
      await this.booking.cancel(manager, await this.assessments.visitIds(id, manager), reason);
    });
    return this.get(actor, id);
  }

  /**
   * Moves one visit to its earliest valid time on or after `earliestDate` (tomorrow by default) within
   * the assessment's window; the feedback conversation moves too only if it no longer fits.
   */
  async rescheduleVisit(actor: Actor, id: string, visitId: string, earliestDate?: string): Promise<AssessmentDto> {
    const assessment = await this.assessments.find(id);
    if (!assessment) throw notFound('assessment', id);
    // Checked now and logged only with the move's transaction: one AccessService.require here would
    // log a move the planner then refuses.
    assertSiteRecord(actor, assessment, 'assessment', id, [assessment.patientId]);
    if (assessment.status !== 'booked') throw stateConflict('state.assessment_cancelled');
    const booked = await this.assessments.bookedVisits(id);
    const moving = booked.find((a) => a.id === visitId);
    if (!moving) throw notFound('booked visit', visitId);
    const feedback = booked.find((a) => a.assessmentPart === 'feedback');
    if (!feedback) throw stateConflict('assessment.no_feedback');
    const plannedVisit = await this.asPlanned(booked);
    const visits = booked.filter((a) => a !== feedback).map(plannedVisit);

    const result = await this.replan(assessment, visits, plannedVisit(feedback), plannedVisit(moving).discipline, earliestDate, 'visitId');

    const byPart = new Map([...result.visits, result.feedback].map((v) => [v.discipline as string, v]));
    await this.booking.transaction(async (manager) => {
      await this.booking.deferOverlapChecks(manager);
      for (const part of result.moved) {
        const appointment = booked.find((a) => a.assessmentPart === part)!;
        const next = byPart.get(part)!;
        await this.booking.reschedule(manager, appointment, {
          start: new Date(next.start),
          end: new Date(next.end),
          roomId: next.roomId,
          staffIds: next.staffIds,
        });
      }
      await this.access.log(actor, { action: 'update', resource: 'assessment', records: [assessmentRecord(assessment)], manager });
    });
    return this.get(actor, id);
  }

  /** The cancelled assessment visit of the referral's site whose time a proposal starts from. */
  private async freedVisit(referral: Referral, appointmentId: string, zone: string) {
    const appointment = await this.assessments.appointment(appointmentId);
    if (!appointment || appointment.siteId !== referral.siteId) {
      throw unprocessable([problem('freedAppointmentId', 'freed.not_of_site', { appointmentId })]);
    }
    if (appointment.kind !== 'assessment_visit') throw unprocessable([problem('freedAppointmentId', 'freed.not_assessment_visit', { kind: appointment.kind })]);
    if (appointment.status !== 'cancelled') throw stateConflict('freed.not_cancelled', { status: appointment.status }, { status: appointment.status });
    if (appointment.startsAt.getTime() <= Date.now()) throw unprocessable([problem('freedAppointmentId', 'freed.begun')]);
    const staffIds = (await this.assessments.staffByAppointment([appointmentId])).get(appointmentId) ?? [];
    return { appointment, staffIds, date: localDateOf(appointment.startsAt, zone) };
  }

  /** The freed visit as the planner's fixed visit: its discipline is its part, or its staff member's. */
  private fixedVisit(appointment: Appointment, staffIds: readonly string[], calendar: SiteCalendar): PlannedVisit {
    const member = calendar.staff.find((s) => s.id === staffIds[0]);
    const discipline = (appointment.assessmentPart as Discipline | null) ?? member?.discipline;
    if (!member || !discipline || staffIds.length !== 1 || member.discipline !== discipline) {
      throw unprocessable([problem('freedAppointmentId', 'freed.not_one_discipline')]);
    }
    const minutes = calendar.settings.assessment.visitMinutes[discipline] ?? DEFAULT_VISIT_MINUTES;
    const length = (appointment.endsAt.getTime() - appointment.startsAt.getTime()) / 60_000;
    if (length !== minutes) throw unprocessable([problem('freedAppointmentId', 'freed.wrong_length', { minutes: length, discipline, required: minutes })]);
    return { discipline, staffIds: [member.id], roomId: appointment.roomId ?? '', start: appointment.startsAt.getTime(), end: appointment.endsAt.getTime() };
  }

  /**
   * Books again the one visit an assessment lost (cancelled, not yet rebooked): its earliest valid time
   * on or after `earliestDate` (tomorrow by default) within the window, other than the time given up,
   * through the same replanning as a move; the feedback conversation moves too only if it no longer fits.
   */
  async rebookMissingVisit(actor: Actor, id: string, earliestDate?: string): Promise<AssessmentDto> {
    const assessment = await this.assessments.find(id);
    if (!assessment) throw notFound('assessment', id);
    // As for a move: checked now, logged with the booking's transaction.
    assertSiteRecord(actor, assessment, 'assessment', id, [assessment.patientId]);
    if (assessment.status !== 'booked') throw stateConflict('state.assessment_cancelled');
    const all = await this.assessments.allVisits(id);
    const { missing, held, feedback } = missingPart(all);
    // The time the lost visit had (cancelled, or not attended): the replanning gives it another.
    const given = all.filter((a) => a.assessmentPart === missing).sort((a, b) => b.startsAt.getTime() - a.startsAt.getTime())[0];
    const plannedVisit = await this.asPlanned([...held, feedback, given]);
    const visits = [...held.map(plannedVisit), plannedVisit(given)];
    const result = await this.replan(assessment, visits, plannedVisit(feedback), missing, earliestDate, 'earliestDate');
    const referral = await this.assessments.referralOf(assessment);

    await this.booking.transaction(async (manager) => {
      // The assessment's row held: a second rebooking waits here and then finds the part booked.
      await this.assessments.findForUpdate(id, manager);
      if (missingPart(await this.assessments.allVisits(id, manager)).missing !== missing) throw stateConflict('assessment.changed_meanwhile');
      await this.booking.deferOverlapChecks(manager);
      const rebooked = result.visits.find((v) => v.discipline === missing)!;
      await this.booking.book(manager, toDrafts([rebooked], referral, id));
      if (result.moved.includes('feedback')) {
        await this.booking.reschedule(manager, feedback, {
          start: new Date(result.feedback.start),
          end: new Date(result.feedback.end),
          roomId: result.feedback.roomId,
          staffIds: result.feedback.staffIds,
        });
      }
      await this.access.log(actor, { action: 'update', resource: 'assessment', records: [assessmentRecord(assessment)], manager });
    });
    return this.get(actor, id);
  }

  /** Plans `moving` again with replanVisit on the site's calendar without this assessment's own visits; 422 on `field` when nothing fits. */
  private async replan(assessment: Assessment, visits: PlannedVisit[], feedback: PlannedVisit, moving: PlannedVisit['discipline'], earliestDate: string | undefined, field: string) {
    const request = await this.moveRequest(assessment, visits, (today) => earliestDate ?? addDays(today, 1));
    const result = planned(field, () => replanVisit(request, assessment.windowStart, visits, feedback, moving));
    if (!result.feasible) throw unprocessable(result.reasons.map((r) => reasonProblem(field, r)));
    return result;
  }

  /**
   * The planning request for moving parts of a booked assessment: the site's calendar without the
   * assessment's own visits, from `earliest(today)` (never before the window) on.
   */
  private async moveRequest(assessment: Assessment, visits: readonly PlannedVisit[], earliest: (today: LocalDate) => LocalDate) {
    const calendar = await this.calendars.load(assessment.siteId, assessment.windowStart, 0, [assessment.patientId], { excludeAssessmentId: assessment.id });
    const from = [earliest(localDateOf(new Date(), calendar.site.timeZone)), assessment.windowStart].sort()[1];
    return calendar.request(assessment.patientId, {
      earliestDate: from,
      includeOccupationalTherapist: visits.some((v) => v.discipline === 'occupational_therapist'),
      maxVisitsPerDay: maxPerDay(visits, calendar),
      needsInterpreter: needsInterpreter(await this.assessments.referralOf(assessment)),
      budget: requestBudget(),
    });
  }

  /** Holds the assessment of a visit about to move, before the visit itself: every change of an assessment takes its row first. */
  async lockForMove(manager: EntityManager, appointment: Appointment): Promise<void> {
    await this.assessments.findForUpdate(appointment.assessmentId!, manager);
  }

  /**
   * What moving one booked part of an assessment to `to` takes (PATCH /appointments/:id and its
   * preview): the part, and the feedback conversation when it no longer fits after it, with the
   * rules that make it move; or the assessment rules the move would break, on `start`.
   */
  async planMove(manager: EntityManager, appointment: Appointment, to: VisitPlace): Promise<MovePlan> {
    const assessment = await this.assessments.find(appointment.assessmentId!, manager);
    const refused = (code: 'state.assessment_cancelled' | 'assessment.no_feedback'): MovePlan => ({ moves: [], problems: [problem('start', code)] });
    if (!assessment || assessment.status !== 'booked') return refused('state.assessment_cancelled');
    const booked = await this.assessments.bookedVisits(assessment.id, manager);
    const feedback = booked.find((a) => a.assessmentPart === 'feedback');
    if (!feedback) return refused('assessment.no_feedback');
    const plannedVisit = await this.asPlanned(booked);
    const visits = booked.filter((a) => a !== feedback).map(plannedVisit);
    const part = appointment.assessmentPart as PlannedVisit['discipline'];
    const target: PlannedVisit = { discipline: part, staffIds: to.staffIds, roomId: to.roomId ?? '', start: to.start.getTime(), end: to.end.getTime() };
    const request = await this.moveRequest(assessment, visits, (today) => today);
    const result = planned('start', () => moveAssessmentPart(request, assessment.windowStart, visits, plannedVisit(feedback), target));
    if (!result.feasible) return { moves: [], problems: result.reasons.map((r) => reasonProblem('start', r)) };
    const byPart = new Map([...result.visits, result.feedback].map((v) => [v.discipline as string, v]));
    return {
      moves: result.moved.map((moved) => {
        const next = byPart.get(moved)!;
        return {
          appointment: booked.find((a) => a.assessmentPart === moved)!,
          to: { start: new Date(next.start), end: new Date(next.end), roomId: next.roomId, staffIds: next.staffIds },
          why: moved === part ? [] : result.feedbackMoves,
        };
      }),
      problems: [],
    };
  }

  /**
   * The appointments as the planner's visits, with their staff. The calendar keeps no order among
   * an appointment's staff; the planner's feedback names the physician first, as the physician of
   * the physician visit among `appointments`.
   */
  private async asPlanned(appointments: readonly Appointment[]): Promise<(a: Appointment) => PlannedVisit> {
    const staffOf = await this.assessments.staffByAppointment(appointments.map((a) => a.id));
    const physicianVisit = appointments.find((a) => a.assessmentPart === 'physician');
    const physician = physicianVisit && staffOf.get(physicianVisit.id)?.[0];
    return (a) => {
      const staffIds = staffOf.get(a.id) ?? [];
      return {
        discipline: a.assessmentPart as PlannedVisit['discipline'],
        staffIds: a.assessmentPart === 'feedback' ? [...staffIds].sort((x, y) => Number(y === physician) - Number(x === physician)) : staffIds,
        roomId: a.roomId!,
        start: a.startsAt.getTime(),
        end: a.endsAt.getTime(),
      };
    };
  }

  /** An accepted referral of a site the caller works at, not yet assessed, with its site's time zone. */
  async waitingReferral(actor: Principal, referralId: string, manager: EntityManager = this.db.manager): Promise<{ referral: Referral; timeZone: string }> {
    const found = await this.assessments.referralToAssess(referralId, manager);
    if (!found || !canAccessSite(actor, found.referral.siteId)) throw unprocessable([problem('referralId', 'site.not_a_referral', { referralId })]);
    const { referral, booked, timeZone } = found;
    if (referral.status !== 'accepted') throw stateConflict('state.referral_not_accepted', { status: referral.status }, { status: referral.status });
    if (booked) throw stateConflict('assessment.booked_already');
    return { referral, timeZone };
  }

  /** Options for planning a referral's assessment: the coordinator's preferences over what the referral asks. */
  planOptions(referral: Referral, earliestDate: string | undefined, preferences: PlanPreferencesDto | undefined, zone: string): PlanOptions {
    const tomorrow = addDays(localDateOf(new Date(), zone), 1);
    return {
      earliestDate: earliestDate ?? tomorrow,
      includeOccupationalTherapist: preferences?.includeOccupationalTherapist ?? referral.contents.occupationalTherapistNeeded,
      preferredStaff: preferences?.preferredStaff as Partial<Record<Discipline, string>> | undefined,
      patientUnavailable: preferences?.unavailable,
      maxVisitsPerDay: preferences?.maxVisitsPerDay,
      needsInterpreter: needsInterpreter(referral),
    };
  }

  /** Enough calendar for every window of the horizon. */
  loadFor(siteId: string, earliestDate: LocalDate, patientIds: readonly string[]): Promise<SiteCalendar> {
    return this.calendars.load(siteId, earliestDate, HORIZON_DAYS, patientIds);
  }


  /** The assessment rules on visits a coordinator may have edited; overlaps are left to the database (409). */
  private assertRules(calendar: SiteCalendar, referral: Referral, visits: readonly PlannedVisit[]): void {
    const parts = visits.map((v) => v.discipline);
    const problems = REQUIRED_PARTS.filter((part) => !parts.includes(part)).map((part) => problem('visits', 'assessment.part_missing', { part }));
    if (parts.filter((p) => p === 'feedback').length !== 1) problems.push(problem('visits', 'assessment.one_feedback'));
    if (new Set(parts).size !== parts.length) problems.push(problem('visits', 'assessment.part_twice'));
    if (problems.length) throw unprocessable(problems);
    const assessmentVisits = visits.filter((v) => v.discipline !== 'feedback');
    const windowStart = assessmentVisits.map((v) => localDateOf(v.start, calendar.site.timeZone)).sort()[0];
    const request = calendar.request(
      referral.patientId,
      {
        earliestDate: windowStart,
        includeOccupationalTherapist: parts.includes('occupational_therapist'),
        maxVisitsPerDay: maxPerDay(assessmentVisits, calendar),
        needsInterpreter: needsInterpreter(referral),
      },
      true,
    );
    const violations = planned('visits', () => assessmentPlanViolations(request, assessmentVisits, visits.find((v) => v.discipline === 'feedback')!));
    if (violations.length) throw unprocessable(violations);
  }
}

/** The referral says the patient needs an interpreter: their visits take the site's extra minutes. */
function needsInterpreter(referral: Referral): boolean {
  return interpreterLanguageOf(referral.contents) !== null;
}

/**
 * The one part an assessment lacks: the disciplines it has had visits of (the four, and an
 * occupational therapist's if ever booked) without one booked or held; with the visits it holds.
 */
function missingPart(visits: readonly Appointment[]): { missing: Discipline; held: Appointment[]; feedback: Appointment } {
  const held = visits.filter((a) => a.status === 'booked' || a.status === 'attended');
  const feedback = held.find((a) => a.assessmentPart === 'feedback');
  if (!feedback) throw stateConflict('assessment.no_feedback');
  const parts = visits.some((a) => a.assessmentPart === 'occupational_therapist') ? [...REQUIRED_PARTS, 'occupational_therapist' as const] : REQUIRED_PARTS;
  const missing = parts.filter((part) => !held.some((a) => a.assessmentPart === part));
  if (missing.length === 0) throw stateConflict('assessment.lacks_none');
  if (missing.length > 1) throw stateConflict('assessment.lacks_several', { count: missing.length, parts: missing.join(', ') });
  return { missing: missing[0], held: held.filter((a) => a !== feedback), feedback };
}

/** A coordinator who books two visits on one day has allowed it for this patient. */
function maxPerDay(visits: readonly PlannedVisit[], calendar: SiteCalendar): number {
  const perDay = new Map<string, number>();
  for (const v of visits) {
    const day = localDateOf(v.start, calendar.site.timeZone);
    perDay.set(day, (perDay.get(day) ?? 0) + 1);
  }
  return Math.max(calendar.settings.assessment.maxVisitsPerDay, ...perDay.values());
}

function toPlannedVisits(visits: readonly PlannedVisitDto[]): PlannedVisit[] {
  return visits.map((v) => ({ discipline: v.part, staffIds: v.staffIds, roomId: v.roomId, start: Date.parse(v.start), end: Date.parse(v.end) }));
}

export function toDrafts(visits: readonly PlannedVisit[], referral: Referral, assessmentId: string): AppointmentDraft[] {
  return visits.map((visit, i) => ({
    siteId: referral.siteId,
    kind: visit.discipline === 'feedback' ? 'feedback_conversation' : 'assessment_visit',
    roomId: visit.roomId,
    start: new Date(visit.start),
    end: new Date(visit.end),
    staffIds: visit.staffIds,
    patientIds: [referral.patientId],
    referralId: referral.id,
    links: { assessmentId, assessmentPart: visit.discipline },
    fieldPrefix: `visits.${i}.`,
  }));
}

/** An assessment as access and the audit log see it: one patient's record, kept by their site. */
function assessmentRecord(assessment: Assessment): ProtectedRecord {
  return { id: assessment.id, siteId: assessment.siteId, patientIds: [assessment.patientId] };
}

function referralRecord(referral: Referral): ProtectedRecord {
  return { id: referral.id, siteId: referral.siteId, patientIds: [referral.patientId] };
}

function toProposal(referral: Referral, outcome: PlanOutcome, calendar: SiteCalendar): ProposalDto {
  const zone = calendar.site.timeZone;
  const base = { referralId: referral.id, careGuaranteeDeadline: referral.careGuaranteeDeadline };
  if (!outcome.feasible) {
    return { ...base, feasible: false, visits: [], windowStart: null, windowEnd: null, meetsCareGuarantee: false, daysLate: 0, reasons: outcome.reasons };
  }
  const visits = [...outcome.visits].sort((a, b) => a.start - b.start);
  const firstDate = localDateOf(visits[0].start, zone);
  const daysLate = Math.max(0, daysBetween(referral.careGuaranteeDeadline, firstDate));
  return {
    ...base,
    feasible: true,
    visits: visits.map((v) => ({ part: v.discipline, staffIds: v.staffIds, roomId: v.roomId, start: formatInstant(v.start, zone), end: formatInstant(v.end, zone) })),
    windowStart: outcome.windowStart,
    windowEnd: addDays(outcome.windowStart, calendar.settings.assessment.windowDays - 1),
    meetsCareGuarantee: daysLate === 0,
    daysLate,
    reasons: [],
  };
}
