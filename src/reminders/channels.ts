import { createTransport, Transporter } from 'nodemailer';
import { DeliverySettings } from '../config/service-settings';
import type { ReminderChannelName } from '../core/vocabulary';

export interface OutgoingMessage {
  /** The same for every attempt at one reminder, so a receiver can drop repeats. */
  idempotencyKey: string;
  to: string;
  subject: string;
  text: string;
}

/** A failed send; `permanent` when trying again cannot help (a refused number or address). */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
  }
}

export interface Channel {
  send(message: OutgoingMessage): Promise<void>;
  close(): void;
}

const SEND_TIMEOUT_MS = 15_000;

/**
 * A generic SMS gateway over HTTP: POST {to, message, idempotencyKey} as JSON with a bearer token
 * and an Idempotency-Key header. 2xx is sent; 408, 429 and 5xx are worth a retry; other 4xx are not.
 */
export class SmsGateway implements Channel {
  constructor(
    private readonly url: string,
    private readonly token: string | undefined,
  ) {}

  async send(message: OutgoingMessage): Promise<void> {
    let response: Response;
    try {
      response = await fetch(this.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': message.idempotencyKey,
          ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        },
        body: JSON.stringify({ to: message.to, message: message.text, idempotencyKey: message.idempotencyKey }),
        signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
      });
    } catch (error) {
      throw new DeliveryError(`SMS gateway unreachable: ${(error as Error).message}`, false);
    }
    await response.body?.cancel();
    if (response.ok) return;
    const retryable = response.status >= 500 || response.status === 408 || response.status === 429;
    throw new DeliveryError(`SMS gateway answered ${response.status}`, !retryable);
  }

  close(): void {}
}

/** E-mail over SMTP. The Message-ID is the idempotency key, so a repeat is recognisable as one. */
export class SmtpMailer implements Channel {
  private readonly transport: Transporter;

  constructor(
    url: string,
    private readonly from: string,
  ) {
    // A pool of connections, set through the URL as nodemailer reads it (unless the URL says otherwise).
    const pooled = new URL(url);
    for (const [key, value] of Object.entries({ pool: 'true', maxConnections: '5', connectionTimeout: `${SEND_TIMEOUT_MS}`, socketTimeout: `${SEND_TIMEOUT_MS}` })) {
      if (!pooled.searchParams.has(key)) pooled.searchParams.set(key, value);
    }
    this.transport = createTransport(pooled.toString());
  }

  async send(message: OutgoingMessage): Promise<void> {
    try {
      await this.transport.sendMail({
        from: this.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        messageId: `<${message.idempotencyKey}@rehab-scheduler>`,
        headers: { 'X-Idempotency-Key': message.idempotencyKey },
      });
    } catch (error) {
      const code = (error as { responseCode?: number }).responseCode;
      throw new DeliveryError(`SMTP: ${(error as Error).message}`, code !== undefined && code >= 500 && code < 600);
    }
  }

  close(): void {
    this.transport.close();
  }
}

/** The channels this process can send on; a channel without settings has no entry, and its reminders wait. */
export function channelsFrom(settings: DeliverySettings): Map<ReminderChannelName, Channel> {
  const channels = new Map<ReminderChannelName, Channel>();
  if (settings.smsGatewayUrl) channels.set('sms', new SmsGateway(settings.smsGatewayUrl, settings.smsGatewayToken));
  if (settings.smtpUrl) channels.set('email', new SmtpMailer(settings.smtpUrl, settings.mailFrom));
  return channels;
}
