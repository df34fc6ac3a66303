import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Appointment } from '../calendar/appointment.entity';
import { AppointmentStatus } from '../core/vocabulary';

/** Which appointments a list asks for: those overlapping [from, to), narrowed by any of the rest. */
export interface AppointmentFilter {
  from: Date;
  to: Date;
  siteId?: string;
  status?: AppointmentStatus;
  staffId?: string;
  patientId?: string;
}

export interface AttendanceCounts {
  no_shows: number;
  late_cancellations: number;
  patient_cancelled: number;
  unit_cancelled: number;
  illness: number;
  uncategorised: number;
}

/** What the appointments feature reads of the calendar; its writes go through BookingService. */
@Injectable()
export class AppointmentsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The appointment as it is now, unlocked: which assessment or program to hold before locking it. */
  find(manager: EntityManager, id: string): Promise<Appointment | null> {
    return manager.findOneBy(Appointment, { id });
  }

  /** The appointment, its row locked until the transaction ends, so a change and its checks see one state. */
  async lock(manager: EntityManager, id: string): Promise<Appointment | null> {
    return manager.findOne(Appointment, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** The patient's site and interpreter language, or undefined when there is no such patient. */
  async patientOf(patientId: string): Promise<{ siteId: string; interpreterLanguage: string | null } | undefined> {
    const [row] = await this.db.query(`SELECT site_id, interpreter_language FROM patients WHERE id = $1`, [patientId]);
    return row && { siteId: row.site_id, interpreterLanguage: row.interpreter_language };
  }

  /** The patient's late cancellations, no-shows and cancellations by category, over every visit they were on. */
  async attendanceRecord(patientId: string): Promise<AttendanceCounts> {
    const [row] = await this.db.query(
      `SELECT count(*) FILTER (WHERE ap.participation = 'no_show')::int AS no_shows,
              count(*) FILTER (WHERE a.status = 'cancelled' AND a.late_cancellation)::int AS late_cancellations,
              count(*) FILTER (WHERE a.status = 'cancelled' AND a.cancel_category = 'patient_cancelled')::int AS patient_cancelled,
              count(*) FILTER (WHERE a.status = 'cancelled' AND a.cancel_category = 'unit_cancelled')::int AS unit_cancelled,
              count(*) FILTER (WHERE a.status = 'cancelled' AND a.cancel_category = 'illness')::int AS illness,
              count(*) FILTER (WHERE a.status = 'cancelled' AND a.cancel_category IS NULL)::int AS uncategorised
         FROM appointment_patients ap JOIN appointments a ON a.id = ap.appointment_id
        WHERE ap.patient_id = $1`,
      [patientId],
    );
    return row;
  }

  /** The ids of the appointments the filter names, in order of start. */
  async idsOf({ from, to, siteId, status, staffId, patientId }: AppointmentFilter, manager: EntityManager = this.db.manager): Promise<string[]> {
    const found = manager
      .getRepository(Appointment)
      .createQueryBuilder('a')
      .select('a.id', 'id')
      .where('a.during && tstzrange(:from, :to)', { from, to })
      .orderBy('a.starts_at');
    if (siteId) found.andWhere('a.site_id = :siteId', { siteId });
    if (status) found.andWhere('a.status = :status', { status });
    if (staffId) {
      found.andWhere('a.id IN (SELECT appointment_id FROM appointment_staff WHERE staff_id = :staffId AND during && tstzrange(:from, :to))', {
        staffId,
      });
    }
    if (patientId) {
      found.andWhere('a.id IN (SELECT appointment_id FROM appointment_patients WHERE patient_id = :patientId AND during && tstzrange(:from, :to))', {
        patientId,
      });
    }
    return (await found.getRawMany<{ id: string }>()).map((row) => row.id);
  }
}
