import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Principal } from '../access/principal';
import { visitLabel } from '../core/rules/visit-label';
import { formatInstant } from '../core/time/local-time';
import { AppointmentKind, AppointmentStatus, CancelCategory } from '../core/vocabulary';
import { AppointmentDto, InterpreterDto, ParticipantDto } from './appointment-view.dto';
import { PreparedStatement, queryPrepared } from '../database/prepared';

/**
 * Visits as the API shows them, for every feature that answers with visits: the calendar layer's
 * read model, one query per call. It writes nothing (BookingService does).
 */
@Injectable()
export class AppointmentViews {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Appointments as the API shows them, in the order of `ids`, times in their site's zone; one query.
   * `manager` is the caller's transaction, or undefined to read outside one. A patient sees only
   * their own participation in a group session.
   */
  async of(manager: EntityManager | undefined, ids: readonly string[], viewer: Principal): Promise<AppointmentDto[]> {
    const byId = new Map((await this.rows(ids, manager)).map((row) => [row.id, row]));
    return ids.flatMap((id) => {
      const row = byId.get(id);
      return row ? [toView(row, viewer)] : [];
    });
  }

  /** In the caller's transaction as a plain query (a prepared statement lives on a pooled connection); outside one, prepared. */
  private async rows(ids: readonly string[], manager: EntityManager | undefined): Promise<AppointmentRow[]> {
    if (!ids.length) return [];
    return manager ? manager.query(VIEWS_QUERY.text, [ids]) : queryPrepared<AppointmentRow>(this.db, VIEWS_QUERY, [ids]);
  }
}

/** Every list, lookup and booking answers through it: prepared, so a connection plans it once. */
const VIEWS_QUERY: PreparedStatement = {
  name: 'appointment-views',
  text: `SELECT a.id, a.site_id, a.kind, a.room_id, a.referral_id, a.assessment_id, a.starts_at, a.ends_at, a.status, a.cancel_reason, a.cancel_category, a.late_cancellation, a.assessment_part, a.session_number, s.time_zone,
              ARRAY(SELECT staff_id FROM appointment_staff WHERE appointment_id = a.id ORDER BY staff_id) AS staff_ids,
              COALESCE((SELECT json_agg(json_build_object('patientId', x.patient_id, 'participation', x.participation, 'interpreterLanguage', p.interpreter_language) ORDER BY x.patient_id)
                          FROM appointment_patients x JOIN patients p ON p.id = x.patient_id WHERE x.appointment_id = a.id), '[]') AS participants
         FROM appointments a JOIN sites s ON s.id = a.site_id
        WHERE a.id = ANY($1)`,
};

function toView(row: AppointmentRow, viewer: Principal): AppointmentDto {
  const participants = row.participants
    .filter((p) => viewer.role !== 'patient' || p.patientId === viewer.patientId)
    .map(({ patientId, participation, interpreterLanguage }) => ({ patientId, participation, interpreter: interpreterOf(interpreterLanguage) }));
  return {
    id: row.id,
    siteId: row.site_id,
    kind: row.kind,
    label: visitLabel({ kind: row.kind, assessment: row.assessment_part ? { part: row.assessment_part } : null, groupProgram: row.session_number ? { sessionNumber: row.session_number } : null }),
    roomId: row.room_id,
    referralId: row.referral_id,
    assessmentId: row.assessment_id,
    start: formatInstant(row.starts_at, row.time_zone),
    end: formatInstant(row.ends_at, row.time_zone),
    status: row.status,
    cancelReason: row.cancel_reason,
    cancelCategory: row.cancel_category,
    lateCancellation: row.late_cancellation,
    staffIds: row.staff_ids,
    patientIds: participants.map((p) => p.patientId),
    participants,
  };
}

/** The patient register's interpreter language as visits show it. */
export function interpreterOf(language: string | null): InterpreterDto | null {
  return language ? { language } : null;
}

interface AppointmentRow {
  id: string;
  site_id: string;
  kind: AppointmentKind;
  room_id: string | null;
  referral_id: string | null;
  assessment_id: string | null;
  assessment_part: string | null;
  session_number: number | null;
  starts_at: Date;
  ends_at: Date;
  status: AppointmentStatus;
  cancel_reason: string | null;
  cancel_category: CancelCategory | null;
  late_cancellation: boolean;
  time_zone: string;
  staff_ids: string[];
  participants: (Omit<ParticipantDto, 'interpreter'> & { interpreterLanguage: string | null })[];
}

