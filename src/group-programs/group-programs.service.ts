import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { epochMs } from '../database/sql';
import { AppointmentDraft } from '../calendar/appointment-draft';
import { AppointmentPatient } from '../calendar/appointment-patient.entity';
import { Appointment, SessionDetail } from '../calendar/appointment.entity';
import { BookingService } from '../calendar/booking.service';
import { AuditService } from '../access/audit.service';
import { EpisodesService } from '../episodes/episodes.service';
import { ReminderOutbox } from '../outbox/reminder-outbox';
import { Actor } from '../access/principal';
import { assertSiteAccess, assertSiteRecord, assertStaffRecord } from '../access/site-access';
import { badRequest, notFound, planned, stateConflict, unprocessable } from '../common/api-errors';
import { requestBudget } from '../common/request-limits';
import { Patient } from '../patients/patient.entity';
import { Room } from '../rooms/room.entity';
import { Interval } from '../core/time/interval';
import { formatInstant } from '../core/time/local-time';
import { Site } from '../sites/site.entity';
import { SitesService } from '../sites/sites.service';
import { StaffMember } from '../staff/staff-member.entity';
import { GroupEnrollment } from './group-enrollment.entity';
import { GroupProgram } from './group-program.entity';
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
import { assignLeaders, ContentModule, DEFAULT_WEEKDAYS, DEFAULT_WEEKS, defaultSessionPlan, LeaderCandidate, scheduleSessions } from '../core/planners/group-schedule';

const GROUP_ROOM_KINDS = ['group_room', 'gym'];
const DEFAULT_CAPACITY = 8;

@Injectable()
export class GroupProgramsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly booking: BookingService,
    private readonly sites: SitesService,
    private readonly audit: AuditService,
    private readonly reminders: ReminderOutbox,
    private readonly episodes: EpisodesService,
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
      const program = await manager.save(GroupProgram, {
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
    const sessions = await this.db.getRepository(Appointment).find({ where: { groupProgramId: id }, order: { sessionNumber: 'ASC' } });
    const enrollments = await this.db.getRepository(GroupEnrollment).find({ where: { groupProgramId: id }, order: { createdAt: 'ASC' } });
    await this.audit.record(actor, 'read', 'group_program', enrollments.map((e) => ({ patientId: e.patientId, resourceId: id })));
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
      const session = await manager.findOne(Appointment, { where: { id: sessionId, groupProgramId: id }, lock: { mode: 'pessimistic_write' } });
      if (!session || session.status !== 'booked') throw notFound('booked session', sessionId);
      const detail = session.sessionDetail!;
      const leaders = detail.leaders.map((l) => ({ ...l, staffId: dto.leaders?.[l.module as ContentModule] ?? l.staffId }));
      const start = dto.start ? new Date(dto.start) : session.startsAt;
      const end = new Date(start.getTime() + (session.endsAt.getTime() - session.startsAt.getTime()));
      await this.booking.reschedule(manager, session, { start, end, roomId: session.roomId, staffIds: [...new Set(leaders.map((l) => l.staffId))] });
      await manager.update(Appointment, { id: sessionId }, { sessionDetail: { ...detail, leaders } });
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
      const patient = await manager.findOneBy(Patient, { id: patientId });
      if (!patient || patient.siteId !== program.siteId) throw unprocessable([{ field: 'patientId', problem: `${patientId} is not a patient of this site` }]);
      const [offered] = await manager.query(
        `SELECT 1 FROM assessments WHERE patient_id = $1 AND status = 'booked' AND outcome = 'group_rehab' LIMIT 1`,
        [patientId],
      );
      if (!offered) throw unprocessable([{ field: 'patientId', problem: 'the patient has no completed assessment offering group rehabilitation' }]);
      const existing = await manager.findOneBy(GroupEnrollment, { groupProgramId: id, patientId });
      if (existing && existing.status !== 'left') throw stateConflict(`the patient is ${existing.status} already`);
      const enrolled = await manager.countBy(GroupEnrollment, { groupProgramId: id, status: 'enrolled' });
      const status = enrolled < program.capacity ? 'enrolled' : 'waitlisted';
      if (existing) await manager.update(GroupEnrollment, { id: existing.id }, { status, createdAt: new Date() });
      else await manager.insert(GroupEnrollment, { groupProgramId: id, patientId, status });
      const conflicts = status === 'enrolled' ? await this.bookIntoFutureSessions(manager, id, patientId) : [];
      if (status === 'enrolled') await this.markStarted(manager, actor, program, patientId);
      await this.audit.record(actor, 'create', 'group_enrollment', [{ patientId, resourceId: id }], manager);
      return { patientId, status, conflicts };
    });
  }

  /** The patient leaves; their future sessions are freed and the first on the waitlist moves up. */
  async leave(actor: Actor, id: string, patientId: string): Promise<GroupProgramDto> {
    await this.booking.transaction(async (manager) => {
      const program = await this.lockProgram(manager, actor, id);
      const enrollment = await manager.findOneBy(GroupEnrollment, { groupProgramId: id, patientId });
      if (!enrollment || enrollment.status === 'left') throw notFound('enrollment of patient', patientId);
      await manager.update(GroupEnrollment, { id: enrollment.id }, { status: 'left' });
      const [left]: [{ appointment_id: string }[]] = await manager.query(
        `UPDATE appointment_patients p SET participation = 'cancelled'
           FROM appointments a WHERE a.id = p.appointment_id AND a.group_program_id = $1 AND p.patient_id = $2 AND a.starts_at > now()
         RETURNING p.appointment_id`,
        [id, patientId],
      );
      await this.reminders.sync(manager, left.map((row) => row.appointment_id));
      if (enrollment.status === 'enrolled') {
        const next = await manager.findOne(GroupEnrollment, { where: { groupProgramId: id, status: 'waitlisted' }, order: { createdAt: 'ASC' } });
        if (next) {
          await manager.update(GroupEnrollment, { id: next.id }, { status: 'enrolled' });
          await this.bookIntoFutureSessions(manager, id, next.patientId);
          await this.markStarted(manager, actor, program, next.patientId);
        }
      }
      await this.audit.record(actor, 'update', 'group_enrollment', [{ patientId, resourceId: id }], manager);
    });
    return this.get(actor, id);
  }

  async recordAttendance(actor: Actor, id: string, sessionId: string, dto: SessionAttendanceDto): Promise<AttendanceSummaryDto[]> {
    const { program } = await this.visibleProgram(actor, id);
    const session = await this.db.getRepository(Appointment).findOneBy({ id: sessionId, groupProgramId: id });
    if (!session) throw notFound('session', sessionId);
    if (dto.participation !== 'cancelled' && session.startsAt.getTime() > Date.now()) {
      throw unprocessable([{ field: 'participation', problem: 'attendance is recorded once the session has started' }]);
    }
    const result = await this.db.getRepository(AppointmentPatient).update({ appointmentId: sessionId, patientId: dto.patientId }, { participation: dto.participation });
    if (!result.affected) throw unprocessable([{ field: 'patientId', problem: 'is not booked into this session' }]);
    await this.audit.record(actor, 'update', 'group_session', [{ patientId: dto.patientId, resourceId: sessionId }]);
    return this.attendance(actor, program.id);
  }

  /** Per patient: sessions attended, missed, cancelled and still to come. */
  async attendance(actor: Actor, id: string): Promise<AttendanceSummaryDto[]> {
    await this.visibleProgram(actor, id);
    const rows: AttendanceSummaryDto[] = await this.db.query(
      `SELECT p.patient_id AS "patientId",
              count(*) FILTER (WHERE p.participation = 'attended')::int AS attended,
              count(*) FILTER (WHERE p.participation = 'no_show')::int AS "noShow",
              count(*) FILTER (WHERE p.participation = 'cancelled')::int AS cancelled,
              count(*) FILTER (WHERE p.participation = 'booked' AND a.starts_at > now())::int AS upcoming
         FROM appointment_patients p JOIN appointments a ON a.id = p.appointment_id
        WHERE a.group_program_id = $1 AND a.status <> 'cancelled'
        GROUP BY p.patient_id ORDER BY p.patient_id`,
      [id],
    );
    await this.audit.record(actor, 'read', 'group_program', rows.map((r) => ({ patientId: r.patientId, resourceId: id })));
    return rows;
  }

  private async plan(actor: Actor, dto: GroupProgramRequestDto) {
    assertSiteAccess(actor, dto.siteId);
    const site = await this.sites.requireReferenced(dto.siteId);
    const room = await this.db.getRepository(Room).findOneBy({ id: dto.roomId });
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
    const roomBusy: { start: number; end: number }[] = await this.db.query(
      `SELECT ${epochMs('starts_at')} AS start, ${epochMs('ends_at')} AS end FROM appointments
        WHERE room_id = $1 AND status <> 'cancelled' AND during && tstzrange(to_timestamp($2 / 1000.0), to_timestamp($3 / 1000.0))`,
      [room.id, span.start, span.end],
    );
    const { assignments, conflicts } = planned('leaders', () =>
      assignLeaders(sessions, candidates, { id: room.id, busy: roomBusy }, site.timeZone, { all: dto.leaders }, dto.moduleDisciplines, requestBudget()),
    );
    const leadersOf = new Map(assignments.map((a) => [a.sessionNumber, a.leaders]));
    return { site, plan: { sessions: sessions.map((s) => ({ ...s, leaders: leadersOf.get(s.number) ?? [] })), skipped, conflicts } };
  }

  /** The site's staff with their bookings and absences over the program's span. */
  private async leaderCandidates(site: Site, span: Interval, fixed: Partial<Record<ContentModule, string>>): Promise<LeaderCandidate[]> {
    const staff = await this.db.getRepository(StaffMember).findBy({ siteId: site.id });
    const unknown = Object.values(fixed).filter((id) => id && !staff.some((s) => s.id === id));
    if (unknown.length) throw unprocessable([{ field: 'leaders', problem: `${unknown.join(', ')} is not a staff member of this site` }]);
    const busy: { staff_id: string; start: number; end: number }[] = await this.db.query(
      `SELECT s.staff_id, ${epochMs('lower(s.during)')} AS start, ${epochMs('upper(s.during)')} AS end
         FROM appointment_staff s JOIN staff_members m ON m.id = s.staff_id
        WHERE m.site_id = $1 AND s.active AND s.during && tstzrange(to_timestamp($2 / 1000.0), to_timestamp($3 / 1000.0))`,
      [site.id, span.start, span.end],
    );
    const absences: { staff_id: string; start: number; end: number; reason: string }[] = await this.db.query(
      `SELECT a.staff_id, ${epochMs('a.starts_at')} AS start, ${epochMs('a.ends_at')} AS end, a.reason
         FROM staff_absences a JOIN staff_members m ON m.id = a.staff_id
        WHERE m.site_id = $1 AND a.starts_at < to_timestamp($3 / 1000.0) AND a.ends_at > to_timestamp($2 / 1000.0)`,
      [site.id, span.start, span.end],
    );
    return staff.map((member) => ({
      id: member.id,
      name: member.name,
      discipline: member.discipline,
      workingHours: member.workingHours,
      busy: busy.filter((b) => b.staff_id === member.id),
      absences: absences.filter((a) => a.staff_id === member.id),
    }));
  }

  /** Adds the patient to every future session; sessions where they are booked elsewhere are reported, not forced. */
  private async bookIntoFutureSessions(manager: EntityManager, programId: string, patientId: string): Promise<EnrollmentResultDto['conflicts']> {
    const sessions: { id: string; session_number: number; conflicting: string | null }[] = await manager.query(
      `SELECT a.id, a.session_number,
              (SELECT p.appointment_id FROM appointment_patients p
                WHERE p.patient_id = $2 AND p.active AND p.during && a.during AND p.appointment_id <> a.id LIMIT 1) AS conflicting
         FROM appointments a WHERE a.group_program_id = $1 AND a.status = 'booked' AND a.starts_at > now()
        ORDER BY a.session_number`,
      [programId, patientId],
    );
    const free = sessions.filter((s) => !s.conflicting);
    if (free.length) {
      await manager.query(
        `INSERT INTO appointment_patients (appointment_id, patient_id) SELECT unnest($1::uuid[]), $2
           ON CONFLICT (appointment_id, patient_id) DO UPDATE SET participation = 'booked'`,
        [free.map((s) => s.id), patientId],
      );
      await this.reminders.sync(manager, free.map((s) => s.id));
    }
    return sessions.filter((s) => s.conflicting).map((s) => ({ sessionNumber: s.session_number, conflictingAppointmentId: s.conflicting! }));
  }

  /** The patient's rehabilitation begins with the first session they are booked into. */
  private async markStarted(manager: EntityManager, actor: Actor, program: GroupProgram, patientId: string): Promise<void> {
    const [first] = await manager.query(
      `SELECT a.starts_at FROM appointments a JOIN appointment_patients p ON p.appointment_id = a.id
        WHERE a.group_program_id = $1 AND p.patient_id = $2 AND p.active ORDER BY a.starts_at LIMIT 1`,
      [program.id, patientId],
    );
    const { timeZone } = await manager.findOneByOrFail(Site, { id: program.siteId });
    if (first) await this.episodes.rehabilitationStarted(manager, actor, patientId, 'group_rehab', { startsAt: first.starts_at, zone: timeZone });
  }


  private async visibleProgram(actor: Actor, id: string, manager: EntityManager = this.db.manager) {
    const program = await manager.findOneBy(GroupProgram, { id });
    if (!program) throw notFound('group program', id);
    assertStaffRecord(actor, program, 'group program', id);
    const site = await manager.findOneByOrFail(Site, { id: program.siteId });
    return { program, site };
  }

  private async lockProgram(manager: EntityManager, actor: Actor, id: string): Promise<GroupProgram> {
    const program = await manager.findOne(GroupProgram, { where: { id }, lock: { mode: 'pessimistic_write' } });
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
