import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, MoreThanOrEqual } from 'typeorm';
import { Appointment } from '../calendar/appointment.entity';
import { StaffMember } from '../staff/staff-member.entity';
import { EnrollmentStatus, GroupEnrollment } from './group-enrollment.entity';
import { GroupProgram } from './group-program.entity';
import { AttendanceSummaryDto, GroupProgramStatus } from './group-programs.dto';

/** A program as lists show it: its status and span from its sessions, its cohort counted. */
export interface ProgramSummaryRow {
  id: string;
  siteId: string;
  name: string;
  roomId: string;
  capacity: number;
  status: GroupProgramStatus;
  firstStart: Date | null;
  lastEnd: Date | null;
  enrolled: number;
  waitlisted: number;
  timeZone: string;
}

export interface ProgramFilter {
  id?: string;
  siteId?: string;
  status?: GroupProgramStatus;
  /** Local dates of the site: programs with a session from `from` to `to`. */
  from?: string;
  to?: string;
  limit: number;
}

/** A session of a program still to come. */
export interface FutureSession {
  id: string;
  sessionNumber: number;
  status: Appointment['status'];
}

/**
 * Group programs and their cohorts as stored, and what the feature reads of its sessions and of the
 * registers. The sessions' own rows (appointments and the patients on them) are written only by
 * BookingService.
 */
@Injectable()
export class GroupProgramsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  add(manager: EntityManager, program: Omit<GroupProgram, 'id' | 'createdAt'>): Promise<GroupProgram> {
    return manager.save(GroupProgram, program);
  }

  find(id: string, manager: EntityManager = this.db.manager): Promise<GroupProgram | null> {
    return manager.findOneBy(GroupProgram, { id });
  }

  /** The program, its row locked until the transaction ends: a race for its last seat has one winner. */
  lock(manager: EntityManager, id: string): Promise<GroupProgram | null> {
    return manager.findOne(GroupProgram, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** Every session of the program, by number, cancelled ones too. */
  sessions(programId: string): Promise<Appointment[]> {
    return this.db.getRepository(Appointment).find({ where: { groupProgramId: programId }, order: { sessionNumber: 'ASC' } });
  }

  /** The program's booked sessions, by number. */
  bookedSessions(manager: EntityManager, programId: string): Promise<Appointment[]> {
    return manager.find(Appointment, { where: { groupProgramId: programId, status: 'booked' }, order: { sessionNumber: 'ASC' } });
  }

  session(programId: string, sessionId: string, manager: EntityManager = this.db.manager): Promise<Appointment | null> {
    return manager.findOneBy(Appointment, { id: sessionId, groupProgramId: programId });
  }

  /** A session of the program, locked for a change. */
  lockSession(manager: EntityManager, programId: string, sessionId: string): Promise<Appointment | null> {
    return manager.findOne(Appointment, { where: { id: sessionId, groupProgramId: programId }, lock: { mode: 'pessimistic_write' } });
  }

  /** The program's booked sessions from number `from` on, locked for a change, by number. */
  lockSessionsFrom(manager: EntityManager, programId: string, from: number): Promise<Appointment[]> {
    return manager.find(Appointment, {
      where: { groupProgramId: programId, sessionNumber: MoreThanOrEqual(from), status: 'booked' },
      order: { sessionNumber: 'ASC' },
      lock: { mode: 'pessimistic_write' },
    });
  }

  /** The program as it runs from a schedule change on: its room, time, length and weekdays, and the days passed over. */
  async changeSchedule(manager: EntityManager, program: GroupProgram, change: Pick<GroupProgram, 'roomId' | 'startTime' | 'durationMinutes' | 'weekdays' | 'skipped'>): Promise<void> {
    await manager.update(GroupProgram, { id: program.id }, change);
  }

  /** The program's sessions that start later than the transaction did, by number. */
  futureSessions(manager: EntityManager, programId: string): Promise<FutureSession[]> {
    return manager.query(
      `SELECT id, session_number AS "sessionNumber", status FROM appointments
        WHERE group_program_id = $1 AND starts_at > now() ORDER BY session_number`,
      [programId],
    );
  }

  /** When the patient's first live session of the program starts, if they are on one. */
  async firstSessionStart(manager: EntityManager, programId: string, patientId: string): Promise<Date | undefined> {
    const [first] = await manager.query(
      `SELECT a.starts_at FROM appointments a JOIN appointment_patients p ON p.appointment_id = a.id
        WHERE a.group_program_id = $1 AND p.patient_id = $2 AND p.active ORDER BY a.starts_at LIMIT 1`,
      [programId, patientId],
    );
    return first?.starts_at;
  }

  /** Per patient: sessions attended, missed, cancelled and still to come; cancelled sessions left out. */
  attendance(programId: string, manager: EntityManager = this.db.manager): Promise<AttendanceSummaryDto[]> {
    return manager.query(
      `SELECT p.patient_id AS "patientId",
              count(*) FILTER (WHERE p.participation = 'attended')::int AS attended,
              count(*) FILTER (WHERE p.participation = 'no_show')::int AS "noShow",
              count(*) FILTER (WHERE p.participation = 'cancelled')::int AS cancelled,
              count(*) FILTER (WHERE p.participation = 'booked' AND a.starts_at > now())::int AS upcoming
         FROM appointment_patients p JOIN appointments a ON a.id = p.appointment_id
        WHERE a.group_program_id = $1 AND a.status <> 'cancelled'
        GROUP BY p.patient_id ORDER BY p.patient_id`,
      [programId],
    );
  }

  /** Other programs the patient is seated in whose live sessions overlap this program's coming ones. */
  overlappingCohorts(manager: EntityManager, programId: string, patientId: string): Promise<{ id: string; name: string }[]> {
    return manager.query(
      `SELECT g.id, g.name FROM group_enrollments e JOIN group_programs g ON g.id = e.group_program_id
        WHERE e.patient_id = $2 AND e.status = 'enrolled' AND g.id <> $1
          AND EXISTS (SELECT 1 FROM appointments o JOIN appointments m ON tstzrange(m.starts_at, m.ends_at) && tstzrange(o.starts_at, o.ends_at)
                       WHERE o.group_program_id = g.id AND o.status = 'booked'
                         AND m.group_program_id = $1 AND m.status = 'booked' AND m.starts_at > now())
        ORDER BY g.name`,
      [programId, patientId],
    );
  }

  /**
   * Programs with their status (cancelled, else planned, running or finished by the clock against
   * their live sessions), the latest start first. One query serves the list and a program's view,
   * so both say the same.
   */
  summaries(filter: ProgramFilter): Promise<ProgramSummaryRow[]> {
    return this.db.query(
      `SELECT * FROM (
         SELECT g.id, g.site_id AS "siteId", g.name, g.room_id AS "roomId", g.capacity, g.start_date, s.time_zone AS "timeZone",
                CASE WHEN g.cancelled_at IS NOT NULL THEN 'cancelled'
                     WHEN span.first_start IS NULL OR span.first_start > now() THEN 'planned'
                     WHEN span.last_end <= now() THEN 'finished' ELSE 'running' END AS status,
                span.first_start AS "firstStart", span.last_end AS "lastEnd",
                (SELECT count(*) FROM group_enrollments e WHERE e.group_program_id = g.id AND e.status = 'enrolled')::int AS enrolled,
                (SELECT count(*) FROM group_enrollments e WHERE e.group_program_id = g.id AND e.status = 'waitlisted')::int AS waitlisted
           FROM group_programs g JOIN sites s ON s.id = g.site_id
          CROSS JOIN LATERAL (
                SELECT coalesce(min(a.starts_at) FILTER (WHERE a.status <> 'cancelled'), min(a.starts_at)) AS first_start,
                       coalesce(max(a.ends_at) FILTER (WHERE a.status <> 'cancelled'), max(a.ends_at)) AS last_end
                  FROM appointments a WHERE a.group_program_id = g.id) span
          WHERE ($1::uuid IS NULL OR g.id = $1) AND ($2::uuid IS NULL OR g.site_id = $2)
            AND ($4::date IS NULL OR (span.last_end AT TIME ZONE s.time_zone)::date >= $4)
            AND ($5::date IS NULL OR (span.first_start AT TIME ZONE s.time_zone)::date <= $5)
       ) p
       WHERE ($3::text IS NULL OR p.status = $3)
       ORDER BY p.start_date DESC, p.id LIMIT $6`,
      [filter.id ?? null, filter.siteId ?? null, filter.status ?? null, filter.from ?? null, filter.to ?? null, filter.limit],
    );
  }

  /** Per patient, how many of these sessions they are booked on: what cancelling them takes from whom. */
  async bookedSeats(manager: EntityManager, sessionIds: readonly string[]): Promise<Map<string, number>> {
    const rows: { patient_id: string; n: number }[] = await manager.query(
      `SELECT patient_id, count(*)::int AS n FROM appointment_patients WHERE appointment_id = ANY($1) AND participation = 'booked' GROUP BY patient_id`,
      [sessionIds],
    );
    return new Map(rows.map((row) => [row.patient_id, row.n]));
  }

  async markCancelled(manager: EntityManager, programId: string, reason: string): Promise<void> {
    await manager.update(GroupProgram, { id: programId }, { cancelledAt: new Date(), cancelReason: reason });
  }

  /** The cohort and its waitlist, in the order they joined. */
  enrollments(programId: string, manager: EntityManager = this.db.manager): Promise<GroupEnrollment[]> {
    return manager.getRepository(GroupEnrollment).find({ where: { groupProgramId: programId }, order: { createdAt: 'ASC' } });
  }

  enrollment(manager: EntityManager, programId: string, patientId: string): Promise<GroupEnrollment | null> {
    return manager.findOneBy(GroupEnrollment, { groupProgramId: programId, patientId });
  }

  countEnrolled(manager: EntityManager, programId: string): Promise<number> {
    return manager.countBy(GroupEnrollment, { groupProgramId: programId, status: 'enrolled' });
  }

  /** The first on the program's waitlist, if anyone waits. */
  firstWaiting(manager: EntityManager, programId: string): Promise<GroupEnrollment | null> {
    return manager.findOne(GroupEnrollment, { where: { groupProgramId: programId, status: 'waitlisted' }, order: { createdAt: 'ASC' } });
  }

  async addEnrollment(manager: EntityManager, programId: string, patientId: string, status: EnrollmentStatus): Promise<void> {
    await manager.insert(GroupEnrollment, { groupProgramId: programId, patientId, status });
  }

  /** `rejoined` puts a returning patient at the back of the line, as a new enrollment would be. */
  async setEnrollmentStatus(manager: EntityManager, enrollmentId: string, status: EnrollmentStatus, { rejoined = false } = {}): Promise<void> {
    await manager.update(GroupEnrollment, { id: enrollmentId }, { status, ...(rejoined && { createdAt: new Date() }) });
  }

  /**
   * The site's staff, the leaders a program may have, in the order the table holds them (the
   * leader planner breaks ties by it, so StaffRepository.list's order would change its choices).
   */
  siteStaff(siteId: string): Promise<StaffMember[]> {
    return this.db.getRepository(StaffMember).findBy({ siteId });
  }
}
