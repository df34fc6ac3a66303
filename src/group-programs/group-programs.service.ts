import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AppointmentDraft } from '../calendar/appointment-draft';
import { BookingService } from '../calendar/booking.service';
import { SiteCalendarRepository } from '../calendar/site-calendar.repository';
import { AccessService } from '../access/access.service';
import { Actor } from '../access/principal';
import { assertSiteAccess, assertSiteRecord, assertStaffRecord, scopedSiteId } from '../access/site-access';
import { badRequest, CodedProblem, notFound, planned, problem, stateConflict, unprocessable } from '../common/api-errors';
import { requestBudget } from '../common/request-limits';
import { RoomsRepository } from '../rooms/rooms.repository';
import { Interval } from '../core/time/interval';
import { formatInstant, localDateOf, localTimeOf } from '../core/time/local-time';
import { Appointment, SessionDetail } from '../calendar/appointment.entity';
import { Site } from '../sites/site.entity';
import { SitesService } from '../sites/sites.service';
import { GroupProgram } from './group-program.entity';
import { GroupProgramsRepository, ProgramSummaryRow } from './group-programs.repository';
import {
  CancelGroupProgramDto,
  CancelledGroupProgramDto,
  GroupProgramDto,
  GroupProgramQueryDto,
  GroupProgramSummaryDto,
  GroupProgramPreviewDto,
  GroupProgramRequestDto,
  MoveSessionDto,
  ScheduleChangeDto,
  ScheduleChangePreviewDto,
  SessionDto,
} from './group-programs.dto';
import {
  assignLeaders,
  ContentModule,
  DEFAULT_WEEKDAYS,
  DEFAULT_WEEKS,
  defaultSessionPlan,
  LeaderCandidate,
  redateSessions,
  scheduleSessions,
  ScheduleConflict,
  sessionMoveViolations,
} from '../core/planners/group/group-schedule';
import { MovePlan, VisitMoveRules, VisitPlace } from '../calendar/visit-move';

const GROUP_ROOM_KINDS = ['group_room', 'gym'];
const DEFAULT_CAPACITY = 8;
const DEFAULT_LIST_LIMIT = 50;

@Injectable()
export class GroupProgramsService implements VisitMoveRules {
  constructor(
    private readonly repository: GroupProgramsRepository,
    private readonly booking: BookingService,
    private readonly busyTime: SiteCalendarRepository,
    private readonly sites: SitesService,
    private readonly rooms: RoomsRepository,
    private readonly access: AccessService,
  ) {}

  /** The whole schedule with every conflict, before anything is booked. */
  async preview(actor: Actor, dto: GroupProgramRequestDto): Promise<GroupProgramPreviewDto> {
    const { site, plan } = await this.plan(actor, dto);
    return { ...plan, sessions: plan.sessions.map((s) => toSessionDto(s, site.timeZone)) };
  }

  /** Books every session or none; refused (422) while the preview shows conflicts. */
  async create(actor: Actor, dto: GroupProgramRequestDto): Promise<GroupProgramDto> {
    const { site, plan } = await this.plan(actor, dto);
    if (plan.conflicts.length) {
      throw unprocessable(plan.conflicts.map(conflictProblem), 'group.schedule_conflicts');
    }
    const id = await this.booking.transaction(async (manager) => {
      const program = await this.repository.add(manager, {
        siteId: site.id,
        name: dto.name,
        roomId: dto.roomId,
        startDate: dto.startDate,
        weeks: dto.weeks ?? DEFAULT_WEEKS,
        weekdays: dto.weekdays ?? [...DEFAULT_WEEKDAYS],
        startTime: dto.startTime,
        durationMinutes: dto.durationMinutes,
        capacity: dto.capacity ?? DEFAULT_CAPACITY,
        makeUpPolicy: dto.makeUpPolicy ?? 'after_last_session',
        skipped: plan.skipped,
        cancelledAt: null,
        cancelReason: null,
      });
      const drafts: AppointmentDraft[] = plan.sessions.map((session) => ({
        siteId: site.id,
        kind: 'group_session',
        roomId: dto.roomId,
        start: new Date(session.start),
        end: new Date(session.end),
        staffIds: [...new Set(session.leaders.map((l) => l.staffId))],
        patientIds: [],
        links: { groupProgramId: program.id, sessionNumber: session.number, sessionDetail: detailOf(session) },
        fieldPrefix: `sessions.${session.number}.`,
      }));
      await this.booking.book(manager, drafts);
      return program.id;
    });
    return this.get(actor, id);
  }

  /** The site's programs (an admin's of any site), the latest start first, by status and dates; bounded by `limit`. */
  async list(actor: Actor, query: GroupProgramQueryDto): Promise<GroupProgramSummaryDto[]> {
    if (query.from && query.to && query.to < query.from) throw badRequest([problem('to', 'validation.not_before', { other: 'from' })]);
    const rows = await this.repository.summaries({
      siteId: scopedSiteId(actor, query.siteId),
      status: query.status,
      from: query.from,
      to: query.to,
      limit: query.limit ?? DEFAULT_LIST_LIMIT,
    });
    await this.access.log(actor, { action: 'read', resource: 'group_program', records: rows.map((row) => ({ id: row.id, patientIds: [] })) });
    return rows.map(toSummaryDto);
  }

  /** The program with its sessions, its cohort and waitlist, and everyone's attendance. */
  async get(actor: Actor, id: string): Promise<GroupProgramDto> {
    const { program, site } = await this.visibleProgram(actor, id);
    const sessions = await this.repository.sessions(id);
    const enrollments = await this.repository.enrollments(id);
    const [summary] = await this.repository.summaries({ id, limit: 1 });
    const attendance = await this.repository.attendance(id);
    await this.access.log(actor, { action: 'read', resource: 'group_program', records: [{ ...program, patientIds: enrollments.map((e) => e.patientId) }] });
    return {
      id,
      siteId: program.siteId,
      name: program.name,
      roomId: program.roomId,
      capacity: program.capacity,
      status: summary.status,
      cancelledAt: program.cancelledAt && formatInstant(program.cancelledAt, site.timeZone),
      cancelReason: program.cancelReason,
      skipped: program.skipped,
      conflicts: [],
      sessions: sessions.map((a) => ({
        number: a.sessionNumber!,
        status: a.status === 'cancelled' ? 'cancelled' : 'booked',
        date: formatInstant(a.startsAt, site.timeZone).slice(0, 10),
        start: formatInstant(a.startsAt, site.timeZone),
        end: formatInstant(a.endsAt, site.timeZone),
        makeUp: a.sessionDetail!.makeUp,
        replacesDate: a.sessionDetail!.replacesDate,
        modules: a.sessionDetail!.modules as ContentModule[],
        leaders: a.sessionDetail!.leaders as SessionDto['leaders'],
        appointmentId: a.id,
      })),
      enrollments: enrollments.map((e) => ({ patientId: e.patientId, status: e.status })),
      waitlist: enrollments.filter((e) => e.status === 'waitlisted').map((e) => e.patientId),
      attendance,
    };
  }

  /**
   * Calls the whole program off: its sessions still to come are cancelled through the calendar (the
   * patients' reminders withdrawn, a notice to whoever was reminded already). The cohort keeps its
   * places, so the answer lists everyone seated or waiting, to be offered another program.
   */
  async cancel(actor: Actor, id: string, dto: CancelGroupProgramDto): Promise<CancelledGroupProgramDto> {
    const patients = await this.booking.transaction(async (manager) => {
      const program = await this.lockProgram(manager, actor, id);
      if (program.cancelledAt) throw stateConflict('group.cancelled_already', {}, { status: 'cancelled' });
      const coming = (await this.repository.futureSessions(manager, id)).filter((s) => s.status === 'booked').map((s) => s.id);
      const seats = await this.repository.bookedSeats(manager, coming);
      await this.booking.cancel(manager, coming, `the group program is cancelled: ${dto.reason}`);
      await this.repository.markCancelled(manager, id, dto.reason);
      const cohort = (await this.repository.enrollments(id, manager)).filter((e) => e.status !== 'left');
      // The audit names each patient whose sessions went; a program without any still gets its entry.
      if (cohort.length) await this.access.log(actor, { action: 'update', resource: 'group_program', records: [{ ...program, patientIds: cohort.map((e) => e.patientId) }], manager });
      else await this.access.logChange(actor, { resource: 'group_program', id, manager });
      return cohort.map((e) => ({ patientId: e.patientId, status: e.status, cancelledSessions: seats.get(e.patientId) ?? 0 }));
    });
    return { program: await this.get(actor, id), patients };
  }

  /** Move one session or swap a leader: the program's rules (see planMove), then the same rules as booking. */
  async moveSession(actor: Actor, id: string, sessionId: string, dto: MoveSessionDto): Promise<GroupProgramDto> {
    await this.visibleProgram(actor, id);
    await this.booking.transaction(async (manager) => {
      const program = await this.lockProgram(manager, actor, id);
      const session = await this.repository.lockSession(manager, id, sessionId);
      if (!session || session.status !== 'booked') throw notFound('booked session', sessionId);
      const detail = session.sessionDetail!;
      const leaders = detail.leaders.map((l) => ({ ...l, staffId: dto.leaders?.[l.module as ContentModule] ?? l.staffId }));
      const start = dto.start ? new Date(dto.start) : session.startsAt;
      const end = new Date(start.getTime() + (session.endsAt.getTime() - session.startsAt.getTime()));
      const staffIds = [...new Set(leaders.map((l) => l.staffId))];
      const plan = await this.planMove(manager, session, { start, end, roomId: session.roomId, staffIds, sessionDetail: { ...detail, leaders } });
      if (plan.problems.length) throw unprocessable(plan.problems);
      await this.booking.reschedule(manager, session, plan.moves[0].to);
      const patientIds = (await this.booking.participants(manager, session.id)).patientIds;
      await this.access.log(actor, { action: 'update', resource: 'group_program', records: [{ ...program, patientIds }], manager });
    });
    return this.get(actor, id);
  }

  /** Holds the program of a session about to move, before the session itself (as every change of the program does). */
  async lockForMove(manager: EntityManager, session: Appointment): Promise<void> {
    await this.repository.lock(manager, session.groupProgramId!);
  }

  /**
   * What moving one session to `to` takes (this feature's PATCH of a session, PATCH
   * /appointments/:id and its preview): only the session, which keeps its place in the program's
   * order and the group's one meeting a day, in a group room of the site. The leaders' hours, the
   * patients' other visits and every overlap are booking's and the database's to refuse.
   */
  async planMove(manager: EntityManager, session: Appointment, to: VisitPlace): Promise<MovePlan> {
    const program = (await this.repository.find(session.groupProgramId!, manager))!;
    const refused = (refusal: CodedProblem): MovePlan => ({ moves: [], problems: [refusal] });
    if (program.cancelledAt) return refused(problem('start', 'group.cancelled'));
    if (!to.roomId) return refused(problem('roomId', 'group.room_needed'));
    const site = await this.sites.get(program.siteId, manager);
    if (to.roomId !== session.roomId) await this.groupRoom(site, to.roomId);
    const booked = (await this.repository.bookedSessions(manager, program.id)).map((s) => ({ number: s.sessionNumber!, start: s.startsAt.getTime(), end: s.endsAt.getTime() }));
    const problems = sessionMoveViolations(site.timeZone, booked, session.sessionNumber!, { start: to.start.getTime(), end: to.end.getTime() });
    return { moves: [{ appointment: session, to: { ...to, sessionDetail: to.sessionDetail ?? session.sessionDetail! }, why: [] }], problems: problems.map((found) => ({ field: 'start', ...found })) };
  }

  /** The rest of the program on a new time, length, room or weekdays, with every conflict; changes nothing. */
  async previewScheduleChange(actor: Actor, id: string, dto: ScheduleChangeDto): Promise<ScheduleChangePreviewDto> {
    return this.booking.transaction(async (manager) => {
      const program = await this.lockProgram(manager, actor, id);
      if (program.cancelledAt) throw stateConflict('group.cancelled', {}, { status: 'cancelled' });
      const site = await this.sites.get(program.siteId, manager);
      const plan = await this.planChange(manager, program, site, dto);
      const leadersOf = new Map(plan.booked.map((s) => [s.sessionNumber!, s.sessionDetail!.leaders as SessionDto['leaders']]));
      return { sessions: plan.sessions.map((s) => toSessionDto({ ...s, leaders: leadersOf.get(s.number)! }, site.timeZone)), skipped: plan.skipped, conflicts: plan.conflicts };
    });
  }

  /**
   * Moves every booked session from `fromSession` on as the preview shows, in one transaction
   * through the calendar (its rules, the patients' own appointments, reminders moved with them);
   * refused with 409 while the preview shows conflicts, or when a patient or anyone else holds a
   * time meanwhile.
   */
  async changeSchedule(actor: Actor, id: string, dto: ScheduleChangeDto): Promise<GroupProgramDto> {
    await this.booking.transaction(async (manager) => {
      const program = await this.lockProgram(manager, actor, id);
      if (program.cancelledAt) throw stateConflict('group.cancelled', {}, { status: 'cancelled' });
      const site = await this.sites.get(program.siteId, manager);
      const plan = await this.planChange(manager, program, site, dto);
      if (plan.conflicts.length) {
        throw stateConflict('group.changed_schedule_conflicts', {}, { details: plan.conflicts.map(conflictProblem) });
      }
      // Sessions may move into each other's old times: overlaps are checked once, at commit.
      await this.booking.deferOverlapChecks(manager);
      for (const [index, session] of plan.booked.entries()) {
        const moved = plan.sessions[index];
        const staffIds = [...new Set(session.sessionDetail!.leaders.map((l) => l.staffId))];
        await this.booking.reschedule(manager, session, { start: new Date(moved.start), end: new Date(moved.end), roomId: plan.change.roomId, staffIds, sessionDetail: session.sessionDetail! });
      }
      await this.repository.changeSchedule(manager, program, { ...plan.change, skipped: [...program.skipped, ...plan.skipped] });
      const cohort = (await this.repository.enrollments(id, manager)).filter((e) => e.status === 'enrolled');
      if (cohort.length) await this.access.log(actor, { action: 'update', resource: 'group_program', records: [{ ...program, patientIds: cohort.map((e) => e.patientId) }], manager });
      else await this.access.logChange(actor, { resource: 'group_program', id, manager });
    });
    return this.get(actor, id);
  }

  private async plan(actor: Actor, dto: GroupProgramRequestDto) {
    assertSiteAccess(actor, dto.siteId);
    const site = await this.sites.requireReferenced(dto.siteId);
    const room = await this.groupRoom(site, dto.roomId);
    const weeks = dto.weeks ?? DEFAULT_WEEKS;
    const weekdays = dto.weekdays ?? [...DEFAULT_WEEKDAYS];
    const count = weeks * weekdays.length;
    const sessionPlan = dto.sessionPlan ?? planned('sessionPlan', () => defaultSessionPlan(count));
    if (sessionPlan.length !== count) throw badRequest([problem('sessionPlan', 'validation.session_count', { count })]);
    const closedDays = await this.sites.closedDays(site.id);
    const { sessions, skipped } = planned('body', () => scheduleSessions({
      zone: site.timeZone,
      closedDays,
      startDate: dto.startDate,
      weeks,
      weekdays,
      startTime: dto.startTime,
      durationMinutes: dto.durationMinutes,
      sessionPlan,
      makeUpPolicy: dto.makeUpPolicy ?? 'after_last_session',
    }));
    const span = { start: sessions[0].start, end: sessions[sessions.length - 1].end };
    const candidates = await this.leaderCandidates(site, span, dto.leaders ?? {});
    const roomBusy = await this.busyTime.roomBusy(room.id, span);
    const { assignments, conflicts } = planned('leaders', () =>
      assignLeaders(sessions, candidates, { id: room.id, name: room.name, busy: roomBusy }, site.timeZone, { all: dto.leaders }, dto.moduleDisciplines, requestBudget()),
    );
    const leadersOf = new Map(assignments.map((a) => [a.sessionNumber, a.leaders]));
    return { site, plan: { sessions: sessions.map((s) => ({ ...s, leaders: leadersOf.get(s.number) ?? [] })), skipped, conflicts } };
  }

  private async groupRoom(site: Site, roomId: string) {
    const room = await this.rooms.findById(roomId);
    if (!room || room.siteId !== site.id || !GROUP_ROOM_KINDS.includes(room.kind)) {
      throw unprocessable([problem('roomId', 'site.not_a_group_room', { roomId })]);
    }
    return room;
  }

  /**
   * Sessions from `fromSession` on (locked) on the new weekdays, time, length or room, with the
   * leaders they have and whatever now stands in their way. The sessions' own current times do
   * not count as busy: a booking of the same leader or room at exactly such a time is that
   * session itself, as the calendar lets nothing else overlap it.
   */
  private async planChange(manager: EntityManager, program: GroupProgram, site: Site, dto: ScheduleChangeDto) {
    if (dto.startTime === undefined && dto.durationMinutes === undefined && dto.roomId === undefined && dto.weekdays === undefined) {
      throw badRequest([problem('startTime', 'validation.nothing_to_change', { fields: 'startTime, durationMinutes, roomId, weekdays' })]);
    }
    const zone = site.timeZone;
    const booked = await this.repository.lockSessionsFrom(manager, program.id, dto.fromSession);
    const first = booked[0];
    if (!first || first.sessionNumber !== dto.fromSession) throw unprocessable([problem('fromSession', 'group.no_session', { session: dto.fromSession })]);
    if (first.startsAt.getTime() <= Date.now()) throw unprocessable([problem('fromSession', 'group.session_started')]);
    const roomId = dto.roomId === undefined ? program.roomId : (await this.groupRoom(site, dto.roomId)).id;
    const startTime = dto.startTime ?? localTimeOf(first.startsAt, zone);
    const durationMinutes = dto.durationMinutes ?? Math.round((first.endsAt.getTime() - first.startsAt.getTime()) / 60_000);
    const weekdays = dto.weekdays ?? program.weekdays;
    const closedDays = await this.sites.closedDays(site.id, manager);
    const { sessions, skipped } = planned('fromSession', () =>
      redateSessions(
        { zone, closedDays, fromDate: localDateOf(first.startsAt, zone), weekdays, startTime, durationMinutes },
        booked.map((s) => ({ number: s.sessionNumber!, makeUp: s.sessionDetail!.makeUp, replacesDate: s.sessionDetail!.replacesDate, modules: s.sessionDetail!.modules as ContentModule[] })),
      ),
    );
    const span = { start: sessions[0].start, end: sessions[sessions.length - 1].end };
    const candidates = await this.leaderCandidates(site, span, {}, booked);
    const isOwnTime = (busy: Interval) => booked.some((s) => s.roomId === roomId && s.startsAt.getTime() === busy.start && s.endsAt.getTime() === busy.end);
    const roomBusy = (await this.busyTime.roomBusy(roomId, span)).filter((busy) => !isOwnTime(busy));
    const bySession = Object.fromEntries(booked.map((s) => [s.sessionNumber!, Object.fromEntries(s.sessionDetail!.leaders.map((l) => [l.module, l.staffId]))]));
    const roomName = (await this.rooms.findById(roomId))?.name;
    const { conflicts } = planned('fromSession', () => assignLeaders(sessions, candidates, { id: roomId, name: roomName, busy: roomBusy }, zone, { bySession }, {}, requestBudget()));
    return { booked, sessions, skipped, conflicts, change: { roomId, startTime, durationMinutes, weekdays } };
  }

  /**
   * The site's staff with their bookings and absences over the program's span; bookings that are
   * one of `own` sessions led by that member (a schedule change moving them) are left out.
   */
  private async leaderCandidates(site: Site, span: Interval, fixed: Partial<Record<ContentModule, string>>, own: readonly Appointment[] = []): Promise<LeaderCandidate[]> {
    const staff = await this.repository.siteStaff(site.id);
    const unknown = Object.values(fixed).filter((id) => id && !staff.some((s) => s.id === id));
    if (unknown.length) throw unprocessable([problem('leaders', 'group.not_a_leader', { staffIds: unknown.join(', ') })]);
    const { bookings, absences } = await this.busyTime.staffBusy(site.id, span);
    return staff.map((member) => ({
      id: member.id,
      name: member.name,
      discipline: member.discipline,
      workingHours: member.workingHours,
      busy: bookings.filter(
        (b) =>
          b.staffId === member.id &&
          !own.some((s) => s.startsAt.getTime() === b.start && s.endsAt.getTime() === b.end && s.sessionDetail!.leaders.some((l) => l.staffId === member.id)),
      ),
      absences: absences.filter((a) => a.staffId === member.id),
    }));
  }

  /** The program as staff of its site see it (a patient, or another site, is answered 404). */
  async visibleProgram(actor: Actor, id: string): Promise<{ program: GroupProgram; site: Site }> {
    const program = await this.repository.find(id);
    if (!program) throw notFound('group program', id);
    assertStaffRecord(actor, program, 'group program', id);
    return { program, site: await this.sites.get(program.siteId) };
  }

  /** The program locked for a change, in the caller's transaction; another site's is answered 404. */
  async lockProgram(manager: EntityManager, actor: Actor, id: string): Promise<GroupProgram> {
    const program = await this.repository.lock(manager, id);
    if (!program) throw notFound('group program', id);
    assertSiteRecord(actor, program, 'group program', id);
    return program;
  }
}

function toSummaryDto(row: ProgramSummaryRow): GroupProgramSummaryDto {
  return {
    id: row.id,
    siteId: row.siteId,
    name: row.name,
    roomId: row.roomId,
    capacity: row.capacity,
    status: row.status,
    firstSessionStart: row.firstStart && formatInstant(row.firstStart, row.timeZone),
    lastSessionEnd: row.lastEnd && formatInstant(row.lastEnd, row.timeZone),
    enrolled: row.enrolled,
    waitlisted: row.waitlisted,
  };
}

function detailOf(session: { modules: ContentModule[]; leaders: { module: ContentModule; staffId: string }[]; makeUp: boolean; replacesDate?: string }): SessionDetail {
  return { modules: session.modules, leaders: session.leaders, makeUp: session.makeUp, ...(session.replacesDate && { replacesDate: session.replacesDate }) };
}

function toSessionDto(session: { number: number; date: string; start: number; end: number; makeUp: boolean; replacesDate?: string; modules: ContentModule[]; leaders: SessionDto['leaders'] }, zone: string): SessionDto {
  return {
    number: session.number,
    date: session.date,
    start: formatInstant(session.start, zone),
    end: formatInstant(session.end, zone),
    makeUp: session.makeUp,
    ...(session.replacesDate && { replacesDate: session.replacesDate }),
    modules: session.modules,
    leaders: session.leaders,
  };
}

/** A schedule conflict as a problem of its session (`sessions.N`), its code and parameters naming who or what is in the way. */
function conflictProblem(conflict: ScheduleConflict): CodedProblem {
  return { field: `sessions.${conflict.sessionNumber}`, problem: conflict.problem, code: conflict.code, params: conflict.params };
}
