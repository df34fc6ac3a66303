import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ReminderChannelName } from '../core/vocabulary';
import { SERVICE_SETTINGS, ServiceSettings } from '../config/service-settings';
import { Channel, channelsFrom, DeliveryError, NotSent } from './channels';
import { questionnaireMessage, referralConfirmationMessage, visitReminderMessage } from '../core/rules/reminder-message';
import { resolveSiteSettings } from '../core/rules/site-settings';
import { ClaimedReminder, DeliveryOutcome, RemindersRepository } from './reminders.repository';

/**
 * Reminders claimed at a time, by one statement, and recorded by one: their messages go out as fast
 * as each channel's connections allow (channels.ts), so the batch only amortises the two statements.
 */
const BATCH = 250;
/** Rounds under way at once: while one claims or records its batch, the others' messages keep the connections busy. */
const LANES = 3;
/** Attempts before a reminder is `failed`, and the wait before the next, doubling from a minute. */
const MAX_ATTEMPTS = 6;
const FIRST_RETRY_MS = 60_000;

/**
 * Sends due reminders. Each round claims a batch with FOR UPDATE SKIP LOCKED and a lease, so any
 * number of dispatchers (in the service, or `npm run worker` processes) share the work without
 * sending a reminder twice at once; a dispatcher killed mid-batch leaves its claims to expire and
 * be taken again, and the reminder's id, sent as idempotency key, lets the receiver drop the
 * repeat. No send starts or lasts beyond the lease (a batch waits on the channel's connections,
 * and a gateway may hang): one still waiting when it ends is released untried. Failures are
 * retried with a doubling wait, then marked `failed` for the coordinator.
 */
@Injectable()
export class ReminderDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ReminderDispatcher');
  private readonly channels: Map<ReminderChannelName, Channel>;
  private running: Promise<void> | undefined;
  private stopping = new AbortController();

  constructor(
    private readonly reminders: RemindersRepository,
    @Inject(SERVICE_SETTINGS) private readonly settings: ServiceSettings,
  ) {
    this.channels = settings.delivery ? channelsFrom(settings.delivery) : new Map();
  }

  onApplicationBootstrap(): void {
    if (!this.settings.delivery?.dispatcher) return;
    for (const channel of ['sms', 'email'] as const) {
      if (!this.channels.has(channel)) this.logger.warn(`no ${channel} channel configured: ${channel} reminders wait until one is`);
    }
    const { pollMs } = this.settings.delivery;
    this.running = Promise.all(Array.from({ length: LANES }, () => this.loop(pollMs))).then(() => undefined);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping.abort();
    await this.running;
    for (const channel of this.channels.values()) channel.close();
  }

  /** Claims and sends one batch of reminders due at `now`; the number claimed (0: nothing is due). */
  async dispatchDue(now = new Date()): Promise<number> {
    const leaseMs = this.settings.delivery?.leaseMs ?? 60_000;
    const leasedUntil = new Date(now.getTime() + leaseMs);
    // The lease by this process's clock (`now` may be a test's): no send starts or lasts beyond it.
    const until = Date.now() + leaseMs;
    const claimed = await this.reminders.claimDue(now, leasedUntil, [...this.channels.keys()], BATCH);
    if (!claimed.length) return 0;
    const outcomes = await Promise.all(claimed.map((reminder) => this.deliver(reminder, now, until)));
    await this.reminders.settle(outcomes, now, leasedUntil);
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

  private async deliver(reminder: ClaimedReminder, now: Date, until: number): Promise<DeliveryOutcome> {
    const outcome = (status: DeliveryOutcome['status'], error: string | null = null, retryAt: Date | null = null): DeliveryOutcome => ({ id: reminder.id, status, error, retryAt });
    // Whatever changed since it was scheduled: a reminder only for the visit as it still stands.
    const current = reminder.status === 'booked' && reminder.participation === 'booked' && reminder.starts_at?.getTime() === reminder.for_start?.getTime();
    if (reminder.purpose === 'reminder' && !current) return outcome('cancelled', 'the visit changed after this reminder was scheduled');
    if (reminder.purpose === 'questionnaire' && reminder.task_status !== 'open') return outcome('cancelled', 'the questionnaire was answered');
    const to = reminder.channel === 'sms' ? reminder.phone : reminder.email;
    if (!to) return outcome('failed', `the patient has no ${reminder.channel === 'sms' ? 'phone number' : 'e-mail address'}`);
    const place = [reminder.site_name, reminder.room_name].filter(Boolean).join(', ');
    const message =
      reminder.purpose === 'referral_confirmation'
        ? referralConfirmationMessage({ siteName: reminder.site_name, phone: resolveSiteSettings(reminder.settings).patientService.phone })
        : reminder.purpose === 'questionnaire'
        ? questionnaireMessage({ place, oneYear: reminder.task_kind === 'nrs_one_year' })
        : visitReminderMessage(reminder.purpose, {
            kind: reminder.kind!,
            assessmentPart: reminder.assessment_part,
            sessionNumber: reminder.session_number,
            start: reminder.for_start!,
            zone: reminder.time_zone,
            siteName: reminder.site_name,
            roomName: reminder.room_name,
            settings: reminder.settings,
          });
    try {
      await this.channels.get(reminder.channel)!.send({ idempotencyKey: reminder.id, to, ...message }, until);
      return outcome('sent');
    } catch (error) {
      if (error instanceof NotSent) return outcome('released');
      const permanent = error instanceof DeliveryError && error.permanent;
      if (permanent || reminder.attempts >= MAX_ATTEMPTS) return outcome('failed', (error as Error).message);
      return outcome('scheduled', (error as Error).message, new Date(now.getTime() + FIRST_RETRY_MS * 2 ** (reminder.attempts - 1)));
    }
  }
}
