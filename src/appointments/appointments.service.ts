import { HttpException, HttpStatus, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AccessService, mayReach, ProtectedRecord } from '../access/access.service';
import { Actor, Principal } from '../access/principal';
import { assertSiteAccess, assertSiteRecord, hiddenRecord, scopedSiteId } from '../access/site-access';
import { ApiErrorBody, badRequest, codedDetails, CodedProblem, notFound, problem, stateConflict, unprocessable } from '../common/api-errors';
import { queryRange } from '../common/query-range';
import {
  AppointmentQueryDto,
  AttendanceDto,
  AttendanceRecordDto,
  CancelAppointmentDto,
  CreateAppointmentDto,
  FreeSlotDto,
  FreeSlotQueryDto,
  MovePreviewDto,
  RescheduleAppointmentDto,
  VisitMoveDto,
} from './appointments.dto';
import { SiteCalendarRepository } from '../calendar/site-calendar.repository';
import { SitesService } from '../sites/sites.service';
import { resolveSiteSettings } from '../core/rules/site-settings';
import { addDays, daysBetween, formatInstant } from '../core/time/local-time';
import { firstFreeSlots } from '../core/planners/free-slots';
import { isLateCancellation } from '../core/rules/late-cancellation';
import { DEFAULT_ROOM_KIND, DEFAULT_VISIT_MINUTES } from '../core/planners/assessment/request';
import { BookingService } from '../calendar/booking.service';
import { AppointmentViews } from '../calendar/appointment-views';
import { AppointmentDto } from '../calendar/appointment-view.dto';
import { AppointmentsRepository } from './appointments.repository';
import { Appointment } from '../calendar/appointment.entity';
import { MovePlan, PlannedMove, VisitMoveRules, VisitPlace } from '../calendar/visit-move';
import { AssessmentsService } from '../assessments/assessments.service';
import { IndividualProgramsService } from '../individual-programs/individual-programs.service';
import { GroupProgramsService } from '../group-programs/group-programs.service';

@Injectable()
export class AppointmentsService {
  constructor(
    private readonly repository: AppointmentsRepository,
    private readonly booking: BookingService,
    private readonly access: AccessService,
    private readonly views: AppointmentViews,
    private readonly calendars: SiteCalendarRepository,
    private readonly sites: SitesService,
    private readonly assessments: AssessmentsService,
    private readonly individualPrograms: IndividualProgramsService,
    private readonly groupPrograms: GroupProgramsService,
  ) {}

  async create(actor: Actor, dto: CreateAppointmentDto): Promise<AppointmentDto> {
    assertSiteAccess(actor, dto.siteId);
    const { start, end } = parseRange(dto.start, dto.end);
    return this.booking.transaction(async (manager) => {
      const [appointment] = await this.booking.book(manager, [{ ...dto, roomId: dto.roomId ?? null, referralId: dto.referralId ?? null, start, end }]);
      await this.access.log(actor, { action: 'create', resource: 'appointment', records: [{ ...appointment, patientIds: dto.patientIds }], manager });
      return (await this.views.of(manager, [appointment.id], actor))[0];
    });
  }

  async get(actor: Actor, id: string): Promise<AppointmentDto> {
    const [view] = await this.views.of(undefined, [id], actor);
    if (!view) throw notFound('appointment', id);
    await this.access.require(actor, { action: 'read', resource: 'appointment', records: [view] });
    return view;
  }

  async list(actor: Actor, query: AppointmentQueryDto): Promise<AppointmentDto[]> {
    const { from, to } = queryRange(query.from, query.to);
    const patientId = actor.role === 'patient' ? actor.patientId! : query.patientId;
    const siteId = actor.role === 'patient' ? undefined : scopedSiteId(actor, query.siteId);
    const ids = await this.repository.idsOf({ from, to, siteId, status: query.status, staffId: query.staffId, patientId });
    const views = await this.views.of(undefined, ids, actor);
    await this.access.log(actor, { action: 'read', resource: 'appointment', records: views });
    return views;
  }

  /**
   * The first free times for a visit (see firstFreeSlots), from the site's calendar in memory
   * (SiteCalendarRepository.look): a coordinator asks this with the patient on the phone.
   */
  async freeSlots(actor: Actor, query: FreeSlotQueryDto): Promise<FreeSlotDto[]> {
    const siteId = scopedSiteId(actor, query.siteId);
    if (!siteId) throw badRequest([problem('siteId', 'validation.required_for_admin')]);
    if (!query.staffId && !query.discipline) throw badRequest([problem('discipline', 'validation.one_of_required', { other: 'staffId' })]);
    const to = query.to ?? addDays(query.from, FREE_SLOT_DEFAULT_DAYS - 1);
    const dayCount = daysBetween(query.from, to) + 1;
    if (dayCount < 1) throw badRequest([problem('to', 'validation.not_before', { other: 'from' })]);
    if (dayCount > FREE_SLOT_MAX_DAYS) throw badRequest([problem('to', 'validation.range_too_long', { days: FREE_SLOT_MAX_DAYS - 1, other: 'from' })]);
    const patient = query.patientId ? await this.repository.patientOf(query.patientId) : undefined;
    if (query.patientId && patient?.siteId !== siteId) {
      throw unprocessable([problem('patientId', 'site.not_a_patient', { patientId: query.patientId })]);
    }
    const { assessment, interpreterExtraMinutes } = resolveSiteSettings((await this.sites.get(siteId)).settings);
    // A visit with an interpreter takes longer; a length the caller asks for stays as asked.
    const extraMinutes = patient?.interpreterLanguage ? interpreterExtraMinutes : 0;
    // The calendar covers the first assessment window and its feedback days, the key proposals share; more only when asked.
    const horizonDays = Math.max(0, dayCount - assessment.windowDays - assessment.feedbackExtraDays);
    const calendar = await this.calendars.look(siteId, query.from, horizonDays, query.patientId ? [query.patientId] : []);
    const staff = calendar.staff.filter((s) => (!query.staffId || s.id === query.staffId) && (!query.discipline || s.discipline === query.discipline));
    if (query.staffId && !staff.length) {
      throw unprocessable([query.discipline ? problem('staffId', 'site.not_a_staff_member_of_discipline', { staffId: query.staffId, discipline: query.discipline }) : problem('staffId', 'site.not_a_staff_member', { staffId: query.staffId })]);
    }
    const discipline = query.discipline ?? staff[0]?.discipline;
    const forAssessment = query.kind === 'assessment_visit' && discipline;
    const { zone, closedDays, slotStepMinutes, patientBusy, rooms } = calendar.request(query.patientId ?? '', { earliestDate: query.from });
    const slots = firstFreeSlots({
      zone,
      closedDays,
      firstDate: query.from,
      dayCount,
      slotStepMinutes,
      patientBusy,
      staff,
      rooms,
      minutes: query.minutes ?? (forAssessment ? (assessment.visitMinutes[discipline] ?? DEFAULT_VISIT_MINUTES) : 60) + extraMinutes,
      roomKind: query.roomKind ?? (forAssessment ? (assessment.roomKindByDiscipline[discipline] ?? DEFAULT_ROOM_KIND) : DEFAULT_ROOM_KIND),
      limit: query.limit ?? 5,
      notBefore: Date.now(),
    });
    if (query.patientId) await this.access.log(actor, { action: 'read', resource: 'appointment', records: [{ id: null, patientIds: [query.patientId] }] });
    const names = new Map(staff.map((s) => [s.id, s.name]));
    return slots.map((slot) => ({
      start: formatInstant(slot.start, zone),
      end: formatInstant(slot.end, zone),
      staffId: slot.staffId,
      staffName: names.get(slot.staffId)!,
      roomId: slot.roomId,
    }));
  }

  /**
   * Moves a booked visit as asked, under its assessment's or program's rules and the calendar's,
   * with what must move with it, in one transaction. What else must move has to be confirmed in
   * `alsoMove` (as the preview listed it): nothing moves behind the coordinator's back.
   */
  async reschedule(actor: Actor, id: string, dto: RescheduleAppointmentDto): Promise<AppointmentDto> {
    return this.booking.transaction(async (manager) => {
      const { plan, zone } = await this.planMove(manager, actor, id, dto);
      if (plan.problems.length) throw unprocessable(plan.problems);
      const unconfirmed = plan.moves.slice(1).filter((move) => !dto.alsoMove?.includes(move.appointment.id));
      if (unconfirmed.length) {
        throw stateConflict('move.others_must_move', { count: unconfirmed.length }, {
          details: unconfirmed.map((move) =>
            problem('alsoMove', 'move.must_move_too', {
              appointmentId: move.appointment.id,
              part: move.appointment.assessmentPart ?? move.appointment.kind,
              to: formatInstant(move.to.start, zone),
              why: move.why.map((rule) => rule.problem).join('; '),
            }),
          ),
          alsoMove: unconfirmed.map((move) => move.appointment.id),
        });
      }
      await this.applyMoves(manager, plan.moves);
      await this.access.log(actor, { action: 'update', resource: 'appointment', records: await this.recordsOf(manager, plan.moves), manager });
      return (await this.views.of(manager, [id], actor))[0];
    });
  }

  /**
   * The move as PATCH would make it, made and rolled back: what it moves, or the problems it meets
   * (its rules, the calendar's, a time another booking holds), so the preview and the move cannot
   * disagree. Nothing changes.
   */
  async previewMove(actor: Actor, id: string, dto: RescheduleAppointmentDto): Promise<MovePreviewDto> {
    const state: { preview?: MovePreviewDto; records?: ProtectedRecord[]; applying: boolean } = { applying: false };
    try {
      await this.booking.transaction(async (manager) => {
        const { plan, requested, zone } = await this.planMove(manager, actor, id, dto);
        const moves = plan.moves.length ? plan.moves : [requested];
        state.records = await this.recordsOf(manager, moves);
        state.preview = { fits: plan.problems.length === 0, moves: await this.movesOf(manager, moves, zone), problems: plan.problems };
        if (state.preview.fits) {
          state.applying = true;
          await this.applyMoves(manager, moves);
          await this.booking.checkOverlapsNow(manager);
        }
        throw ROLL_BACK;
      });
    } catch (error) {
      if (error !== ROLL_BACK && !(state.applying && isRefusal(error))) throw error;
      if (error !== ROLL_BACK) {
        const body = (error as HttpException).getResponse() as ApiErrorBody;
        const conflict = typeof body.conflictingAppointmentId === 'string' ? { conflictingAppointmentId: body.conflictingAppointmentId } : {};
        state.preview = { ...state.preview!, fits: false, problems: codedDetails(body), ...conflict };
      }
    }
    await this.access.log(actor, { action: 'read', resource: 'appointment', records: state.records! });
    return state.preview!;
  }

  /**
   * Locks the visit (its assessment or program first) and asks the feature it belongs to what moving
   * it to the place asked takes; a visit of none of them moves alone, under the calendar's rules.
   */
  private async planMove(manager: EntityManager, actor: Principal, id: string, dto: RescheduleAppointmentDto) {
    const peek = await this.repository.find(manager, id);
    if (!peek) throw notFound('appointment', id);
    assertSiteRecord(actor, peek, 'appointment', id);
    const rules = this.moveRules(peek);
    await rules?.lockForMove(manager, peek);
    const { appointment, staffIds } = await this.lockBooked(manager, actor, id);
    const zone = (await this.sites.get(appointment.siteId, manager)).timeZone;
    const duration = appointment.endsAt.getTime() - appointment.startsAt.getTime();
    const start = dto.start ? new Date(dto.start) : appointment.startsAt;
    const end = dto.end ? new Date(dto.end) : dto.start ? new Date(start.getTime() + duration) : appointment.endsAt;
    if (end <= start) throw badRequest([problem('end', 'validation.after', { other: 'start' })]);
    const to: VisitPlace = { start, end, roomId: dto.roomId === undefined ? appointment.roomId : dto.roomId, staffIds: dto.staffIds ?? staffIds };
    const requested: PlannedMove = { appointment, to, why: [] };
    const refused = (refusal: CodedProblem) => ({ plan: { moves: [], problems: [refusal] }, requested, zone });
    if (start.getTime() <= Date.now()) return refused(problem('start', 'move.begun'));
    if (appointment.groupProgramId && dto.staffIds) return refused(problem('staffIds', 'move.group_leaders_by_module'));
    const plan: MovePlan = rules ? await rules.planMove(manager, appointment, to) : { moves: [requested], problems: [] };
    return { plan, requested, zone };
  }

  /** The assessment or program whose rules a visit moves by, if any. */
  private moveRules(appointment: Appointment): VisitMoveRules | undefined {
    if (appointment.assessmentId && appointment.assessmentPart) return this.assessments;
    if (appointment.individualProgramId) return this.individualPrograms;
    if (appointment.groupProgramId) return this.groupPrograms;
    return undefined;
  }

  /** Makes the moves through the calendar; they may move into each other's old times, so overlaps are checked at commit. */
  private async applyMoves(manager: EntityManager, moves: readonly PlannedMove[]): Promise<void> {
    if (moves.length > 1) await this.booking.deferOverlapChecks(manager);
    for (const move of moves) await this.booking.reschedule(manager, move.appointment, move.to);
  }

  /** The moved appointments as the audit log names them, with their patients. */
  private async recordsOf(manager: EntityManager, moves: readonly PlannedMove[]): Promise<ProtectedRecord[]> {
    return Promise.all(moves.map(async (move) => ({ ...move.appointment, patientIds: (await this.booking.participants(manager, move.appointment.id)).patientIds })));
  }

  private async movesOf(manager: EntityManager, moves: readonly PlannedMove[], zone: string): Promise<VisitMoveDto[]> {
    const place = (p: VisitPlace) => ({ start: formatInstant(p.start, zone), end: formatInstant(p.end, zone), roomId: p.roomId, staffIds: p.staffIds });
    return Promise.all(
      moves.map(async ({ appointment, to, why }, index) => ({
        appointmentId: appointment.id,
        kind: appointment.kind,
        assessmentPart: appointment.assessmentPart,
        requested: index === 0,
        from: place({ start: appointment.startsAt, end: appointment.endsAt, roomId: appointment.roomId, staffIds: (await this.booking.participants(manager, appointment.id)).staffIds }),
        to: place(to),
        why: why.map(({ problem, code, params }) => ({ problem, code, params })),
      })),
    );
  }

  async cancel(actor: Actor, id: string, dto: CancelAppointmentDto): Promise<AppointmentDto> {
    return this.booking.transaction(async (manager) => {
      const { appointment, patientIds } = await this.lockBooked(manager, actor, id);
      const { lateCancellationHours } = resolveSiteSettings((await this.sites.get(appointment.siteId, manager)).settings);
      const category = dto.category ?? null;
      const cancelledAt = new Date();
      const late = isLateCancellation(category, appointment.startsAt, cancelledAt, lateCancellationHours);
      await this.booking.cancel(manager, [id], dto.reason, { category, late, cancelledAt });
      await this.access.log(actor, { action: 'update', resource: 'appointment', records: [{ ...appointment, patientIds }], manager });
      return (await this.views.of(manager, [id], actor))[0];
    });
  }

  /** The patient's late cancellations and no-shows: the patient themself, or staff of their site. */
  async attendanceRecord(actor: Actor, patientId: string): Promise<AttendanceRecordDto> {
    const patient = await this.repository.patientOf(patientId);
    if (!patient) throw notFound('patient', patientId);
    await this.access.require(actor, { action: 'read', resource: 'patient', records: [{ id: patientId, siteId: patient.siteId, patientIds: [patientId] }] });
    const counts = await this.repository.attendanceRecord(patientId);
    return {
      patientId,
      lateCancellations: counts.late_cancellations,
      noShows: counts.no_shows,
      cancellations: { patient_cancelled: counts.patient_cancelled, unit_cancelled: counts.unit_cancelled, illness: counts.illness, uncategorised: counts.uncategorised },
    };
  }

  /** Records whether a patient came. One-patient visits take the same status; group sessions keep theirs. */
  async recordAttendance(actor: Actor, id: string, dto: AttendanceDto): Promise<AppointmentDto> {
    return this.booking.transaction(async (manager) => {
      const appointment = await this.repository.lock(manager, id);
      const [view] = appointment ? await this.views.of(manager, [id], actor) : [];
      if (!appointment || !view) throw notFound('appointment', id);
      assertVisible(actor, view);
      if (actor.role === 'clinician' && !view.staffIds.includes(actor.staffId!)) {
        throw unprocessable([problem('id', 'attendance.not_your_visit')]);
      }
      if (appointment.status === 'cancelled') throw stateConflict('state.appointment', { status: 'cancelled' });
      if (appointment.startsAt.getTime() > Date.now()) {
        throw unprocessable([problem('participation', 'attendance.too_early')]);
      }
      if (!view.patientIds.includes(dto.patientId)) {
        throw unprocessable([problem('patientId', 'attendance.not_on_appointment')]);
      }
      await this.booking.recordParticipation(manager, id, dto.patientId, dto.participation, { visitToo: view.patientIds.length === 1 });
      await this.access.log(actor, { action: 'update', resource: 'appointment', records: [{ ...view, patientIds: [dto.patientId] }], manager });
      return (await this.views.of(manager, [id], actor))[0];
    });
  }

  /** Locks a booked appointment for change by a coordinator of its site. */
  private async lockBooked(manager: EntityManager, actor: Principal, id: string) {
    const appointment = await this.repository.lock(manager, id);
    if (!appointment) throw notFound('appointment', id);
    assertSiteRecord(actor, appointment, 'appointment', id);
    if (appointment.status !== 'booked') throw stateConflict('state.appointment', { status: appointment.status }, { status: appointment.status });
    return { appointment, ...(await this.booking.participants(manager, id)) };
  }
}

/**
 * A patient sees the appointments they are on, staff their site's; any other answers 404 and is
 * logged as refused. For a change whose log names fewer patients than the visit holds (attendance);
 * a read asks AccessService.require, which logs them all.
 */
function assertVisible(viewer: Principal, view: AppointmentDto): void {
  if (!mayReach(viewer, view)) throw hiddenRecord('appointment', view.id, view.patientIds);
}

/** Thrown to roll a preview's transaction back once it has seen what the move would do. */
const ROLL_BACK = new Error('preview rolled back');

/** A refusal of the move by its rules or the calendar (422), or a time someone holds (409). */
function isRefusal(error: unknown): error is HttpException {
  return error instanceof HttpException && [HttpStatus.CONFLICT, HttpStatus.UNPROCESSABLE_ENTITY].includes(error.getStatus());
}

/** Two weeks by default, four at most: a phone call's horizon, and a bounded walk over the calendar. */
const FREE_SLOT_DEFAULT_DAYS = 14;
const FREE_SLOT_MAX_DAYS = 28;

function parseRange(start: string, end: string) {
  const range = { start: new Date(start), end: new Date(end) };
  if (range.end <= range.start) throw badRequest([problem('end', 'validation.after', { other: 'start' })]);
  return range;
}
