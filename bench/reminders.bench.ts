import { ReminderDispatcher } from '../src/reminders/reminder-dispatcher';
import { RemindersRepository } from '../src/reminders/reminders.repository';
import { startSmsSink } from '../test/support/delivery-sinks';
import { Bench, BenchEnv, Figure, percentile } from './bench-env';

const DUE_AT_ONCE = Number(process.env.BENCH_REMINDERS ?? 100_000);
const SPREAD = 2_000;
const SPREAD_SECONDS = 10;

/**
 * Issue 6's benchmark: 100,000 reminders due at once, dispatched by one in-process dispatcher to a
 * loopback SMS gateway (reminders per second); then 2,000 due evenly over 10 seconds, for the lag
 * from due time to arrival at the gateway with the default one-second polling.
 */
export const reminderBench: Bench = { name: 'reminders', run: runReminderBench };

async function runReminderBench(env: BenchEnv): Promise<Figure[]> {
  const sms = await startSmsSink();
  const [{ id: siteId }] = await env.db.query(`INSERT INTO sites (name, time_zone) VALUES ('Reminder bench', 'Europe/Stockholm') RETURNING id`);
  const [{ id: patientId }] = await env.db.query(
    `INSERT INTO patients (site_id, personal_number, name, reminder_channel, phone) VALUES ($1, '198001019999', 'Bench Patient', 'sms', '+46700000000') RETURNING id`,
    [siteId],
  );
  const [{ id: appointmentId, starts_at: start }] = await env.db.query(
    `INSERT INTO appointments (site_id, kind, starts_at, ends_at) VALUES ($1, 'individual_visit', '2030-01-07 10:00+01', '2030-01-07 11:00+01') RETURNING id, starts_at`,
    [siteId],
  );
  await env.db.query(`INSERT INTO appointment_patients (appointment_id, patient_id) VALUES ($1, $2)`, [appointmentId, patientId]);
  const schedule = (count: number, dueSql: string) =>
    env.db.query(
      `INSERT INTO reminders (appointment_id, patient_id, purpose, channel, for_start, due_at, next_attempt_at)
       SELECT $1, $2, 'reminder', 'sms', $3, due, due FROM (SELECT ${dueSql} AS due FROM generate_series(1, $4) i) d`,
      [appointmentId, patientId, start, count],
    );

  const dispatcher = new ReminderDispatcher(new RemindersRepository(env.db), {
    databaseUrl: '',
    jwtSecret: '',
    defaultTimeZone: 'Europe/Stockholm',
    logLevel: 'silent',
    delivery: { dispatcher: true, pollMs: 1000, leaseMs: 60_000, smsGatewayUrl: sms.url, mailFrom: 'bench@rehab.invalid' },
  });
  const delivered = async (count: number) => {
    while (sms.delivered.size < count) await new Promise((resolve) => setTimeout(resolve, 20));
  };
  try {
    await schedule(DUE_AT_ONCE, `now() - interval '1 minute'`);
    const started = performance.now();
    dispatcher.onApplicationBootstrap();
    await delivered(DUE_AT_ONCE);
    const seconds = (performance.now() - started) / 1000;

    // Due from one second from now, evenly over the next ten.
    const spreadFrom = Date.now() + 1000;
    const rows: { id: string; due_at: Date }[] = await schedule(SPREAD, `to_timestamp(${spreadFrom / 1000}) + i * interval '${(SPREAD_SECONDS * 1000) / SPREAD} milliseconds'`).then(
      () => env.db.query(`SELECT id, due_at FROM reminders WHERE status = 'scheduled'`),
    );
    await delivered(DUE_AT_ONCE + SPREAD);
    const arrival = new Map(sms.requests.map((r) => [r.key, r.at]));
    const lags = rows.map((row) => arrival.get(row.id)! - row.due_at.getTime()).sort((a, b) => a - b);
    return [
      { name: `${DUE_AT_ONCE} due at once, to a loopback SMS gateway`, value: DUE_AT_ONCE / seconds, unit: 'reminders/s', target: { value: { min: 3000 } } },
      { name: `${SPREAD} due over ${SPREAD_SECONDS} s, lag from due to arrival, median`, value: percentile(lags, 50), unit: 'ms' },
      { name: `lag, p99`, value: percentile(lags, 99), unit: 'ms' },
    ];
  } finally {
    await dispatcher.onApplicationShutdown();
    await sms.close();
  }
}
