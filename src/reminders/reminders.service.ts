import { ForbiddenException, Injectable } from '@nestjs/common';
import { AccessService } from '../access/access.service';
import { Actor } from '../access/principal';
import { assertSiteRecord, hiddenRecord, scopedSiteId } from '../access/site-access';
import { notFound } from '../common/api-errors';
import { formatInstant } from '../core/time/local-time';
import { ReminderDto } from './reminders.dto';
import { ListedReminder, RemindersRepository } from './reminders.repository';

/** Reading the reminders the outbox holds: per visit, a patient's own, and those that failed. */
@Injectable()
export class RemindersService {
  constructor(
    private readonly reminders: RemindersRepository,
    private readonly access: AccessService,
  ) {}

  /** An appointment's reminders, for its site's staff and for a patient on it (their own). */
  async forAppointment(actor: Actor, appointmentId: string): Promise<ReminderDto[]> {
    const appointment = await this.reminders.appointmentSite(appointmentId);
    if (!appointment) throw notFound('appointment', appointmentId);
    if (actor.role !== 'patient') assertSiteRecord(actor, appointment, 'appointment', appointmentId);
    const rows = await this.reminders.forAppointment(appointmentId, actor.role === 'patient' ? actor.patientId : null);
    if (actor.role === 'patient' && !rows.length && !(await this.reminders.isOnAppointment(appointmentId, actor.patientId))) {
      throw hiddenRecord('appointment', appointmentId);
    }
    return this.shown(actor, rows);
  }

  /** A patient's own reminders, of the last 90 days and ahead: the status next to each visit on their page. */
  async mine(actor: Actor): Promise<ReminderDto[]> {
    if (actor.role !== 'patient' || !actor.patientId) throw new ForbiddenException('only patients have reminders of their own');
    return this.shown(actor, await this.reminders.recentOf(actor.patientId));
  }

  /** Reminders that could not be delivered, newest first: the coordinator's list to follow up by phone. */
  async failed(actor: Actor, siteId?: string): Promise<ReminderDto[]> {
    return this.shown(actor, await this.reminders.failed(scopedSiteId(actor, siteId) ?? null));
  }

  /** The reminders as shown, each logged for its patient: their query kept to what the caller may see. */
  private async shown(actor: Actor, rows: readonly ListedReminder[]): Promise<ReminderDto[]> {
    await this.access.log(actor, { action: 'read', resource: 'reminder', records: rows.map((r) => ({ id: r.id, patientIds: [r.patient_id] })) });
    return rows.map((r) => ({
      id: r.id,
      appointmentId: r.appointment_id,
      taskId: r.task_id,
      referralId: r.referral_id,
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
