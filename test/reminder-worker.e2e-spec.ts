import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { SmsSink, startSmsSink } from './support/delivery-sinks';
import { bearer, createClinic } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';
import { until } from './support/until';

const REMINDERS = 3000;

/**
 * `npm run worker` from the sources, on the test database and the loopback gateway. The worker to
 * be killed takes a short lease, so its batch is taken over soon; the workers after it take a long
 * one, so that on a slow machine no live worker's batch outlives its lease and is sent twice.
 */
function startWorker(t: TestApp, sms: SmsSink, leaseMs: number): ChildProcess {
  return spawn(process.execPath, ['test/support/run-typescript.js', 'src/app/worker.ts'], {
    env: { ...process.env, DATABASE_URL: t.databaseUrl, SMS_GATEWAY_URL: sms.url, REMINDER_POLL_MS: '50', REMINDER_LEASE_MS: String(leaseMs), LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

describe('the reminder worker', () => {
  let t: TestApp;
  let sms: SmsSink;
  const workers: ChildProcess[] = [];

  beforeAll(async () => {
    [t, sms] = await Promise.all([createTestApp(), startSmsSink()]);
  });
  afterAll(async () => {
    for (const worker of workers) if (worker.exitCode === null) worker.kill('SIGKILL');
    await Promise.all([sms.close(), t.close()]);
  });

  it('delivers every due reminder exactly once when killed with SIGKILL mid-batch and restarted, two workers sharing the rest', async () => {
    const c = await createClinic(t);
    const { body: visit } = await t
      .http()
      .post('/appointments')
      .set(bearer(c.coordinatorToken))
      .send({ kind: 'individual_visit', siteId: c.site.id, start: '2027-12-01T10:00:00+01:00', end: '2027-12-01T11:00:00+01:00', staffIds: [c.staff.nurse.id], patientIds: [c.patients[0].id] })
      .expect(201);
    const ids: string[] = (
      await t.db.query(
        `INSERT INTO reminders (appointment_id, patient_id, purpose, channel, for_start, due_at, next_attempt_at)
         SELECT $1, $2, 'reminder', 'sms', a.starts_at, now() - interval '1 minute', now() - interval '1 minute'
           FROM appointments a, generate_series(1, $3) WHERE a.id = $1
         RETURNING id`,
        [visit.id, c.patients[0].id, REMINDERS],
      )
    ).map((row: { id: string }) => row.id);
    const ours = new Set(ids);
    const deliveredOfOurs = () => [...sms.delivered.keys()].filter((key) => ours.has(key)).length;
    // The gateway takes a fifth of the messages, then stops answering: the worker is stuck in the
    // middle of a batch whose messages went out, and is killed there.
    sms.holdAfter = REMINDERS / 5;

    const first = startWorker(t, sms, 2000);
    workers.push(first);
    await until(() => sms.requests.length > REMINDERS / 5, 60_000, 'the first worker to get going');
    await new Promise((resolve) => setTimeout(resolve, 300)); // the rest of that batch arrives
    first.kill('SIGKILL');
    await once(first, 'exit');
    const claimedWhenKilled = Number(
      (await t.db.query(`SELECT count(*) FROM reminders WHERE id = ANY($1) AND status = 'scheduled' AND locked_until IS NOT NULL`, [ids]))[0].count,
    );
    expect(claimedWhenKilled).toBeGreaterThan(0); // it died holding a batch
    expect(deliveredOfOurs()).toBeLessThan(REMINDERS);

    sms.holdAfter = null;
    workers.push(startWorker(t, sms, 60_000), startWorker(t, sms, 60_000));
    await until(
      async () => Number((await t.db.query(`SELECT count(*) FROM reminders WHERE id = ANY($1) AND status = 'sent'`, [ids]))[0].count) === REMINDERS,
      90_000,
      'every reminder to be sent',
    );
    // At the gateway: each reminder delivered once. A repeat (a batch the killed worker had sent
    // but not recorded) carried the same idempotency key and was acknowledged, not delivered again.
    expect(deliveredOfOurs()).toBe(REMINDERS);
    const requests = sms.requests.filter((r) => ours.has(r.key));
    expect(new Set(requests.map((r) => r.key)).size).toBe(REMINDERS);
    expect(requests.length - REMINDERS).toBeLessThanOrEqual(claimedWhenKilled);
  }, 180_000);
});
