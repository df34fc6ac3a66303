import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/**
 * A stand-in SMS gateway on loopback that keeps what it accepts, honours idempotency keys as a real
 * gateway does (a repeat is acknowledged, not delivered again), and can be told to fail or to be slow.
 */
export interface SmsSink {
  url: string;
  /** Every POST, repeats included, with when it arrived (epoch ms). */
  requests: { key: string; to: string; message: string; at: number }[];
  /** Each idempotency key once: what a phone would receive. */
  delivered: Map<string, { to: string; message: string }>;
  failWith: number | null;
  delayMs: number;
  /** Once this many requests have come, take the messages but never answer: a sender stuck mid-batch. */
  holdAfter: number | null;
  close: () => Promise<void>;
}

export async function startSmsSink(): Promise<SmsSink> {
  const sink = { requests: [], delivered: new Map(), failWith: null, delayMs: 0, holdAfter: null } as unknown as SmsSink;
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      const reply = () => {
        if (sink.failWith) {
          response.writeHead(sink.failWith).end();
          return;
        }
        const { to, message, idempotencyKey } = JSON.parse(body) as { to: string; message: string; idempotencyKey: string };
        if (request.headers['idempotency-key'] !== idempotencyKey) {
          response.writeHead(400).end();
          return;
        }
        sink.requests.push({ key: idempotencyKey, to, message, at: Date.now() });
        if (!sink.delivered.has(idempotencyKey)) sink.delivered.set(idempotencyKey, { to, message });
        if (sink.holdAfter !== null && sink.requests.length > sink.holdAfter) return;
        response.writeHead(202, { 'content-type': 'application/json' }).end('{"accepted":true}');
      };
      if (sink.delayMs) setTimeout(reply, sink.delayMs);
      else reply();
    });
  });
  await listen(server);
  sink.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/messages`;
  sink.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return sink;
}

/** A real SMTP server on loopback that parses and keeps every message it accepts. */
export interface MailSink {
  url: string;
  messages: { messageId: string; to: string; subject: string; text: string }[];
  close: () => Promise<void>;
}

export async function startMailSink(): Promise<MailSink> {
  const messages: MailSink['messages'] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          const to = Array.isArray(mail.to) ? mail.to[0] : mail.to;
          messages.push({ messageId: mail.messageId ?? '', to: to?.text ?? '', subject: mail.subject ?? '', text: (mail.text ?? '').trim() });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { url: `smtp://127.0.0.1:${port}`, messages, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

function listen(server: Server): Promise<void> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
}
