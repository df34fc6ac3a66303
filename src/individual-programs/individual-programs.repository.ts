import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Appointment } from '../calendar/appointment.entity';
import { Patient } from '../patients/patient.entity';
import { LocalDate } from '../core/time/local-time';
import { IndividualProgram, IndividualProgramEndReason, IndividualProgramStatus } from './individual-program.entity';
import { IndividualProgramSummaryDto } from './individual-programs.dto';

/** A program's status in SQL, over `individual_programs i`: ended early, visits still booked ahead, or none left. */
const STATUS = `CASE WHEN i.ended_on IS NOT NULL THEN 'ended'
  WHEN EXISTS (SELECT 1 FROM appointments a WHERE a.individual_program_id = i.id AND a.status = 'booked' AND a.starts_at > now()) THEN 'active'
  ELSE 'completed' END`;

/** What booking a program stores; the id and the creation time are the database's. */
export type NewIndividualProgram = Pick<IndividualProgram, 'siteId' | 'patientId' | 'startDate' | 'weeks' | 'visitsPerWeek' | 'mix'>;

/** Individual programs, the patient they are planned for, and their visits (written through BookingService). */
@Injectable()
export class IndividualProgramsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Stores the program and answers it as stored, id included. */
  insert(program: NewIndividualProgram, manager: EntityManager = this.db.manager): Promise<IndividualProgram> {
    return manager.save(IndividualProgram, program);
  }

  find(id: string, manager: EntityManager = this.db.manager): Promise<IndividualProgram | null> {
    return manager.findOneBy(IndividualProgram, { id });
  }

  /** The program, locked for a change (its ending). */
  lock(manager: EntityManager, id: string): Promise<IndividualProgram | null> {
    return manager.findOne(IndividualProgram, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** Programs of a site (or all) and patient, in a status, the latest start first, at most `limit`. */
  list(filter: { siteId: string | null; patientId: string | null; status: IndividualProgramStatus | null; limit: number }): Promise<IndividualProgramSummaryDto[]> {
    return this.db.query(
      `SELECT * FROM (
         SELECT i.id, i.patient_id AS "patientId", i.site_id AS "siteId", to_char(i.start_date, 'YYYY-MM-DD') AS "startDate", i.weeks,
                i.visits_per_week AS "visitsPerWeek", to_char(i.ended_on, 'YYYY-MM-DD') AS "endedOn", i.end_reason AS "endReason",
                ${STATUS} AS status
           FROM individual_programs i
          WHERE ($1::uuid IS NULL OR i.site_id = $1) AND ($2::uuid IS NULL OR i.patient_id = $2)) p
        WHERE ($3::text IS NULL OR p.status = $3)
        ORDER BY p."startDate" DESC, p.id LIMIT $4`,
      [filter.siteId, filter.patientId, filter.status, filter.limit],
    );
  }

  /** Where the program stands (see IndividualProgramStatus). */
  async status(id: string, manager: EntityManager = this.db.manager): Promise<IndividualProgramStatus> {
    const [row] = await manager.query(`SELECT ${STATUS} AS status FROM individual_programs i WHERE i.id = $1`, [id]);
    return row.status;
  }

  /** The program's visits still booked ahead, in order. */
  async comingVisitIds(manager: EntityManager, id: string): Promise<string[]> {
    const rows: { id: string }[] = await manager.query(
      `SELECT id FROM appointments WHERE individual_program_id = $1 AND status = 'booked' AND starts_at > now() ORDER BY starts_at FOR UPDATE`,
      [id],
    );
    return rows.map((row) => row.id);
  }

  async markEnded(manager: EntityManager, id: string, on: LocalDate, reason: IndividualProgramEndReason): Promise<void> {
    await manager.update(IndividualProgram, { id }, { endedOn: on, endReason: reason });
  }

  /** The program's visits, in order of time. */
  async visitIds(id: string, manager: EntityManager = this.db.manager): Promise<string[]> {
    const visits = await manager.find(Appointment, { select: { id: true }, where: { individualProgramId: id }, order: { startsAt: 'ASC' } });
    return visits.map((visit) => visit.id);
  }

  /** The program's booked visits with their staff, for checking a move beside them. */
  async bookedVisits(manager: EntityManager, id: string): Promise<{ id: string; start: number; end: number; roomId: string | null; staffIds: string[] }[]> {
    const rows: { id: string; starts_at: Date; ends_at: Date; room_id: string | null; staff_ids: string[] }[] = await manager.query(
      `SELECT a.id, a.starts_at, a.ends_at, a.room_id, array_remove(array_agg(s.staff_id ORDER BY s.staff_id), NULL) AS staff_ids
         FROM appointments a LEFT JOIN appointment_staff s ON s.appointment_id = a.id
        WHERE a.individual_program_id = $1 AND a.status = 'booked'
        GROUP BY a.id ORDER BY a.starts_at`,
      [id],
    );
    return rows.map((row) => ({ id: row.id, start: row.starts_at.getTime(), end: row.ends_at.getTime(), roomId: row.room_id, staffIds: row.staff_ids }));
  }

  patient(id: string, manager: EntityManager = this.db.manager): Promise<Patient | null> {
    return manager.findOneBy(Patient, { id });
  }
}
