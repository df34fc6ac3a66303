import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { StoredSiteSettings } from '../core/rules/site-settings';
import { ReminderPurpose } from '../core/rules/reminder-message';
import { AppointmentKind, ReminderChannelName } from '../core/vocabulary';
import type { StoredReminder } from '../outbox/reminder-outbox';

/** A reminder claimed for sending, with what its message needs and what tells whether it is still wanted. */
export interface ClaimedReminder {
  id: string;
  purpose: ReminderPurpose;
  channel: ReminderChannelName;
  for_start: Date | null;
  attempts: number;
  /** The visit's, for a visit reminder. */
  kind: AppointmentKind | null;
  status: string | null;
  starts_at: Date | null;
  /** The task's, for a questionnaire. */
  task_kind: string | null;
  task_status: string | null;
  assessment_part: string | null;
  session_number: number | null;
  participation: string;
  phone: string | null;
  email: string | null;
  site_name: string;
  time_zone: string;
  settings: StoredSiteSettings | null;
  room_name: string | null;
}

/** What became of a claimed reminder; `scheduled` is tried again at `retryAt`, `released` was not tried and is due as it was. */
export interface DeliveryOutcome {
  id: string;
  status: 'sent' | 'failed' | 'cancelled' | 'scheduled' | 'released';
  error: string | null;
  retryAt: Date | null;
}

/** A reminder as the API lists it, with its site's zone. */
export type ListedReminder = StoredReminder & {
  task_id: string | null;
  referral_id: string | null;
  attempts: number;
  last_error: string | null;
  sent_at: Date | null;
  time_zone: string;
};

/** The reminders the outbox holds, as the dispatcher claims and settles them and the API lists them. */
@Injectable()
export class RemindersRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Claims up to `batch` reminders due at `now` on the given channels, with FOR UPDATE SKIP LOCKED
   * and a lease until `leasedUntil`, so dispatchers share the work without taking one reminder twice.
   * The ids are collected first (ARRAY), so the update finds its rows by primary key whatever the
   * planner guesses of the table; a freshly filled one was read whole on every claim.
   */
  claimDue(now: Date, leasedUntil: Date, channels: readonly ReminderChannelName[], batch: number): Promise<ClaimedReminder[]> {
    return this.db.query(
      `WITH claimed AS (
         UPDATE reminders r SET locked_until = $2, attempts = attempts + 1, updated_at = now()
          WHERE r.id = ANY(ARRAY(SELECT id FROM reminders
                                  WHERE status = 'scheduled' AND next_attempt_at <= $1 AND channel = ANY($3) AND (locked_until IS NULL OR locked_until < $1)
                                  ORDER BY next_attempt_at LIMIT $4 FOR UPDATE SKIP LOCKED))
         RETURNING r.id, r.appointment_id, r.task_id, r.referral_id, r.patient_id, r.purpose, r.channel, r.for_start, r.attempts)
       SELECT c.id, c.purpose, c.channel, c.for_start, c.attempts, a.kind, a.status, a.starts_at, a.assessment_part, a.session_number,
              k.kind AS task_kind, k.status AS task_status,
              p.participation, pt.phone, pt.email, s.name AS site_name, s.time_zone, s.settings, room.name AS room_name
         FROM claimed c
         LEFT JOIN appointments a ON a.id = c.appointment_id
         LEFT JOIN episode_tasks k ON k.id = c.task_id LEFT JOIN episodes e ON e.id = k.episode_id
         LEFT JOIN referrals f ON f.id = c.referral_id
         JOIN sites s ON s.id = coalesce(a.site_id, e.site_id, f.site_id)
         JOIN patients pt ON pt.id = c.patient_id
         LEFT JOIN appointment_patients p ON p.appointment_id = c.appointment_id AND p.patient_id = c.patient_id
         LEFT JOIN rooms room ON room.id = a.room_id`,
      [now, leasedUntil, channels, batch],
    );
  }

  /**
   * One statement for the whole batch: what was sent, what failed for good, and when to try the rest
   * again. A released reminder gives back the attempt its claim counted, since it was never tried,
   * unless another dispatcher has claimed it since (its lease had ended: that is why it was released).
   * `r.id = ANY($1)` beside the join lets the planner look the batch up by primary key rather than
   * hash the whole table, which it chose for a table of 100,000 rows (50 ms a batch instead of 10).
   */
  async settle(outcomes: readonly DeliveryOutcome[], now: Date, leasedUntil: Date): Promise<void> {
    await this.db.query(
      `UPDATE reminders r SET locked_until = NULL, updated_at = now(),
              status = CASE WHEN o.status = 'released' THEN 'scheduled' ELSE o.status END,
              attempts = r.attempts - (o.status = 'released')::int,
              last_error = CASE WHEN o.status = 'released' THEN r.last_error ELSE o.error END,
              sent_at = CASE WHEN o.status = 'sent' THEN $5::timestamptz ELSE r.sent_at END,
              next_attempt_at = COALESCE(o.retry_at, r.next_attempt_at)
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[]) AS o(id, status, error, retry_at)
        WHERE r.id = o.id AND r.id = ANY($1) AND (o.status <> 'released' OR r.locked_until = $6)`,
      [outcomes.map((o) => o.id), outcomes.map((o) => o.status), outcomes.map((o) => o.error), outcomes.map((o) => o.retryAt), now, leasedUntil],
    );
  }

  /** The appointment's site and its zone; undefined if there is no such appointment. */
  async appointmentSite(appointmentId: string): Promise<{ siteId: string; timeZone: string } | undefined> {
    const [appointment]: { site_id: string; time_zone: string }[] = await this.db.query(
      `SELECT a.site_id, s.time_zone FROM appointments a JOIN sites s ON s.id = a.site_id WHERE a.id = $1`,
      [appointmentId],
    );
    return appointment && { siteId: appointment.site_id, timeZone: appointment.time_zone };
  }

  async isOnAppointment(appointmentId: string, patientId: string | null): Promise<boolean> {
    const onIt = await this.db.query(`SELECT 1 FROM appointment_patients WHERE appointment_id = $1 AND patient_id = $2`, [appointmentId, patientId]);
    return onIt.length > 0;
  }

  /** The appointment's reminders, only the patient's if one is given; by due time. */
  forAppointment(appointmentId: string, patientId: string | null): Promise<ListedReminder[]> {
    return this.list(`r.appointment_id = $1 AND ($2::uuid IS NULL OR r.patient_id = $2)`, [appointmentId, patientId]);
  }

  /** The patient's reminders of the last 90 days and ahead, by due time. */
  recentOf(patientId: string): Promise<ListedReminder[]> {
    return this.list(`r.patient_id = $1 AND r.due_at > now() - interval '90 days'`, [patientId]);
  }

  /** The newest 500 reminders that failed, of one site or of all. */
  failed(siteId: string | null): Promise<ListedReminder[]> {
    return this.list(`r.status = 'failed' AND ($1::uuid IS NULL OR s.id = $1)`, [siteId], 'r.updated_at DESC LIMIT 500');
  }

  private list(where: string, params: unknown[], order = 'r.due_at, r.id'): Promise<ListedReminder[]> {
    return this.db.query(
      `SELECT r.*, s.time_zone FROM reminders r
         LEFT JOIN appointments a ON a.id = r.appointment_id
         LEFT JOIN episode_tasks k ON k.id = r.task_id LEFT JOIN episodes e ON e.id = k.episode_id
         LEFT JOIN referrals f ON f.id = r.referral_id
         JOIN sites s ON s.id = coalesce(a.site_id, e.site_id, f.site_id)
        WHERE ${where} ORDER BY ${order}`,
      params,
    );
  }
}
