import { ForbiddenException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../access/audit.service';
import { Actor } from '../access/principal';
import { assertSiteRecord, hiddenRecord, scopedSiteId } from '../access/site-access';
import { notFound } from '../common/api-errors';
import { formatInstant } from '../core/time/local-time';
import type { StoredReminder } from '../outbox/reminder-outbox';
import { ReminderDto } from './reminders.dto';

/** Reading the reminders the outbox holds: per visit, a patient's own, and those that failed. */
@Injectable()
export class RemindersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** An appointment's reminders, for its site's staff and for a patient on it (their own). */
  async forAppointment(actor: Actor, appointmentId: string): Promise<ReminderDto[]> {
    const [appointment]: { site_id: string; time_zone: string }[] = await this.db.query(
      `SELECT a.site_id, s.time_zone FROM appointments a JOIN sites s ON s.id = a.site_id WHERE a.id = $1`,
      [appointmentId],
    );
    if (!appointment) throw notFound('appointment', appointmentId);
    if (actor.role !== 'patient') assertSiteRecord(actor, { siteId: appointment.site_id }, 'appointment', appointmentId);
    const rows = await this.rows(`r.appointment_id = $1 AND ($2::uuid IS NULL OR r.patient_id = $2)`, [appointmentId, actor.role === 'patient' ? actor.patientId : null]);
    if (actor.role === 'patient' && !rows.length) {
      const onIt = await this.db.query(`SELECT 1 FROM appointment_patients WHERE appointment_id = $1 AND patient_id = $2`, [appointmentId, actor.patientId]);
      if (!onIt.length) throw hiddenRecord('appointment', appointmentId);
    }
    await this.audit.record(actor, 'read', 'reminder', rows.map((r) => ({ patientId: r.patientId, resourceId: r.id })));
    return rows;
  }

  /** A patient's own reminders, of the last 90 days and ahead: the status next to each visit on their page. */
  async mine(actor: Actor): Promise<ReminderDto[]> {
    if (actor.role !== 'patient' || !actor.patientId) throw new ForbiddenException('only patients have reminders of their own');
    const rows = await this.rows(`r.patient_id = $1 AND r.due_at > now() - interval '90 days'`, [actor.patientId]);
    await this.audit.record(actor, 'read', 'reminder', rows.map((r) => ({ patientId: r.patientId, resourceId: r.id })));
    return rows;
  }

  /** Reminders that could not be delivered, newest first: the coordinator's list to follow up by phone. */
  async failed(actor: Actor, siteId?: string): Promise<ReminderDto[]> {
    const site = scopedSiteId(actor, siteId) ?? null;
    const rows = await this.rows(`r.status = 'failed' AND ($1::uuid IS NULL OR s.id = $1)`, [site], 'r.updated_at DESC LIMIT 500');
    await this.audit.record(actor, 'read', 'reminder', rows.map((r) => ({ patientId: r.patientId, resourceId: r.id })));
    return rows;
  }

  private async rows(where: string, params: unknown[], order = 'r.due_at, r.id'): Promise<ReminderDto[]> {
    const rows: (StoredReminder & { task_id: string | null; attempts: number; last_error: string | null; sent_at: Date | null; time_zone: string })[] = await this.db.query(
      `SELECT r.*, s.time_zone FROM reminders r
         LEFT JOIN appointments a ON a.id = r.appointment_id
         LEFT JOIN episode_tasks k ON k.id = r.task_id LEFT JOIN episodes e ON e.id = k.episode_id
         JOIN sites s ON s.id = coalesce(a.site_id, e.site_id)
        WHERE ${where} ORDER BY ${order}`,
      params,
    );
    return rows.map((r) => ({
      id: r.id,
      appointmentId: r.appointment_id,
      taskId: r.task_id,
      patientId: r.patient_id,
      purpose: r.purpose,
      channel: r.channel,
      dueAt: formatInstant(r.due_at, r.time_zone),
      status: r.status as ReminderDto['status'],
      attempts: r.attempts,
      lastError: r.last_error,
      sentAt: r.sent_at ? formatInstant(r.sent_at, r.time_zone) : null,
    }));
  }
}
