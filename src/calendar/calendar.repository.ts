import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { CancelCategory, Participation } from '../core/vocabulary';
import { Patient } from '../patients/patient.entity';
import { Room } from '../rooms/room.entity';
import { Site } from '../sites/site.entity';
import { StaffAbsence } from '../staff/staff-absence.entity';
import { StaffMember } from '../staff/staff-member.entity';
import { AppointmentPatient } from './appointment-patient.entity';
import { AppointmentStaff } from './appointment-staff.entity';
import { Appointment, SessionDetail } from './appointment.entity';
import { OverlapViolation } from './booking-conflict';

/** What a booking refers to, by kind: the rows the rules read (see rulesInput). */
export interface RulesInputIds {
  siteIds: readonly string[];
  roomIds: readonly string[];
  patientIds: readonly string[];
  referralIds: readonly string[];
  staffIds: readonly string[];
}

/**
 * The rows as the booking rules see them, read by table: sites, rooms, patients and referrals belong
 * to the features above the calendar, whose services would read each in a round trip of its own.
 */
export interface RulesInput {
  sites: Pick<Site, 'id' | 'timeZone' | 'settings'>[];
  closures: { siteId: string; date: string; reason: string }[];
  rooms: Pick<Room, 'id' | 'siteId' | 'name' | 'capacity' | 'deactivatedFrom'>[];
  patients: Pick<Patient, 'id' | 'siteId' | 'reminderChannel'>[];
  referrals: { id: string; siteId: string; patientId: string; status: string }[];
  staff: { member: Pick<StaffMember, 'id' | 'siteId' | 'name' | 'workingHours'>; absences: { start: number; end: number; reason: StaffAbsence['reason'] }[] }[];
}

/** The row rulesInput reads: each table as JSON, timestamps as text. */
type RulesInputRow = Omit<RulesInput, 'staff'> & {
  staff: RulesInput['staff'][number]['member'][];
  absences: { staffId: string; start: string; end: string; reason: StaffAbsence['reason'] }[];
};

/** The appointment already holding the time an exclusion constraint refused, with its holder's name. */
export interface TimeHolder {
  id: string;
  name: string;
}

/**
 * The SQL of BookingService: what the booking rules read, and every write of appointments and their
 * staff and patient rows. Only BookingService calls it, so the rules and the reminder outbox always
 * come with a write.
 */
@Injectable()
export class CalendarRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Everything the booking rules read, in one round trip: the sites (with their zones, settings and
   * closed days), rooms, patients (with how they are reminded), referrals, and staff with the
   * absences that touch [from, to). Rooms and staff are held FOR SHARE in the booking's transaction:
   * a change to one (its hours, absences, capacity) waits for the booking, or the booking for it.
   */
  async rulesInput(manager: EntityManager, ids: RulesInputIds, from: Date, to: Date): Promise<RulesInput> {
    const [row] = (await manager.query(
      `SELECT
         (SELECT coalesce(json_agg(json_build_object('id', id, 'timeZone', time_zone, 'settings', settings)), '[]') FROM sites WHERE id = ANY($1)) AS sites,
         (SELECT coalesce(json_agg(json_build_object('siteId', site_id, 'date', date, 'reason', reason)), '[]') FROM site_closures WHERE site_id = ANY($1)) AS closures,
         (SELECT coalesce(json_agg(r), '[]') FROM (SELECT id, site_id AS "siteId", name, capacity, deactivated_from AS "deactivatedFrom"
                                                     FROM rooms WHERE id = ANY($2) FOR SHARE) r) AS rooms,
         (SELECT coalesce(json_agg(json_build_object('id', id, 'siteId', site_id, 'reminderChannel', reminder_channel)), '[]') FROM patients WHERE id = ANY($3)) AS patients,
         (SELECT coalesce(json_agg(json_build_object('id', id, 'siteId', site_id, 'patientId', patient_id, 'status', status)), '[]') FROM referrals WHERE id = ANY($4)) AS referrals,
         (SELECT coalesce(json_agg(m), '[]') FROM (SELECT id, site_id AS "siteId", name, working_hours AS "workingHours"
                                                     FROM staff_members WHERE id = ANY($5) FOR SHARE) m) AS staff,
         (SELECT coalesce(json_agg(json_build_object('staffId', staff_id, 'start', starts_at, 'end', ends_at, 'reason', reason)), '[]')
            FROM staff_absences WHERE staff_id = ANY($5) AND starts_at < $7 AND ends_at > $6) AS absences`,
      [ids.siteIds, ids.roomIds, ids.patientIds, ids.referralIds, ids.staffIds, from, to],
    )) as [RulesInputRow];
    return {
      sites: row.sites,
      closures: row.closures,
      rooms: row.rooms,
      patients: row.patients,
      referrals: row.referrals,
      staff: row.staff.map((member) => ({
        member,
        absences: row.absences
          .filter((a) => a.staffId === member.id)
          .map((a) => ({ start: new Date(a.start).getTime(), end: new Date(a.end).getTime(), reason: a.reason })),
      })),
    };
  }

  /** The site's calendar version, its row held FOR SHARE until commit so the version cannot move meanwhile. */
  async holdCalendarVersion(siteId: string, manager: EntityManager): Promise<string | undefined> {
    const [site] = (await manager.query(`SELECT calendar_version FROM sites WHERE id = $1 FOR SHARE`, [siteId])) as { calendar_version: string }[];
    return site?.calendar_version;
  }

  /**
   * One statement whatever the number of appointments, with one array per column: a batch writes
   * hundreds of rows at once, and building a placeholder per value would cost more than the insert;
   * and one round trip for a single booking, whose staff rows are what a concurrent booker waits on.
   * Each participant row is joined to its appointment's RETURNING, so it is written after the
   * appointment (its trigger reads the appointment's time, which a volatile trigger sees within the
   * statement); the patients wait for the staff rows, so a clash of both still names the staff member.
   */
  async insert(
    manager: EntityManager,
    appointments: readonly Appointment[],
    participants: readonly { staffIds: readonly string[]; patientIds: readonly string[] }[],
  ): Promise<void> {
    const column = <K extends keyof Appointment>(key: K) => appointments.map((a) => a[key]);
    const pairs = (key: 'staffIds' | 'patientIds') => {
      const rows = participants.flatMap((p, i) => p[key].map((id) => [appointments[i].id, id]));
      return [rows.map(([appointmentId]) => appointmentId), rows.map(([, id]) => id)];
    };
    await manager.query(
      `WITH booked AS (
         INSERT INTO appointments (id, site_id, kind, room_id, referral_id, assessment_id, assessment_part, group_program_id,
                                   session_number, session_detail, individual_program_id, starts_at, ends_at, status)
         SELECT *, 'booked' FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::uuid[], $5::uuid[], $6::uuid[], $7::text[], $8::uuid[],
                                        $9::int[], $10::jsonb[], $11::uuid[], $12::timestamptz[], $13::timestamptz[])
         RETURNING id
       ), staff AS (
         INSERT INTO appointment_staff (appointment_id, staff_id)
         SELECT r.a, r.s FROM unnest($14::uuid[], $15::uuid[]) AS r(a, s) JOIN booked ON booked.id = r.a
         RETURNING 1
       )
       INSERT INTO appointment_patients (appointment_id, patient_id)
       SELECT r.a, r.p FROM unnest($16::uuid[], $17::uuid[]) AS r(a, p) JOIN booked ON booked.id = r.a
        WHERE (SELECT count(*) FROM staff) >= 0`,
      [
        column('id'),
        column('siteId'),
        column('kind'),
        column('roomId'),
        column('referralId'),
        column('assessmentId'),
        column('assessmentPart'),
        column('groupProgramId'),
        column('sessionNumber'),
        appointments.map((a) => (a.sessionDetail ? JSON.stringify(a.sessionDetail) : null)),
        column('individualProgramId'),
        column('startsAt'),
        column('endsAt'),
        ...pairs('staffIds'),
        ...pairs('patientIds'),
      ],
    );
  }

  /** Overlaps checked once, at commit, for moving several appointments past each other in one transaction. */
  async deferOverlapChecks(manager: EntityManager): Promise<void> {
    await manager.query('SET CONSTRAINTS appointment_staff_no_overlap, appointment_patients_no_overlap, appointments_room_no_overlap DEFERRED');
  }

  /** Checks now the overlaps deferred so far (a preview that will roll back never reaches its commit). */
  async checkOverlapsNow(manager: EntityManager): Promise<void> {
    await manager.query('SET CONSTRAINTS appointment_staff_no_overlap, appointment_patients_no_overlap, appointments_room_no_overlap IMMEDIATE');
  }

  /** Moves an appointment and replaces its staff: `removed` leave it, `added` join it. */
  async move(
    manager: EntityManager,
    appointmentId: string,
    change: { start: Date; end: Date; roomId: string | null; sessionDetail?: SessionDetail },
    staff: { removed: readonly string[]; added: readonly string[] },
  ): Promise<void> {
    const { start, end, roomId, sessionDetail } = change;
    await manager.update(Appointment, { id: appointmentId }, { startsAt: start, endsAt: end, roomId, ...(sessionDetail && { sessionDetail }) });
    if (staff.removed.length) await manager.delete(AppointmentStaff, { appointmentId, staffId: In([...staff.removed]) });
    if (staff.added.length) await manager.insert(AppointmentStaff, staff.added.map((staffId) => ({ appointmentId, staffId })));
  }

  /** Cancels those of the appointments still booked. */
  async cancel(manager: EntityManager, appointmentIds: readonly string[], reason: string, how: CancelDetail = {}): Promise<void> {
    await manager.update(
      Appointment,
      { id: In([...appointmentIds]), status: 'booked' },
      { status: 'cancelled', cancelReason: reason, cancelledAt: how.cancelledAt ?? new Date(), cancelCategory: how.category ?? null, lateCancellation: how.late ?? false },
    );
  }

  /** Whether the patient is on the appointment (their participation is then recorded). */
  async recordParticipation(manager: EntityManager, appointmentId: string, patientId: string, participation: Participation): Promise<boolean> {
    const result = await manager.update(AppointmentPatient, { appointmentId, patientId }, { participation });
    return !!result.affected;
  }

  /** A one-patient visit's status follows its patient's attendance. */
  async setStatus(manager: EntityManager, appointmentId: string, status: Extract<Participation, 'attended' | 'no_show'>): Promise<void> {
    await manager.update(Appointment, { id: appointmentId }, { status });
  }

  /** Seats the patient on each appointment; a seat they had cancelled is theirs again. */
  async seat(manager: EntityManager, appointmentIds: readonly string[], patientId: string): Promise<void> {
    await manager.query(
      `INSERT INTO appointment_patients (appointment_id, patient_id) SELECT unnest($1::uuid[]), $2
         ON CONFLICT (appointment_id, patient_id) DO UPDATE SET participation = 'booked'`,
      [appointmentIds, patientId],
    );
  }

  /** Cancels the patient's participation in those of the appointments they are on; returns those. */
  async cancelParticipation(manager: EntityManager, appointmentIds: readonly string[], patientId: string): Promise<string[]> {
    const [rows]: [{ appointment_id: string }[]] = await manager.query(
      `UPDATE appointment_patients SET participation = 'cancelled'
        WHERE appointment_id = ANY($1) AND patient_id = $2
       RETURNING appointment_id`,
      [appointmentIds, patientId],
    );
    return rows.map((row) => row.appointment_id);
  }

  /** Who is on an appointment: its staff and every patient row (a group session's too). */
  async participants(manager: EntityManager, appointmentId: string): Promise<{ staffIds: string[]; patientIds: string[] }> {
    const staff = await manager.findBy(AppointmentStaff, { appointmentId });
    const patients = await manager.findBy(AppointmentPatient, { appointmentId });
    return { staffIds: staff.map((s) => s.staffId), patientIds: patients.map((p) => p.patientId) };
  }

  /** The appointment holding the time a constraint refused; none if it was cancelled since. Read after the rollback. */
  async holderOf(violation: OverlapViolation): Promise<TimeHolder | undefined> {
    const [holder] = (await this.db.query(HOLDER_SQL[violation.constraint], [violation.resourceId, violation.existingRange])) as TimeHolder[];
    return holder;
  }
}

const HOLDER_SQL: Record<OverlapViolation['constraint'], string> = {
  appointment_staff_no_overlap: `SELECT s.appointment_id AS id, m.name FROM appointment_staff s JOIN staff_members m ON m.id = s.staff_id
               WHERE s.staff_id = $1 AND s.active AND s.during = $2::tstzrange LIMIT 1`,
  appointment_patients_no_overlap: `SELECT appointment_id AS id, '' AS name FROM appointment_patients
               WHERE patient_id = $1 AND active AND during = $2::tstzrange LIMIT 1`,
  appointments_room_no_overlap: `SELECT a.id, r.name FROM appointments a JOIN rooms r ON r.id = a.room_id
               WHERE a.room_id = $1 AND a.status <> 'cancelled' AND a.during = $2::tstzrange LIMIT 1`,
};

/** How a cancellation is recorded beyond its reason: its category and whether it was late on the patient. */
export interface CancelDetail {
  category?: CancelCategory | null;
  late?: boolean;
  cancelledAt?: Date;
}
