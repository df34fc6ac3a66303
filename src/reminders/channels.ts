import * as http from 'node:http';
import * as https from 'node:https';
import { urlToHttpOptions } from 'node:url';
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
  /**
   * Sends one message, waiting for a free connection first. `until` (epoch ms) is when the caller's
   * claim on the message ends: a message whose turn comes later is not sent (NotSent), and an HTTP
   * send is cut off then, so no send outlives the claim another dispatcher may take over.
   */
  send(message: OutgoingMessage, until: number): Promise<void>;
  close(): void;
}

/** The claim ended (or all but ended) before the message's turn: it was not sent, nor tried. */
export class NotSent extends Error {}

const SEND_TIMEOUT_MS = 15_000;
/** Too little time for an answer: a send with less of its claim left would only use up an attempt. */
const MIN_SEND_MS = 100;
/**
 * Requests in flight to the SMS gateway, each on a kept-alive connection: enough to hide a loopback
 * or LAN round trip behind the others, few enough that a gateway which stops answering holds only
 * this many messages sent but not acknowledged.
 */
export const SMS_CONCURRENCY = 32;
const SMTP_CONNECTIONS = 5;

/** At most `limit` sends at once; the rest wait their turn in order, and give it up if their claim has ended by then. */
class SendSlots {
  private waiting: (() => void)[] = [];

  constructor(private free: number) {}

  async run(until: number, send: (timeoutMs: number) => Promise<void>): Promise<void> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      const left = until - Date.now();
      if (left < MIN_SEND_MS) throw new NotSent('the claim ended before its turn');
      await send(Math.min(SEND_TIMEOUT_MS, left));
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.free++;
    }
  }
}

/**
 * A generic SMS gateway over HTTP: POST {to, message, idempotencyKey} as JSON with a bearer token
 * and an Idempotency-Key header. 2xx is sent; 408, 429 and 5xx are worth a retry; other 4xx are not.
 * node:http with a keep-alive agent rather than fetch: on loopback fetch reached a sixth of its rate.
 */
export class SmsGateway implements Channel {
  private readonly client: typeof http | typeof https;
  private readonly agent: http.Agent;
  /** The request's options but its headers, read from the URL once rather than for every message. */
  private readonly target: http.RequestOptions;
  private readonly slots = new SendSlots(SMS_CONCURRENCY);

  constructor(
    url: string,
    private readonly token: string | undefined,
  ) {
    const endpoint = new URL(url);
    this.client = endpoint.protocol === 'https:' ? https : http;
    this.agent = new this.client.Agent({ keepAlive: true, maxSockets: SMS_CONCURRENCY });
    this.target = { ...urlToHttpOptions(endpoint), method: 'POST', agent: this.agent };
  }

  send(message: OutgoingMessage, until: number): Promise<void> {
    return this.slots.run(until, (timeoutMs) => this.post(message, timeoutMs));
  }

  private post(message: OutgoingMessage, timeoutMs: number): Promise<void> {
    const body = JSON.stringify({ to: message.to, message: message.text, idempotencyKey: message.idempotencyKey });
    const headers = {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
      'idempotency-key': message.idempotencyKey,
      ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
    };
    return new Promise((resolve, reject) => {
      const request = this.client.request({ ...this.target, headers }, (response) => {
        const status = response.statusCode ?? 0;
        // Read to the end, so the connection is kept for the next message.
        response.resume();
        response.on('error', fail);
        response.on('close', () => response.complete || fail(new Error('the answer was cut off')));
        response.on('end', () => {
          clearTimeout(timer);
          if (status >= 200 && status < 300) return resolve();
          const retryable = status >= 500 || status === 408 || status === 429;
          reject(new DeliveryError(`SMS gateway answered ${status}`, !retryable));
        });
      });
      const fail = (error: Error) => {
        clearTimeout(timer);
        reject(new DeliveryError(`SMS gateway unreachable: ${error.message}`, false));
      };
      const timer = setTimeout(() => request.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      request.on('error', fail);
      request.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** E-mail over SMTP. The Message-ID is the idempotency key, so a repeat is recognisable as one. */
export class SmtpMailer implements Channel {
  private readonly transport: Transporter;
  private readonly slots: SendSlots;

  constructor(
    url: string,
    private readonly from: string,
  ) {
    // A pool of connections, set through the URL as nodemailer reads it (unless the URL says otherwise).
    const pooled = new URL(url);
    for (const [key, value] of Object.entries({ pool: 'true', maxConnections: `${SMTP_CONNECTIONS}`, connectionTimeout: `${SEND_TIMEOUT_MS}`, socketTimeout: `${SEND_TIMEOUT_MS}` })) {
      if (!pooled.searchParams.has(key)) pooled.searchParams.set(key, value);
    }
    this.transport = createTransport(pooled.toString());
    // No more messages at once than the pool has connections: the rest wait here, where their claim is checked.
    this.slots = new SendSlots(Number(pooled.searchParams.get('maxConnections')) || SMTP_CONNECTIONS);
  }

  /** SMTP cannot take a message back once it is handed over: a send that has begun ends by the socket timeout. */
  send(message: OutgoingMessage, until: number): Promise<void> {
    return this.slots.run(until, () => this.mail(message));
  }

  private async mail(message: OutgoingMessage): Promise<void> {
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
