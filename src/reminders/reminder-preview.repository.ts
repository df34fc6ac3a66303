import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RemindedVisit } from '../core/rules/reminder-message';

/** A visit as its reminders speak of it, with its site and patients for the access check. */
export type PreviewedVisit = RemindedVisit & { siteId: string; patientIds: string[] };

@Injectable()
export class ReminderPreviewRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async visit(id: string): Promise<PreviewedVisit | undefined> {
    const [row] = await this.db.query(
      `SELECT a.kind, a.assessment_part AS "assessmentPart", a.session_number AS "sessionNumber", a.starts_at AS start, s.time_zone AS zone,
              s.name AS "siteName", r.name AS "roomName", s.settings, a.site_id AS "siteId",
              ARRAY(SELECT patient_id FROM appointment_patients WHERE appointment_id = a.id) AS "patientIds"
         FROM appointments a JOIN sites s ON s.id = a.site_id LEFT JOIN rooms r ON r.id = a.room_id WHERE a.id = $1`,
      [id],
    );
    return row;
  }
}
