import { Agent, request } from 'node:http';
import { visitReminderMessage } from '../src/core/rules/reminder-message';
import { SMS_CONCURRENCY } from '../src/reminders/channels';
import { ReminderDispatcher } from '../src/reminders/reminder-dispatcher';
import { RemindersRepository } from '../src/reminders/reminders.repository';
import { Bench, BenchEnv, Figure, inParallel, percentile } from './bench-env';
import { GatewayProcess, startGatewayProcess } from './sms-gateway';

const DUE_AT_ONCE = Number(process.env.BENCH_REMINDERS ?? 100_000);
/** The bare client's requests: enough for a steady rate, a few seconds of the bench. */
const BARE_REQUESTS = Math.ceil(DUE_AT_ONCE / 10);
const WARM_UP_REQUESTS = 2_000;
const SPREAD = 2_000;
const SPREAD_SECONDS = 10;
const PHONE = '+46700000000';
const SITE_NAME = 'Reminder bench';
const ZONE = 'Europe/Stockholm';
const START = new Date('2030-01-07T09:00:00Z');

/**
 * Issue 6's benchmark, with issue 19's floor: 100,000 reminders due at once, sent by one dispatcher
 * in the bench process to the tests' loopback SMS gateway running in a process of its own, beside
 * the rate a bare node:http client with keep-alive reaches on that gateway with as many requests
 * in flight as the dispatcher uses, posting the same bodies. Then 2,000 due evenly over 10 seconds,
 * for the lag from due time to arrival at the gateway with the default one-second polling.
 */
export const reminderBench: Bench = { name: 'reminders', run: runReminderBench };

async function runReminderBench(env: BenchEnv): Promise<Figure[]> {
  const gateway = await startGatewayProcess();
  const [{ id: siteId }] = await env.db.query(`INSERT INTO sites (name, time_zone) VALUES ($1, $2) RETURNING id`, [SITE_NAME, ZONE]);
  const [{ id: patientId }] = await env.db.query(
    `INSERT INTO patients (site_id, personal_number, name, reminder_channel, phone) VALUES ($1, '198001019999', 'Bench Patient', 'sms', $2) RETURNING id`,
    [siteId, PHONE],
  );
  const [{ id: appointmentId }] = await env.db.query(
    `INSERT INTO appointments (site_id, kind, starts_at, ends_at) VALUES ($1, 'individual_visit', $2, $2::timestamptz + interval '1 hour') RETURNING id`,
    [siteId, START],
  );
  await env.db.query(`INSERT INTO appointment_patients (appointment_id, patient_id) VALUES ($1, $2)`, [appointmentId, patientId]);
  // Analysed after the fill, as autovacuum would have done by the time a service's backlog grew this
  // large: on a table it knows nothing of, the planner sorts every due reminder for each claim.
  const schedule = async (count: number, dueSql: string) => {
    await env.db.query(
      `INSERT INTO reminders (appointment_id, patient_id, purpose, channel, for_start, due_at, next_attempt_at)
       SELECT $1, $2, 'reminder', 'sms', $3, due, due FROM (SELECT ${dueSql} AS due FROM generate_series(1, $4) i) d`,
      [appointmentId, patientId, START, count],
    );
    await env.db.query(`ANALYZE reminders`);
  };

  const dispatcher = new ReminderDispatcher(new RemindersRepository(env.db), {
    databaseUrl: '',
    jwtSecret: '',
    defaultTimeZone: ZONE,
    logLevel: 'silent',
    delivery: { dispatcher: true, pollMs: 1000, leaseMs: 60_000, smsGatewayUrl: gateway.url, mailFrom: 'bench@rehab.invalid' },
  });
  const delivered = async (count: number) => {
    while ((await gateway.delivered()) < count) await new Promise((resolve) => setTimeout(resolve, 20));
  };
  try {
    // The text the dispatcher will send for these reminders, so the bare client's bodies are the same size.
    const { text } = visitReminderMessage('reminder', { kind: 'individual_visit', assessmentPart: null, sessionNumber: null, start: START, zone: ZONE, siteName: SITE_NAME, roomName: null, settings: null });
    await postBare(gateway, text, 'warm-up', WARM_UP_REQUESTS);
    const bareRate = await postBare(gateway, text, 'bare', BARE_REQUESTS);

    await schedule(DUE_AT_ONCE, `now() - interval '1 minute'`);
    const before = await gateway.delivered();
    const started = performance.now();
    dispatcher.onApplicationBootstrap();
    await delivered(before + DUE_AT_ONCE);
    const seconds = (performance.now() - started) / 1000;

    // Due from one second from now, evenly over the next ten.
    const spreadFrom = Date.now() + 1000;
    const rows: { id: string; due_at: Date }[] = await schedule(SPREAD, `to_timestamp(${spreadFrom / 1000}) + i * interval '${(SPREAD_SECONDS * 1000) / SPREAD} milliseconds'`).then(
      () => env.db.query(`SELECT id, due_at FROM reminders WHERE status = 'scheduled'`),
    );
    await delivered(before + DUE_AT_ONCE + SPREAD);
    const arrival = await gateway.arrivals(rows.map((row) => row.id));
    const lags = rows.map((row) => arrival.get(row.id)! - row.due_at.getTime()).sort((a, b) => a - b);
    return [
      {
        name: `${DUE_AT_ONCE} due at once, one dispatcher, to a loopback SMS gateway in its own process (floor: a bare keep-alive client, ${SMS_CONCURRENCY} in flight)`,
        value: DUE_AT_ONCE / seconds,
        unit: 'reminders/s',
        floor: bareRate,
        target: { value: { min: 3000 }, ratio: { min: 0.5 } },
      },
      { name: `${SPREAD} due over ${SPREAD_SECONDS} s, lag from due to arrival, median`, value: percentile(lags, 50), unit: 'ms' },
      { name: `lag, p99`, value: percentile(lags, 99), unit: 'ms' },
    ];
  } finally {
    await dispatcher.onApplicationShutdown();
    await gateway.close();
  }
}

/**
 * The floor: `count` POSTs of the dispatcher's body and headers to the gateway, as fast as a bare
 * node:http client with keep-alive gets them answered, as many in flight as the dispatcher allows.
 */
async function postBare(gateway: GatewayProcess, text: string, prefix: string, count: number): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: SMS_CONCURRENCY });
  const post = (i: number) =>
    new Promise<void>((resolve, reject) => {
      const idempotencyKey = `${prefix}-${i}`;
      const body = JSON.stringify({ to: PHONE, message: text, idempotencyKey });
      const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'idempotency-key': idempotencyKey };
      request(gateway.url, { method: 'POST', agent, headers }, (response) => {
        response.resume();
        response.on('end', () => (response.statusCode === 202 ? resolve() : reject(new Error(`the gateway answered ${response.statusCode}`))));
      })
        .on('error', reject)
        .end(body);
    });
  const started = performance.now();
  await inParallel(
    Array.from({ length: count }, (_, i) => i),
    SMS_CONCURRENCY,
    post,
  );
  const rate = count / ((performance.now() - started) / 1000);
  agent.destroy();
  return rate;
}
