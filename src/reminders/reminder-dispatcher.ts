import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { visitLabel } from '../core/rules/visit-label';
import { AppointmentKind, ReminderChannelName } from '../core/vocabulary';
import { SERVICE_SETTINGS, ServiceSettings } from '../config/service-settings';
import { resolveSiteSettings, StoredSiteSettings } from '../core/rules/site-settings';
import { Channel, channelsFrom, DeliveryError } from './channels';
import { questionnaireMessage, reminderMessage, ReminderPurpose } from '../core/rules/reminder-message';

/** Reminders claimed at a time; they are sent concurrently. */
const BATCH = 200;
/** Attempts before a reminder is `failed`, and the wait before the next, doubling from a minute. */
const MAX_ATTEMPTS = 6;
const FIRST_RETRY_MS = 60_000;

interface Claimed {
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

type Outcome = { id: string; status: 'sent' | 'failed' | 'cancelled' | 'scheduled'; error: string | null; retryAt: Date | null };

/**
 * Sends due reminders. Each round claims a batch with FOR UPDATE SKIP LOCKED and a lease, so any
 * number of dispatchers (in the service, or `npm run worker` processes) share the work without
 * sending a reminder twice at once; a dispatcher killed mid-batch leaves its claims to expire and
 * be taken again, and the reminder's id, sent as idempotency key, lets the receiver drop the
 * repeat. Failures are retried with a doubling wait, then marked `failed` for the coordinator.
 */
@Injectable()
export class ReminderDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ReminderDispatcher');
  private readonly channels: Map<ReminderChannelName, Channel>;
  private running: Promise<void> | undefined;
  private stopping = new AbortController();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(SERVICE_SETTINGS) private readonly settings: ServiceSettings,
  ) {
    this.channels = settings.delivery ? channelsFrom(settings.delivery) : new Map();
  }

  onApplicationBootstrap(): void {
    if (!this.settings.delivery?.dispatcher) return;
    for (const channel of ['sms', 'email'] as const) {
      if (!this.channels.has(channel)) this.logger.warn(`no ${channel} channel configured: ${channel} reminders wait until one is`);
    }
    this.running = this.loop(this.settings.delivery.pollMs);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping.abort();
    await this.running;
    for (const channel of this.channels.values()) channel.close();
  }

  /** Claims and sends one batch of reminders due at `now`; the number claimed (0: nothing is due). */
  async dispatchDue(now = new Date()): Promise<number> {
    const claimed = await this.claim(now);
    if (!claimed.length) return 0;
    const outcomes = await Promise.all(claimed.map((reminder) => this.deliver(reminder, now)));
    await this.record(outcomes, now);
    return claimed.length;
  }

  private async loop(pollMs: number): Promise<void> {
    while (!this.stopping.signal.aborted) {
      try {
        if ((await this.dispatchDue()) > 0) continue;
      } catch (error) {
        this.logger.error(`dispatching failed: ${(error as Error).message}`);
      }
      await sleep(pollMs, undefined, { signal: this.stopping.signal }).catch(() => undefined);
    }
  }

  private claim(now: Date): Promise<Claimed[]> {
    return this.db.query(
      `WITH claimed AS (
         UPDATE reminders r SET locked_until = $1::timestamptz + $2 * interval '1 millisecond', attempts = attempts + 1, updated_at = now()
          WHERE r.id IN (SELECT id FROM reminders
                          WHERE status = 'scheduled' AND next_attempt_at <= $1 AND channel = ANY($3) AND (locked_until IS NULL OR locked_until < $1)
                          ORDER BY next_attempt_at LIMIT $4 FOR UPDATE SKIP LOCKED)
         RETURNING r.id, r.appointment_id, r.task_id, r.patient_id, r.purpose, r.channel, r.for_start, r.attempts)
       SELECT c.id, c.purpose, c.channel, c.for_start, c.attempts, a.kind, a.status, a.starts_at, a.assessment_part, a.session_number,
              k.kind AS task_kind, k.status AS task_status,
              p.participation, pt.phone, pt.email, s.name AS site_name, s.time_zone, s.settings, room.name AS room_name
         FROM claimed c
         LEFT JOIN appointments a ON a.id = c.appointment_id
         LEFT JOIN episode_tasks k ON k.id = c.task_id LEFT JOIN episodes e ON e.id = k.episode_id
         JOIN sites s ON s.id = coalesce(a.site_id, e.site_id)
         JOIN patients pt ON pt.id = c.patient_id
         LEFT JOIN appointment_patients p ON p.appointment_id = c.appointment_id AND p.patient_id = c.patient_id
         LEFT JOIN rooms room ON room.id = a.room_id`,
      [now, this.settings.delivery?.leaseMs ?? 60_000, [...this.channels.keys()], BATCH],
    );
  }

  private async deliver(reminder: Claimed, now: Date): Promise<Outcome> {
    const outcome = (status: Outcome['status'], error: string | null = null, retryAt: Date | null = null): Outcome => ({ id: reminder.id, status, error, retryAt });
    // Whatever changed since it was scheduled: a reminder only for the visit as it still stands.
    const current = reminder.status === 'booked' && reminder.participation === 'booked' && reminder.starts_at?.getTime() === reminder.for_start?.getTime();
    if (reminder.purpose === 'reminder' && !current) return outcome('cancelled', 'the visit changed after this reminder was scheduled');
    if (reminder.purpose === 'questionnaire' && reminder.task_status !== 'open') return outcome('cancelled', 'the questionnaire was answered');
    const to = reminder.channel === 'sms' ? reminder.phone : reminder.email;
    if (!to) return outcome('failed', `the patient has no ${reminder.channel === 'sms' ? 'phone number' : 'e-mail address'}`);
    const place = [reminder.site_name, reminder.room_name].filter(Boolean).join(', ');
    const message =
      reminder.purpose === 'questionnaire'
        ? questionnaireMessage({ place, oneYear: reminder.task_kind === 'nrs_one_year' })
        : reminderMessage({
            purpose: reminder.purpose,
            visit: visitLabel({
              kind: reminder.kind!,
              assessment: reminder.assessment_part ? { part: reminder.assessment_part } : null,
              groupProgram: reminder.session_number !== null ? { sessionNumber: reminder.session_number } : null,
            }),
            start: reminder.for_start!,
            zone: reminder.time_zone,
            place,
            howToCancel: resolveSiteSettings(reminder.settings).reminders.howToCancel,
          });
    try {
      await this.channels.get(reminder.channel)!.send({ idempotencyKey: reminder.id, to, ...message });
      return outcome('sent');
    } catch (error) {
      const permanent = error instanceof DeliveryError && error.permanent;
      if (permanent || reminder.attempts >= MAX_ATTEMPTS) return outcome('failed', (error as Error).message);
      return outcome('scheduled', (error as Error).message, new Date(now.getTime() + FIRST_RETRY_MS * 2 ** (reminder.attempts - 1)));
    }
  }

  /** One statement for the whole batch: what was sent, what failed for good, and when to try the rest again. */
  private async record(outcomes: readonly Outcome[], now: Date): Promise<void> {
    await this.db.query(
      `UPDATE reminders r SET status = o.status, last_error = o.error, locked_until = NULL, updated_at = now(),
              sent_at = CASE WHEN o.status = 'sent' THEN $5::timestamptz ELSE r.sent_at END,
              next_attempt_at = COALESCE(o.retry_at, r.next_attempt_at)
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[]) AS o(id, status, error, retry_at)
        WHERE r.id = o.id`,
      [outcomes.map((o) => o.id), outcomes.map((o) => o.status), outcomes.map((o) => o.error), outcomes.map((o) => o.retryAt), now],
    );
  }
}
