import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AccessService } from '../access/access.service';
import { Actor } from '../access/principal';
import { assertSiteRecord } from '../access/site-access';
import { notFound, problem, stateConflict, unprocessable } from '../common/api-errors';
import { BookingService } from '../calendar/booking.service';
import { EpisodeLedger } from '../episodes/episode-ledger';
import { PatientsRepository } from '../patients/patients.repository';
import { SitesService } from '../sites/sites.service';
import { GroupEnrollment } from './group-enrollment.entity';
import { GroupProgram } from './group-program.entity';
import { AttendanceSummaryDto, EnrollmentResultDto, GroupProgramDto, MovedEnrollmentDto, SessionAttendanceDto } from './group-programs.dto';
import { GroupProgramsRepository } from './group-programs.repository';
import { GroupProgramsService } from './group-programs.service';

/**
 * A program's cohort: seating and waitlisting patients, their leaving and moving to another cohort,
 * and their attendance. Seats are booked and freed through the calendar (BookingService), so each
 * patient's sessions, reminders and overlaps follow the same rules as any visit.
 */
@Injectable()
export class GroupEnrollmentsService {
  constructor(
    private readonly programs: GroupProgramsService,
    private readonly repository: GroupProgramsRepository,
    private readonly booking: BookingService,
    private readonly sites: SitesService,
    private readonly patients: PatientsRepository,
    private readonly access: AccessService,
    private readonly episodes: EpisodeLedger,
  ) {}

  /**
   * Seats a patient offered group rehabilitation, or puts them on the program's waitlist when it is
   * full. The program row is locked, so a race for the last seat has exactly one winner.
   */
  async enroll(actor: Actor, id: string, patientId: string): Promise<EnrollmentResultDto> {
    return this.booking.transaction(async (manager) => {
      const program = await this.programs.lockProgram(manager, actor, id);
      const result = await this.takeIn(manager, actor, program, patientId);
      await this.access.log(actor, { action: 'create', resource: 'group_enrollment', records: [{ ...program, patientIds: [patientId] }], manager });
      return result;
    });
  }

  /** The patient leaves; their future sessions are freed and the first on the waitlist moves up. */
  async leave(actor: Actor, id: string, patientId: string): Promise<GroupProgramDto> {
    await this.booking.transaction(async (manager) => {
      const program = await this.programs.lockProgram(manager, actor, id);
      await this.letGo(manager, actor, program, patientId);
      await this.access.log(actor, { action: 'update', resource: 'group_enrollment', records: [{ ...program, patientIds: [patientId] }], manager });
    });
    return this.programs.get(actor, id);
  }

  /**
   * Moves a patient to another cohort of the site: they leave this one as `leave` does (their
   * sessions to come freed, the first waiting moves up) and join the other as `enroll` does (seated,
   * or waitlisted when it is full). Their attendance stays on the sessions they had, in this program.
   */
  async move(actor: Actor, id: string, patientId: string, toProgramId: string): Promise<MovedEnrollmentDto> {
    if (toProgramId === id) throw unprocessable([problem('toProgramId', 'group.same_program')]);
    return this.booking.transaction(async (manager) => {
      // Both rows locked in one order, so two moves the opposite ways wait for each other instead of deadlocking.
      const locked = new Map<string, GroupProgram | null>();
      for (const programId of [id, toProgramId].sort()) locked.set(programId, await this.repository.lock(manager, programId));
      const from = locked.get(id);
      if (!from) throw notFound('group program', id);
      assertSiteRecord(actor, from, 'group program', id);
      const to = locked.get(toProgramId);
      if (!to || to.siteId !== from.siteId) throw unprocessable([problem('toProgramId', 'site.not_a_group_program', { programId: toProgramId })]);
      await this.letGo(manager, actor, from, patientId);
      const result = await this.takeIn(manager, actor, to, patientId);
      // A patient who only waited here has no sessions to count.
      const history = (await this.repository.attendance(id, manager)).find((row) => row.patientId === patientId) ?? { patientId, attended: 0, noShow: 0, cancelled: 0, upcoming: 0 };
      await this.access.log(actor, { action: 'update', resource: 'group_enrollment', records: [{ ...from, patientIds: [patientId] }, { ...to, patientIds: [patientId] }], manager });
      return { ...result, fromProgramId: id, toProgramId, history };
    });
  }

  /** Seats the patient (or waitlists them when the program is full), as an enrolment does; the program row is locked. */
  private async takeIn(manager: EntityManager, actor: Actor, program: GroupProgram, patientId: string): Promise<EnrollmentResultDto> {
    if (program.cancelledAt) throw stateConflict('group.cancelled', { program: program.name }, { status: 'cancelled' });
    const patient = await this.patients.findById(patientId, manager);
    if (!patient || patient.siteId !== program.siteId) throw unprocessable([problem('patientId', 'site.not_a_patient', { patientId })]);
    const offered = await this.episodes.offeredRehabilitation(manager, patientId, 'group_rehab');
    if (!offered) throw unprocessable([problem('patientId', 'group.not_offered', { patient: patient.name, patientId })]);
    const existing = await this.repository.enrollment(manager, program.id, patientId);
    if (existing && existing.status !== 'left') throw stateConflict('group.enrolled_already', { status: existing.status, patient: patient.name, patientId, program: program.name });
    const enrolled = await this.repository.countEnrolled(manager, program.id);
    const status = enrolled < program.capacity ? 'enrolled' : 'waitlisted';
    if (status === 'enrolled') await this.refuseOverlappingCohort(manager, program.id, patientId);
    if (existing) await this.repository.setEnrollmentStatus(manager, existing.id, status, { rejoined: true });
    else await this.repository.addEnrollment(manager, program.id, patientId, status);
    const conflicts = status === 'enrolled' ? await this.bookIntoFutureSessions(manager, program.id, patientId) : [];
    if (status === 'enrolled') await this.markStarted(manager, actor, program, patientId);
    return { patientId, status, conflicts };
  }

  /** The patient leaves the program (locked): their future sessions are freed and the first waiting takes the seat. */
  private async letGo(manager: EntityManager, actor: Actor, program: GroupProgram, patientId: string): Promise<GroupEnrollment> {
    const enrollment = await this.repository.enrollment(manager, program.id, patientId);
    if (!enrollment || enrollment.status === 'left') throw notFound('enrollment of patient', patientId);
    await this.repository.setEnrollmentStatus(manager, enrollment.id, 'left');
    const future = await this.repository.futureSessions(manager, program.id);
    await this.booking.unseat(manager, future.map((s) => s.id), patientId);
    if (enrollment.status === 'enrolled' && !program.cancelledAt) {
      const next = await this.repository.firstWaiting(manager, program.id);
      if (next) {
        await this.repository.setEnrollmentStatus(manager, next.id, 'enrolled');
        await this.bookIntoFutureSessions(manager, program.id, next.patientId);
        await this.markStarted(manager, actor, program, next.patientId);
      }
    }
    return enrollment;
  }

  async recordAttendance(actor: Actor, id: string, sessionId: string, dto: SessionAttendanceDto): Promise<AttendanceSummaryDto[]> {
    const { program } = await this.programs.visibleProgram(actor, id);
    const session = await this.repository.session(id, sessionId);
    if (!session) throw notFound('session', sessionId);
    if (dto.participation !== 'cancelled' && session.startsAt.getTime() > Date.now()) {
      throw unprocessable([problem('participation', 'group.attendance_too_early')]);
    }
    await this.booking.transaction(async (manager) => {
      // As for a visit: a clinician records attendance only of the sessions they lead.
      if (actor.role === 'clinician' && !(await this.booking.participants(manager, sessionId)).staffIds.includes(actor.staffId!)) {
        throw unprocessable([problem('sessionId', 'group.attendance_not_leader')]);
      }
      if (!(await this.booking.recordParticipation(manager, sessionId, dto.patientId, dto.participation))) {
        throw unprocessable([problem('patientId', 'group.not_in_session')]);
      }
      await this.access.log(actor, { action: 'update', resource: 'group_session', records: [{ ...session, patientIds: [dto.patientId] }], manager });
    });
    return this.attendance(actor, program.id);
  }

  /** Per patient: sessions attended, missed, cancelled and still to come. */
  async attendance(actor: Actor, id: string): Promise<AttendanceSummaryDto[]> {
    const { program } = await this.programs.visibleProgram(actor, id);
    const rows = await this.repository.attendance(id);
    await this.access.log(actor, { action: 'read', resource: 'group_program', records: [{ ...program, patientIds: rows.map((r) => r.patientId) }] });
    return rows;
  }

  /** A patient sits in one cohort at a time: refused (422) while seated in a program meeting at the same times. */
  private async refuseOverlappingCohort(manager: EntityManager, programId: string, patientId: string): Promise<void> {
    const [other] = await this.repository.overlappingCohorts(manager, programId, patientId);
    if (other) {
      throw unprocessable([problem('patientId', 'group.seated_elsewhere', { program: other.name, programId: other.id })]);
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
}
