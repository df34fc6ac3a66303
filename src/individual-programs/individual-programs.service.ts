import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Appointment } from '../calendar/appointment.entity';
import { MovePlan, VisitMoveRules, VisitPlace } from '../calendar/visit-move';
import { AppointmentViews } from '../calendar/appointment-views';
import { BookingService } from '../calendar/booking.service';
import { SiteCalendar } from '../core/planners/assessment/site-calendar';
import { SiteCalendarRepository } from '../calendar/site-calendar.repository';
import { AccessService, ProtectedRecord } from '../access/access.service';
import { EpisodeLedger } from '../episodes/episode-ledger';
import { Actor } from '../access/principal';
import { canAccessSite, scopedSiteId } from '../access/site-access';
import { SitesService } from '../sites/sites.service';
import { CodedProblem, notFound, planned, problem, stateConflict, unprocessable, violationProblem } from '../common/api-errors';
import { requestBudget } from '../common/request-limits';
import { daysBetween, formatInstant, localDateOf } from '../core/time/local-time';
import { Discipline } from '../core/vocabulary';
import { planIndividualProgram } from '../core/planners/individual/plan';
import { IndividualPlanRequest, PlannedIndividualVisit } from '../core/planners/individual/request';
import { individualPlanViolations } from '../core/planners/individual/violations';
import { IndividualProgram } from './individual-program.entity';
import { IndividualProgramsRepository } from './individual-programs.repository';
import {
  BookIndividualProgramDto,
  EndIndividualProgramDto,
  IndividualProgramDto,
  IndividualProgramQueryDto,
  IndividualProgramRequestDto,
  IndividualProgramSummaryDto,
  IndividualProposalDto,
} from './individual-programs.dto';

const DEFAULT_VISIT_MINUTES = 60;
const DEFAULT_LIST_LIMIT = 50;

@Injectable()
export class IndividualProgramsService implements VisitMoveRules {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly programs: IndividualProgramsRepository,
    private readonly calendars: SiteCalendarRepository,
    private readonly booking: BookingService,
    private readonly views: AppointmentViews,
    private readonly access: AccessService,
    private readonly episodes: EpisodeLedger,
    private readonly sites: SitesService,
  ) {}

  /** A week-by-week plan; books nothing. */
  async propose(actor: Actor, dto: IndividualProgramRequestDto): Promise<IndividualProposalDto> {
    const { calendar, patient } = await this.prepare(actor, dto);
    const plan = planned('body', () => planIndividualProgram({ ...this.request(calendar, dto), budget: requestBudget() }));
    await this.access.log(actor, { action: 'read', resource: 'patient', records: [{ id: patient.id, patientIds: [patient.id] }] });
    const zone = calendar.site.timeZone;
    return { ...plan, visits: plan.visits.map((v) => ({ ...v, start: formatInstant(v.start, zone), end: formatInstant(v.end, zone) })) };
  }

  /** Books the (possibly edited) plan atomically: 422 for a broken rule, 409 for a slot taken meanwhile. */
  async book(actor: Actor, dto: BookIndividualProgramDto): Promise<IndividualProgramDto> {
    const { calendar, patient } = await this.prepare(actor, dto);
    const visits: PlannedIndividualVisit[] = dto.visits.map((v) => ({ ...v, start: Date.parse(v.start), end: Date.parse(v.end) }));
    // Overlaps with other bookings are left to the database, which decides races too.
    const violations = planned('visits', () => individualPlanViolations(this.request(calendar, dto, true), visits));
    if (violations.length) throw unprocessable(violations);
    const id = await this.booking.transaction(async (manager) => {
      const program = await this.programs.insert(
        { siteId: patient.siteId, patientId: patient.id, startDate: dto.startDate, weeks: dto.weeks, visitsPerWeek: dto.visitsPerWeek, mix: this.mix(dto) },
        manager,
      );
      await this.booking.book(
        manager,
        visits.map((v, i) => ({
          siteId: patient.siteId,
          kind: 'individual_visit',
          roomId: v.roomId,
          start: new Date(v.start),
          end: new Date(v.end),
          staffIds: [v.staffId],
          patientIds: [patient.id],
          links: { individualProgramId: program.id },
          fieldPrefix: `visits.${i}.`,
        })),
      );
      const first = Math.min(...visits.map((v) => v.start));
      await this.episodes.rehabilitationStarted(manager, actor, patient.id, 'individual_rehab', { startsAt: new Date(first), zone: calendar.site.timeZone });
      await this.access.log(actor, { action: 'create', resource: 'individual_program', records: [programRecord(program)], manager });
      return program.id;
    });
    return this.get(actor, id);
  }

  async get(actor: Actor, id: string): Promise<IndividualProgramDto> {
    const program = await this.programs.find(id);
    if (!program) throw notFound('individual program', id);
    await this.access.require(actor, { action: 'read', resource: 'individual_program', records: [programRecord(program)] });
    const ids = await this.programs.visitIds(id);
    const { patientId, siteId, startDate, weeks, visitsPerWeek, endedOn, endReason } = program;
    const status = await this.programs.status(id);
    return { id, patientId, siteId, startDate, weeks, visitsPerWeek, status, endedOn, endReason, visits: await this.views.of(this.db.manager, ids, actor) };
  }

  /** The site's programs (an admin's: any site's), by patient and status, the latest start first. */
  async list(actor: Actor, query: IndividualProgramQueryDto): Promise<IndividualProgramSummaryDto[]> {
    const rows = await this.programs.list({
      siteId: scopedSiteId(actor, query.siteId) ?? null,
      patientId: query.patientId ?? null,
      status: query.status ?? null,
      limit: query.limit ?? DEFAULT_LIST_LIMIT,
    });
    await this.access.log(actor, { action: 'read', resource: 'individual_program', records: rows.map((row) => ({ id: row.id, patientIds: [row.patientId] })) });
    return rows;
  }

  /**
   * Ends the program before its last visit, on today's date: the patient was discharged or dropped
   * out. Its visits still to come are cancelled through the calendar, their reminders with them.
   */
  async end(actor: Actor, id: string, dto: EndIndividualProgramDto): Promise<IndividualProgramDto> {
    await this.booking.transaction(async (manager) => {
      const program = await this.programs.lock(manager, id);
      if (!program) throw notFound('individual program', id);
      await this.access.require(actor, { action: 'update', resource: 'individual_program', records: [programRecord(program)], audience: 'site-staff', manager });
      if (program.endReason) throw stateConflict('individual.ended_already', { date: program.endedOn ?? '' }, { status: 'ended' });
      const site = await this.sites.get(program.siteId, manager);
      const coming = await this.programs.comingVisitIds(manager, id);
      await this.booking.cancel(manager, coming, dto.note ?? (dto.reason === 'dropout' ? 'the patient left the program' : 'the patient was discharged'));
      await this.programs.markEnded(manager, id, localDateOf(new Date(), site.timeZone), dto.reason);
    });
    return this.get(actor, id);
  }

  /** Holds the program of a visit about to move, before the visit itself (as ending the program does). */
  async lockForMove(manager: EntityManager, appointment: Appointment): Promise<void> {
    await this.programs.lock(manager, appointment.individualProgramId!);
  }

  /**
   * What moving one visit of the program to `to` takes (PATCH /appointments/:id and its preview):
   * only the visit, which must stay within the program's weeks, with a member of its discipline,
   * its length and room kind, and within the visits a day beside the program's other visits. The
   * weekly counts are the plan's goals, not rules. Overlaps with other bookings are the database's.
   */
  async planMove(manager: EntityManager, appointment: Appointment, to: VisitPlace): Promise<MovePlan> {
    const program = (await this.programs.find(appointment.individualProgramId!, manager))!;
    const refused = (refusal: CodedProblem): MovePlan => ({ moves: [], problems: [refusal] });
    if (program.endReason) return refused(problem('start', 'individual.ended', { date: program.endedOn ?? '' }));
    if (to.staffIds.length !== 1) return refused(problem('staffIds', 'individual.one_staff'));
    const calendar = await this.calendars.load(program.siteId, program.startDate, program.weeks * 7, [program.patientId]);
    const zone = calendar.site.timeZone;
    const booked = await this.programs.bookedVisits(manager, program.id);
    const own = booked.find((v) => v.id === appointment.id)!;
    const discipline = calendar.staff.find((s) => s.id === own.staffIds[0])?.discipline;
    if (!discipline) return refused(problem('staffIds', 'individual.no_discipline'));
    const asPlanned = (v: { start: number; end: number; staffId: string; roomId: string | null }, of: Discipline): PlannedIndividualVisit => ({
      week: Math.floor(daysBetween(program.startDate, localDateOf(v.start, zone)) / 7) + 1,
      discipline: of,
      staffId: v.staffId,
      roomId: v.roomId ?? '',
      start: v.start,
      end: v.end,
    });
    const target = asPlanned({ start: to.start.getTime(), end: to.end.getTime(), staffId: to.staffIds[0], roomId: to.roomId }, discipline);
    const date = localDateOf(target.start, zone);
    const disciplineOf = (staffId: string) => calendar.staff.find((s) => s.id === staffId)?.discipline ?? discipline;
    // The checker judges the day: the moved visit with the program's other visits on its date.
    const sameDay = booked
      .filter((v) => v.id !== appointment.id && localDateOf(v.start, zone) === date)
      .map((v) => asPlanned({ ...v, staffId: v.staffIds[0] }, disciplineOf(v.staffIds[0])));
    const perDay = new Map<string, number>();
    for (const v of booked) perDay.set(localDateOf(v.start, zone), (perDay.get(localDateOf(v.start, zone)) ?? 0) + 1);
    const request = this.request(
      calendar,
      { patientId: program.patientId, startDate: program.startDate, weeks: program.weeks, visitsPerWeek: program.visitsPerWeek, mix: program.mix, maxVisitsPerDay: Math.max(1, ...perDay.values()) },
      true,
    );
    const violations = planned('start', () => individualPlanViolations(request, [target, ...sameDay]));
    return { moves: [{ appointment, to, why: [] }], problems: violations.map((violation) => violationProblem('start', violation)) };
  }

  /** The patient, offered individual rehabilitation, and their site's calendar over the program. */
  private async prepare(actor: Actor, dto: IndividualProgramRequestDto) {
    const patient = await this.programs.patient(dto.patientId);
    if (!patient || !canAccessSite(actor, patient.siteId)) throw unprocessable([problem('patientId', 'site.not_a_patient', { patientId: dto.patientId })]);
    const offered = await this.episodes.offeredRehabilitation(this.db.manager, patient.id, 'individual_rehab');
    if (!offered) throw unprocessable([problem('patientId', 'individual.not_offered', { patient: patient.name, patientId: patient.id })]);
    const calendar = await this.calendars.load(patient.siteId, dto.startDate, dto.weeks * 7, [patient.id]);
    return { patient, calendar };
  }

  private request(calendar: SiteCalendar, dto: IndividualProgramRequestDto, ignoreBusy = false): IndividualPlanRequest {
    const base = calendar.request(dto.patientId, { earliestDate: dto.startDate }, ignoreBusy);
    return {
      zone: base.zone,
      closedDays: base.closedDays,
      startDate: dto.startDate,
      weeks: dto.weeks,
      visitsPerWeek: dto.visitsPerWeek,
      mix: this.mix(dto),
      maxVisitsPerDay: dto.maxVisitsPerDay ?? 1,
      slotStepMinutes: base.slotStepMinutes,
      patientBusy: base.patientBusy,
      patientUnavailable: dto.unavailable,
      preferredStaff: dto.preferredStaff as Partial<Record<Discipline, string>> | undefined,
      staff: base.staff,
      rooms: base.rooms,
    };
  }

  private mix(dto: IndividualProgramRequestDto) {
    return dto.mix.map((m) => ({ discipline: m.discipline, perWeek: m.perWeek, minutes: m.minutes ?? DEFAULT_VISIT_MINUTES, roomKind: m.roomKind ?? 'office' }));
  }
}

/** A program as access and the audit log see it: one patient's record, kept by their site. */
function programRecord(program: IndividualProgram): ProtectedRecord {
  return { id: program.id, siteId: program.siteId, patientIds: [program.patientId] };
}
