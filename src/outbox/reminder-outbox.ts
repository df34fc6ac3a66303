import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { resolveSiteSettings, StoredSiteSettings } from '../core/rules/site-settings';
import { AppointmentKind, ReminderChannelName } from '../core/vocabulary';
import { cancellationNoticeTime, questionnaireTime, referralConfirmationTime, reminderTimes } from '../core/rules/reminder-schedule';

interface Participant {
  appointment_id: string;
  kind: AppointmentKind;
  status: string;
  starts_at: Date;
  time_zone: string;
  settings: StoredSiteSettings | null;
  patient_id: string;
  participation: string;
  reminder_channel: ReminderChannelName | 'none';
}

export interface StoredReminder {
  id: string;
  appointment_id: string;
  patient_id: string;
  purpose: 'reminder' | 'cancellation';
  channel: ReminderChannelName;
  for_start: Date;
  due_at: Date;
  status: string;
}

/** A visit just booked, with what its reminders depend on (see scheduleBooked). */
export interface BookedVisit {
  appointmentId: string;
  kind: AppointmentKind;
  start: Date;
  timeZone: string;
  settings: StoredSiteSettings | null;
  patients: readonly { id: string; reminderChannel: ReminderChannelName | 'none' }[];
}

type NewReminder = Pick<StoredReminder, 'appointment_id' | 'patient_id' | 'purpose' | 'channel' | 'for_start' | 'due_at'>;

/**
 * Keeps each visit's reminders in step with the visit, inside the transaction that changed it:
 * booking schedules them, moving replaces them, cancelling cancels them and, for a patient already
 * reminded, schedules a cancellation notice.
 *
 * This is the outbox's repository as well: every method writes `reminders` in the caller's
 * transaction (its manager comes first), so its SQL stays here beside the few lines that decide
 * which reminders a visit wants; the timing rules themselves are core's (reminder-schedule). The
 * dispatcher's reads and writes of the same table are in src/reminders/reminders.repository.ts.
 */
@Injectable()
export class ReminderOutbox {
  async sync(manager: EntityManager, appointmentIds: readonly string[], now = new Date()): Promise<void> {
    if (!appointmentIds.length) return;
    const [participants, existing]: [Participant[], StoredReminder[]] = await Promise.all([
      manager.query(
        `SELECT a.id AS appointment_id, a.kind, a.status, a.starts_at, s.time_zone, s.settings,
                p.patient_id, p.participation, pt.reminder_channel
           FROM appointments a JOIN sites s ON s.id = a.site_id
           JOIN appointment_patients p ON p.appointment_id = a.id JOIN patients pt ON pt.id = p.patient_id
          WHERE a.id = ANY($1)
            -- Patients who want no reminders and have none need no work (a batch books hundreds).
            AND (pt.reminder_channel <> 'none' OR EXISTS (SELECT 1 FROM reminders r WHERE r.appointment_id = a.id AND r.patient_id = p.patient_id))`,
        [appointmentIds],
      ),
      manager.query(
        `SELECT id, appointment_id, patient_id, purpose, channel, for_start, due_at, status FROM reminders
          WHERE appointment_id = ANY($1) FOR UPDATE`,
        [appointmentIds],
      ),
    ]);
    const toCancel: string[] = [];
    const toAdd: NewReminder[] = [];
    for (const p of participants) {
      const mine = existing.filter((r) => r.appointment_id === p.appointment_id && r.patient_id === p.patient_id);
      const settings = resolveSiteSettings(p.settings).reminders;
      const live = p.status === 'booked' && p.participation === 'booked';
      const channel = p.reminder_channel === 'none' ? undefined : p.reminder_channel;
      const wanted = live && channel ? reminderTimes({ kind: p.kind, start: p.starts_at }, channel, settings, p.time_zone, now) : [];
      // A reminder is the one wanted at `at` if it is for this channel, this start and that time.
      const isFor = (r: StoredReminder, at: Date) =>
        r.purpose === 'reminder' && r.channel === channel && r.for_start.getTime() === p.starts_at.getTime() && r.due_at.getTime() === at.getTime();
      for (const r of mine) {
        if (r.status === 'scheduled' && r.purpose === 'reminder' && !wanted.some((at) => isFor(r, at))) toCancel.push(r.id);
      }
      for (const at of wanted) {
        if (!mine.some((r) => r.status !== 'cancelled' && isFor(r, at))) {
          toAdd.push({ appointment_id: p.appointment_id, patient_id: p.patient_id, purpose: 'reminder', channel: channel!, for_start: p.starts_at, due_at: at });
        }
      }
      // Someone already reminded of a visit that is off hears that it is off, once.
      const cancelled = p.status === 'cancelled' || p.participation === 'cancelled';
      const reminded = mine.find((r) => r.purpose === 'reminder' && r.status === 'sent');
      if (cancelled && reminded && !mine.some((r) => r.purpose === 'cancellation')) {
        const at = cancellationNoticeTime(p.starts_at, reminded.channel, settings, p.time_zone, now);
        if (at) toAdd.push({ appointment_id: p.appointment_id, patient_id: p.patient_id, purpose: 'cancellation', channel: reminded.channel, for_start: p.starts_at, due_at: at });
      }
    }
    if (toCancel.length) {
      await manager.query(`UPDATE reminders SET status = 'cancelled', updated_at = now() WHERE id = ANY($1)`, [toCancel]);
    }
    await this.add(manager, toAdd);
  }

  /**
   * The reminders of visits just booked, from what the booking already read (each patient's channel,
   * the site's zone and settings): a new visit has no reminders yet, so sync's two reads would find
   * nothing to compare. The same times sync would schedule, in one INSERT (none if nobody wants one).
   */
  async scheduleBooked(manager: EntityManager, visits: readonly BookedVisit[], now = new Date()): Promise<void> {
    const toAdd = visits.flatMap((visit) =>
      visit.patients.flatMap(({ id, reminderChannel }) =>
        reminderChannel === 'none'
          ? []
          : reminderTimes(visit, reminderChannel, resolveSiteSettings(visit.settings).reminders, visit.timeZone, now).map(
              (at): NewReminder => ({ appointment_id: visit.appointmentId, patient_id: id, purpose: 'reminder', channel: reminderChannel, for_start: visit.start, due_at: at }),
            ),
      ),
    );
    await this.add(manager, toAdd);
  }

  private async add(manager: EntityManager, toAdd: readonly NewReminder[]): Promise<void> {
    if (!toAdd.length) return;
    const column = <K extends keyof NewReminder>(key: K) => toAdd.map((r) => r[key]);
    await manager.query(
      `INSERT INTO reminders (appointment_id, patient_id, purpose, channel, for_start, due_at, next_attempt_at)
       SELECT *, due FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::timestamptz[], $6::timestamptz[]) AS r(a, p, u, c, f, due)`,
      [column('appointment_id'), column('patient_id'), column('purpose'), column('channel'), column('for_start'), column('due_at')],
    );
  }

  /** After a patient changes how they are reminded: their coming visits' reminders, on the new channel. */
  async syncPatient(manager: EntityManager, patientId: string): Promise<void> {
    const coming: { appointment_id: string }[] = await manager.query(
      `SELECT p.appointment_id FROM appointment_patients p JOIN appointments a ON a.id = p.appointment_id
        WHERE p.patient_id = $1 AND a.starts_at > now()`,
      [patientId],
    );
    await this.sync(manager, coming.map((row) => row.appointment_id));
  }

  /** Asks each task's patient, by their channel, to answer the questionnaire on its due day. */
  async scheduleQuestionnaires(manager: EntityManager, tasks: readonly { id: string; patientId: string; dueOn: string; zone: string }[], now = new Date()): Promise<void> {
    if (!tasks.length) return;
    const channels: { id: string; reminder_channel: ReminderChannelName | 'none' }[] = await manager.query(`SELECT id, reminder_channel FROM patients WHERE id = ANY($1)`, [
      tasks.map((task) => task.patientId),
    ]);
    const channelOf = new Map(channels.map((row) => [row.id, row.reminder_channel]));
    const rows = tasks.flatMap((task) => {
      const channel = channelOf.get(task.patientId);
      return channel && channel !== 'none' ? [{ task, channel, due: questionnaireTime(task.dueOn, task.zone, now) }] : [];
    });
    if (!rows.length) return;
    await manager.query(
      `INSERT INTO reminders (task_id, patient_id, purpose, channel, due_at, next_attempt_at)
       SELECT t, p, 'questionnaire', c, d, d FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::timestamptz[]) AS r(t, p, c, d)`,
      [rows.map((r) => r.task.id), rows.map((r) => r.task.patientId), rows.map((r) => r.channel), rows.map((r) => r.due)],
    );
  }

  /** Tells the patient by their channel that their referral has arrived: at once, an SMS not at night (none for channel `none`). */
  async confirmReferral(manager: EntityManager, referral: { id: string; patientId: string; siteId: string }, now = new Date()): Promise<void> {
    const [patient]: { reminder_channel: ReminderChannelName | 'none'; time_zone: string; settings: StoredSiteSettings | null }[] = await manager.query(
      `SELECT p.reminder_channel, s.time_zone, s.settings FROM patients p, sites s WHERE p.id = $1 AND s.id = $2`,
      [referral.patientId, referral.siteId],
    );
    if (!patient || patient.reminder_channel === 'none') return;
    const due = referralConfirmationTime(patient.reminder_channel, resolveSiteSettings(patient.settings).reminders, patient.time_zone, now);
    await manager.query(
      `INSERT INTO reminders (referral_id, patient_id, purpose, channel, due_at, next_attempt_at) VALUES ($1, $2, 'referral_confirmation', $3, $4, $4)`,
      [referral.id, referral.patientId, patient.reminder_channel, due],
    );
  }

  /** A task done needs no more asking. */
  async cancelQuestionnaire(manager: EntityManager, taskId: string): Promise<void> {
    await manager.query(`UPDATE reminders SET status = 'cancelled', updated_at = now() WHERE task_id = $1 AND status = 'scheduled'`, [taskId]);
  }
}
