import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ScheduledVisit } from '../core/rules/patient-schedule';

/** A printed schedule lists at most this many coming visits (an individual program has some 50). */
export const SCHEDULE_MAX_VISITS = 200;

/** The patient's visits still to come, as their printed schedule lists them. */
@Injectable()
export class PatientScheduleRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Booked visits ahead on which the patient still has their place (a group session they left is not theirs), by start. */
  async comingVisits(patientId: string): Promise<ScheduledVisit[]> {
    const rows: {
      kind: ScheduledVisit['kind'];
      assessment_part: string | null;
      session_number: number | null;
      starts_at: Date;
      ends_at: Date;
      time_zone: string;
      site_name: string;
      room_name: string | null;
      disciplines: ScheduledVisit['disciplines'];
    }[] = await this.db.query(
      `SELECT a.kind, a.assessment_part, a.session_number, a.starts_at, a.ends_at, s.time_zone, s.name AS site_name, r.name AS room_name,
              COALESCE((SELECT array_agg(m.discipline ORDER BY m.discipline) FROM appointment_staff x JOIN staff_members m ON m.id = x.staff_id
                         WHERE x.appointment_id = a.id), '{}') AS disciplines
         FROM appointments a JOIN appointment_patients p ON p.appointment_id = a.id JOIN sites s ON s.id = a.site_id LEFT JOIN rooms r ON r.id = a.room_id
        WHERE p.patient_id = $1 AND p.participation = 'booked' AND a.status = 'booked' AND a.ends_at > now()
        ORDER BY a.starts_at, a.id LIMIT $2`,
      [patientId, SCHEDULE_MAX_VISITS],
    );
    return rows.map((row) => ({
      kind: row.kind,
      assessment: row.assessment_part ? { part: row.assessment_part } : null,
      groupProgram: row.session_number !== null ? { sessionNumber: row.session_number } : null,
      start: row.starts_at,
      end: row.ends_at,
      zone: row.time_zone,
      siteName: row.site_name,
      roomName: row.room_name,
      disciplines: row.disciplines,
    }));
  }
}
