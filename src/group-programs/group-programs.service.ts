import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AppointmentDraft } from '../calendar/appointment-draft';
import { SessionDetail } from '../calendar/appointment.entity';
import { BookingService } from '../calendar/booking.service';
import { SiteCalendarRepository } from '../calendar/site-calendar.repository';
import { AccessService } from '../access/access.service';
import { EpisodeLedger } from '../episodes/episode-ledger';
import { Actor } from '../access/principal';
import { assertSiteAccess, assertSiteRecord, assertStaffRecord } from '../access/site-access';
import { badRequest, notFound, planned, stateConflict, unprocessable } from '../common/api-errors';
import { requestBudget } from '../common/request-limits';
import { PatientsRepository } from '../patients/patients.repository';
import { RoomsRepository } from '../rooms/rooms.repository';
import { Interval } from '../core/time/interval';
import { formatInstant } from '../core/time/local-time';
import { Site } from '../sites/site.entity';
import { SitesService } from '../sites/sites.service';
import { GroupProgram } from './group-program.entity';
import { GroupProgramsRepository } from './group-programs.repository';
import {
  AttendanceSummaryDto,
  EnrollmentResultDto,
  GroupProgramDto,
  GroupProgramPreviewDto,
  GroupProgramRequestDto,
  MoveSessionDto,
  SessionAttendanceDto,
  SessionDto,
} from './group-programs.dto';
import { assignLeaders, ContentModule, DEFAULT_WEEKDAYS, DEFAULT_WEEKS, defaultSessionPlan, LeaderCandidate, scheduleSessions } from '../core/planners/group/group-schedule';

const GROUP_ROOM_KINDS = ['group_room', 'gym'];
const DEFAULT_CAPACITY = 8;

@Injectable()
export class GroupProgramsService {
  constructor(
    private readonly repository: GroupProgramsRepository,
    private readonly booking: BookingService,
    private readonly busyTime: SiteCalendarRepository,
    private readonly sites: SitesService,
    private readonly rooms: RoomsRepository,
    private readonly patients: PatientsRepository,
    private readonly access: AccessService,
    private readonly episodes: EpisodeLedger,
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
      throw unprocessable(plan.conflicts.map((c) => ({ field: `sessions.${c.sessionNumber}`, problem: c.problem })), 'the schedule has conflicts to resolve first');
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

  async get(actor: Actor, id: string): Promise<GroupProgramDto> {
    const { program, site } = await this.visibleProgram(actor, id);
    const sessions = await this.repository.sessions(id);
    const enrollments = await this.repository.enrollments(id);
    await this.access.log(actor, { action: 'read', resource: 'group_program', records: [{ ...program, patientIds: enrollments.map((e) => e.patientId) }] });
    return {
      id,
      siteId: program.siteId,
      name: program.name,
      roomId: program.roomId,
      capacity: program.capacity,
      skipped: program.skipped,
      conflicts: [],
      sessions: sessions.map((a) => ({
        number: a.sessionNumber!,
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
    };
  }

  /** Move one session or swap a leader, under the same rules as booking (working hours, absences, overlaps). */
  async moveSession(actor: Actor, id: string, sessionId: string, dto: MoveSessionDto): Promise<GroupProgramDto> {
    await this.visibleProgram(actor, id);
    await this.booking.transaction(async (manager) => {
      const session = await this.repository.lockSession(manager, id, sessionId);
      if (!session || session.status !== 'booked') throw notFound('booked session', sessionId);
      const detail = session.sessionDetail!;
      const leaders = detail.leaders.map((l) => ({ ...l, staffId: dto.leaders?.[l.module as ContentModule] ?? l.staffId }));
      const start = dto.start ? new Date(dto.start) : session.startsAt;
      const end = new Date(start.getTime() + (session.endsAt.getTime() - session.startsAt.getTime()));
      const staffIds = [...new Set(leaders.map((l) => l.staffId))];
      await this.booking.reschedule(manager, session, { start, end, roomId: session.roomId, staffIds, sessionDetail: { ...detail, leaders } });
    });
    return this.get(actor, id);
  }

  /**
   * Seats a patient offered group rehabilitation, or puts them on the program's waitlist when it is
   * full. The program row is locked, so a race for the last seat has exactly one winner.
   */
  async enroll(actor: Actor, id: string, patientId: string): Promise<EnrollmentResultDto> {
    return this.booking.transaction(async (manager) => {
      const program = await this.lockProgram(manager, actor, id);
      const patient = await this.patients.findById(patientId, manager);
      if (!patient || patient.siteId !== program.siteId) throw unprocessable([{ field: 'patientId', problem: `${patientId} is not a patient of this site` }]);
      const offered = await this.episodes.offeredRehabilitation(manager, patientId, 'group_rehab');
      if (!offered) throw unprocessable([{ field: 'patientId', problem: 'the patient has no completed assessment offering group rehabilitation' }]);
      const existing = await this.repository.enrollment(manager, id, patientId);
      if (existing && existing.status !== 'left') throw stateConflict(`the patient is ${existing.status} already`);
      const enrolled = await this.repository.countEnrolled(manager, id);
      const status = enrolled < program.capacity ? 'enrolled' : 'waitlisted';
      if (status === 'enrolled') await this.refuseOverlappingCohort(manager, id, patientId);
      if (existing) await this.repository.setEnrollmentStatus(manager, existing.id, status, { rejoined: true });
      else await this.repository.addEnrollment(manager, id, patientId, status);
      const conflicts = status === 'enrolled' ? await this.bookIntoFutureSessions(manager, id, patientId) : [];
      if (status === 'enrolled') await this.markStarted(manager, actor, program, patientId);
      await this.access.log(actor, { action: 'create', resource: 'group_enrollment', records: [{ ...program, patientIds: [patientId] }], manager });
      return { patientId, status, conflicts };
    });
  }

  /** The patient leaves; their future sessions are freed and the first on the waitlist moves up. */
  async leave(actor: Actor, id: string, patientId: string): Promise<GroupProgramDto> {
    await this.booking.transaction(async (manager) => {
      const program = await this.lockProgram(manager, actor, id);
      const enrollment = await this.repository.enrollment(manager, id, patientId);
      if (!enrollment || enrollment.status === 'left') throw notFound('enrollment of patient', patientId);
      await this.repository.setEnrollmentStatus(manager, enrollment.id, 'left');
      const future = await this.repository.futureSessions(manager, id);
      await this.booking.unseat(manager, future.map((s) => s.id), patientId);
      if (enrollment.status === 'enrolled') {
        const next = await this.repository.firstWaiting(manager, id);
        if (next) {
          await this.repository.setEnrollmentStatus(manager, next.id, 'enrolled');
          await this.bookIntoFutureSessions(manager, id, next.patientId);
          await this.markStarted(manager, actor, program, next.patientId);
        }
      }
      await this.access.log(actor, { action: 'update', resource: 'group_enrollment', records: [{ ...program, patientIds: [patientId] }], manager });
    });
    return this.get(actor, id);
  }

  async recordAttendance(actor: Actor, id: string, sessionId: string, dto: SessionAttendanceDto): Promise<AttendanceSummaryDto[]> {
    const { program } = await this.visibleProgram(actor, id);
    const session = await this.repository.session(id, sessionId);
    if (!session) throw notFound('session', sessionId);
    if (dto.participation !== 'cancelled' && session.startsAt.getTime() > Date.now()) {
      throw unprocessable([{ field: 'participation', problem: 'attendance is recorded once the session has started' }]);
    }
    await this.booking.transaction(async (manager) => {
      // As for a visit: a clinician records attendance only of the sessions they lead.
      if (actor.role === 'clinician' && !(await this.booking.participants(manager, sessionId)).staffIds.includes(actor.staffId!)) {
        throw unprocessable([{ field: 'sessionId', problem: 'only the session’s leaders or a coordinator record attendance' }]);
      }
      if (!(await this.booking.recordParticipation(manager, sessionId, dto.patientId, dto.participation))) {
        throw unprocessable([{ field: 'patientId', problem: 'is not booked into this session' }]);
      }
      await this.access.log(actor, { action: 'update', resource: 'group_session', records: [{ ...session, patientIds: [dto.patientId] }], manager });
    });
    return this.attendance(actor, program.id);
  }

  /** Per patient: sessions attended, missed, cancelled and still to come. */
  async attendance(actor: Actor, id: string): Promise<AttendanceSummaryDto[]> {
    const { program } = await this.visibleProgram(actor, id);
    const rows = await this.repository.attendance(id);
    await this.access.log(actor, { action: 'read', resource: 'group_program', records: [{ ...program, patientIds: rows.map((r) => r.patientId) }] });
    return rows;
  }

  private async plan(actor: Actor, dto: GroupProgramRequestDto) {
    assertSiteAccess(actor, dto.siteId);
    const site = await this.sites.requireReferenced(dto.siteId);
    const room = await this.rooms.findById(dto.roomId);
    if (!room || room.siteId !== site.id || !GROUP_ROOM_KINDS.includes(room.kind)) {
      throw unprocessable([{ field: 'roomId', problem: 'must be a group room or gym of this site' }]);
    }
    const weeks = dto.weeks ?? DEFAULT_WEEKS;
    const weekdays = dto.weekdays ?? [...DEFAULT_WEEKDAYS];
    const count = weeks * weekdays.length;
    const sessionPlan = dto.sessionPlan ?? planned('sessionPlan', () => defaultSessionPlan(count));
    if (sessionPlan.length !== count) throw badRequest([{ field: 'sessionPlan', problem: `must list ${count} sessions (weeks × weekdays)` }]);
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
      assignLeaders(sessions, candidates, { id: room.id, busy: roomBusy }, site.timeZone, { all: dto.leaders }, dto.moduleDisciplines, requestBudget()),
    );
    const leadersOf = new Map(assignments.map((a) => [a.sessionNumber, a.leaders]));
    return { site, plan: { sessions: sessions.map((s) => ({ ...s, leaders: leadersOf.get(s.number) ?? [] })), skipped, conflicts } };
  }

  /** The site's staff with their bookings and absences over the program's span. */
  private async leaderCandidates(site: Site, span: Interval, fixed: Partial<Record<ContentModule, string>>): Promise<LeaderCandidate[]> {
    const staff = await this.repository.siteStaff(site.id);
    const unknown = Object.values(fixed).filter((id) => id && !staff.some((s) => s.id === id));
    if (unknown.length) throw unprocessable([{ field: 'leaders', problem: `${unknown.join(', ')} is not a staff member of this site` }]);
    const { bookings, absences } = await this.busyTime.staffBusy(site.id, span);
    return staff.map((member) => ({
      id: member.id,
      name: member.name,
      discipline: member.discipline,
      workingHours: member.workingHours,
      busy: bookings.filter((b) => b.staffId === member.id),
      absences: absences.filter((a) => a.staffId === member.id),
    }));
  }

  /** A patient sits in one cohort at a time: refused (422) while seated in a program meeting at the same times. */
  private async refuseOverlappingCohort(manager: EntityManager, programId: string, patientId: string): Promise<void> {
    const [other] = await this.repository.overlappingCohorts(manager, programId, patientId);
    if (other) {
      throw unprocessable([{ field: 'patientId', problem: `the patient is seated in group program ${other.name} (${other.id}), whose sessions overlap this program's` }]);
    }
  }

  /** Adds the patient to every future session; sessions where they are booked elsewhere are reported, not forced. */
  private async bookIntoFutureSessions(manager: EntityManager, programId: string, patientId: string): Promise<EnrollmentResultDto['conflicts']> {
    const sessions = (await this.repository.futureSessions(manager, programId)).filter((s) => s.status === 'booked');
    const clashes = await this.booking.seat(manager, sessions.map((s) => s.id), patientId);
    return sessions.flatMap((s) => {
      const conflictingAppointmentId = clashes.get(s.id);
      return conflictingAppointmentId ? [{ sessionNumber: s.sessionNumber, conflictingAppointmentId }] : [];
    });
  }

  /** The patient's rehabilitation begins with the first session they are booked into. */
  private async markStarted(manager: EntityManager, actor: Actor, program: GroupProgram, patientId: string): Promise<void> {
    const startsAt = await this.repository.firstSessionStart(manager, program.id, patientId);
    const { timeZone } = await this.sites.get(program.siteId, manager);
    if (startsAt) await this.episodes.rehabilitationStarted(manager, actor, patientId, 'group_rehab', { startsAt, zone: timeZone });
  }


  private async visibleProgram(actor: Actor, id: string): Promise<{ program: GroupProgram; site: Site }> {
    const program = await this.repository.find(id);
    if (!program) throw notFound('group program', id);
    assertStaffRecord(actor, program, 'group program', id);
    return { program, site: await this.sites.get(program.siteId) };
  }

  private async lockProgram(manager: EntityManager, actor: Actor, id: string): Promise<GroupProgram> {
    const program = await this.repository.lock(manager, id);
    if (!program) throw notFound('group program', id);
    assertSiteRecord(actor, program, 'group program', id);
    return program;
  }
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
