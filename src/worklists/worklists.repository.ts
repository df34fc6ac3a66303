import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AwaitingDecisionDto, CareGuaranteeDueDto, UnrecordedVisitDto } from './worklists.dto';

/** Every worklist is a start page's list, not an archive: this many rows at most, the most pressing first. */
export const WORKLIST_LIMIT = 200;

export type UnrecordedVisitRow = Omit<UnrecordedVisitDto, 'start' | 'end'> & { startsAt: Date; endsAt: Date; timeZone: string };

/** A visit's patients whose participation is still the booking's own: nobody recorded attended or no-show. */
const UNRECORDED = `ap.appointment_id = a.id AND ap.participation = 'booked'`;

/** The start pages' lists of what awaits someone: each of a site (or every site), or of one clinician's visits. */
@Injectable()
export class WorklistsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Visits not cancelled that ended before now with a patient's attendance unrecorded, the longest waiting first. */
  unrecordedVisits(scope: { siteId: string | null; staffId: string | null }): Promise<UnrecordedVisitRow[]> {
    return this.db.query(
      `SELECT a.id AS "appointmentId", a.site_id AS "siteId", a.kind, a.starts_at AS "startsAt", a.ends_at AS "endsAt", s.time_zone AS "timeZone",
              (SELECT coalesce(json_agg(json_build_object('id', m.id, 'name', m.name) ORDER BY m.name), '[]')
                 FROM appointment_staff st JOIN staff_members m ON m.id = st.staff_id WHERE st.appointment_id = a.id) AS staff,
              (SELECT json_agg(json_build_object('id', p.id, 'name', p.name) ORDER BY p.name)
                 FROM appointment_patients ap JOIN patients p ON p.id = ap.patient_id WHERE ${UNRECORDED}) AS patients
         FROM appointments a JOIN sites s ON s.id = a.site_id
        WHERE a.status <> 'cancelled' AND a.ends_at < now()
          AND ($1::uuid IS NULL OR a.site_id = $1)
          AND ($2::uuid IS NULL OR EXISTS (SELECT 1 FROM appointment_staff st WHERE st.appointment_id = a.id AND st.staff_id = $2))
          AND EXISTS (SELECT 1 FROM appointment_patients ap WHERE ${UNRECORDED})
        ORDER BY a.ends_at, a.id
        LIMIT $3`,
      [scope.siteId, scope.staffId, WORKLIST_LIMIT],
    );
  }

  /** Referrals complete and triaged, awaiting a coordinator's or physician's decision, the earliest received first. */
  awaitingDecision(siteId: string | null): Promise<AwaitingDecisionDto[]> {
    return this.db.query(
      `SELECT r.id AS "referralId", r.site_id AS "siteId", r.patient_id AS "patientId", p.name AS "patientName",
              to_char(r.received_date, 'YYYY-MM-DD') AS "receivedDate", to_char(r.care_guarantee_deadline, 'YYYY-MM-DD') AS "careGuaranteeDeadline",
              r.triage->>'outcome' AS "triageOutcome"
         FROM referrals r JOIN patients p ON p.id = r.patient_id
        WHERE r.status = 'awaiting_decision' AND ($1::uuid IS NULL OR r.site_id = $1)
        ORDER BY r.received_date, r.id
        LIMIT $2`,
      [siteId, WORKLIST_LIMIT],
    );
  }

  /**
   * Accepted referrals still waiting for their first visit (as the waiting list counts them) whose
   * care-guarantee deadline is at most `withinDays` after today in the site's own calendar, the
   * earliest deadline first; breached ones lead.
   */
  careGuaranteeDue(siteId: string | null, withinDays: number): Promise<CareGuaranteeDueDto[]> {
    return this.db.query(
      `SELECT r.id AS "referralId", r.site_id AS "siteId", r.patient_id AS "patientId", p.name AS "patientName",
              to_char(r.care_guarantee_deadline, 'YYYY-MM-DD') AS "careGuaranteeDeadline",
              (r.care_guarantee_deadline - today.d) AS "daysLeft", r.care_guarantee_deadline < today.d AS breached
         FROM referrals r JOIN patients p ON p.id = r.patient_id JOIN sites s ON s.id = r.site_id
         CROSS JOIN LATERAL (SELECT (now() AT TIME ZONE s.time_zone)::date AS d) today
        WHERE r.status = 'accepted' AND ($1::uuid IS NULL OR r.site_id = $1)
          AND NOT EXISTS (SELECT 1 FROM appointments a WHERE a.referral_id = r.id AND a.status <> 'cancelled')
          AND r.care_guarantee_deadline <= today.d + $2::int
        ORDER BY r.care_guarantee_deadline, r.priority, r.received_date, r.id
        LIMIT $3`,
      [siteId, withinDays, WORKLIST_LIMIT],
    );
  }
}

