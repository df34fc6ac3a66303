import { DataSource } from 'typeorm';
import { SMS_CONCURRENCY } from '../src/reminders/channels';
import { ReminderDispatcher } from '../src/reminders/reminder-dispatcher';
import { RemindersRepository } from '../src/reminders/reminders.repository';
import { MailSink, SmsSink, startMailSink, startSmsSink } from './support/delivery-sinks';
import { bearer, createClinic } from './support/fixtures';
import { nextAutumnChange, plainWeek, stockholm, swedishWhen } from './support/site-time';
import { createTestApp, TestApp } from './support/test-app';
import { addDays } from '../src/core/time/local-time';

type Clinic = Awaited<ReturnType<typeof createClinic>>;

describe('visit reminders', () => {
  let t: TestApp;
  let c: Clinic;
  let coordinator: { Authorization: string };
  let sms: SmsSink;
  let mail: MailSink;
  let dispatcher: ReminderDispatcher;

  beforeAll(async () => {
    t = await createTestApp();
    c = await createClinic(t);
    coordinator = bearer(c.coordinatorToken);
    [sms, mail] = await Promise.all([startSmsSink(), startMailSink()]);
    // A dispatcher of its own, on the sinks, driven by the test's clock.
    dispatcher = dispatcherLeasing(60_000);
  });
  const dispatcherLeasing = (leaseMs: number) =>
    new ReminderDispatcher(new RemindersRepository(t.app.get(DataSource)), {
      databaseUrl: t.databaseUrl,
      jwtSecret: 'unused',
      defaultTimeZone: 'Europe/Stockholm',
      logLevel: 'silent',
      delivery: { dispatcher: false, pollMs: 50, leaseMs, smsGatewayUrl: sms.url, smsGatewayToken: 'secret', smtpUrl: mail.url, mailFrom: 'Rehab <rehab@test.invalid>' },
    });
  afterAll(async () => {
    await dispatcher.onApplicationShutdown();
    await Promise.all([sms.close(), mail.close(), t.close()]);
  });

  const book = async (patientId: string, start: string, end: string, kind = 'individual_visit') =>
    (
      await t
        .http()
        .post('/appointments')
        .set(coordinator)
        .send({ kind, siteId: c.site.id, roomId: c.rooms.office.id, start, end, staffIds: [c.staff.nurse.id], patientIds: [patientId] })
        .expect(201)
    ).body.id as string;
  const remindersOf = async (appointmentId: string) => (await t.http().get(`/appointments/${appointmentId}/reminders`).set(coordinator).expect(200)).body;
  /** Runs the dispatcher as if it were `at`, until nothing more is due. */
  const dispatchAt = async (at: string) => {
    while ((await dispatcher.dispatchDue(new Date(at))) > 0);
  };
  const smsTo = (appointmentId: string) => [...sms.delivered.entries()].filter(([key]) => key.length && reminderIds.get(key) === appointmentId);
  const reminderIds = new Map<string, string>();
  const learnIds = async () => {
    for (const row of await t.db.query(`SELECT id, appointment_id FROM reminders`)) reminderIds.set(row.id, row.appointment_id);
  };
  // Reminders are only scheduled ahead of now: every visit is in a week to come, whatever today is.
  const week = plainWeek();
  const [monday, tuesday, wednesday, thursday, friday] = [0, 1, 2, 3, 4].map((i) => addDays(week, i));
  const minutesAfter = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * 60_000).toISOString();

  it('schedules SMS reminders 48 and 2 hours ahead at local clock time across the autumn change, and sends each when due', async () => {
    // The Monday after the return to standard time: 48 elapsed hours before 10:00 would be 09:00 on Saturday.
    const autumn = nextAutumnChange();
    const [start, end] = [stockholm(autumn.monday, '10:00'), stockholm(autumn.monday, '11:00')];
    const saturdayAtTen = stockholm(autumn.saturday, '10:00');
    expect([saturdayAtTen.slice(-6), start.slice(-6)]).toEqual(['+02:00', '+01:00']);
    const visit = await book(c.patients[0].id, start, end);
    const reminders = await remindersOf(visit);
    expect(reminders.map((r: { dueAt: string; status: string; channel: string }) => [r.dueAt, r.status, r.channel])).toEqual([
      [saturdayAtTen, 'scheduled', 'sms'],
      [stockholm(autumn.monday, '08:00'), 'scheduled', 'sms'],
    ]);

    await dispatchAt(minutesAfter(saturdayAtTen, -1));
    await learnIds();
    expect(smsTo(visit)).toHaveLength(0);
    await dispatchAt(saturdayAtTen);
    await learnIds();
    expect(smsTo(visit).map(([, m]) => m)).toEqual([
      {
        to: '+46701234567',
        message: `Påminnelse: individuellt besök ${swedishWhen(start)} på ` + `${c.site.name}, ${(await t.db.query(`SELECT name FROM rooms WHERE id = $1`, [c.rooms.office.id]))[0].name}. ` + 'Om du inte kan komma, ring mottagningen så snart som möjligt så att någon annan kan få tiden.',
      },
    ]);
    const after = await remindersOf(visit);
    expect(after.map((r: { status: string; attempts: number }) => [r.status, r.attempts])).toEqual([
      ['sent', 1],
      ['scheduled', 0],
    ]);
  });

  it('keeps SMS out of the quiet hours: a 06:15 reminder goes at 08:00', async () => {
    const visit = await book(c.patients[1].id, stockholm(wednesday, '08:15'), stockholm(wednesday, '09:00'));
    expect((await remindersOf(visit)).map((r: { dueAt: string }) => r.dueAt)).toEqual([stockholm(monday, '08:15'), stockholm(wednesday, '08:00')]);
  });

  it('replaces reminders when the visit moves, and after a reminder was sent, tells the patient of a cancellation', async () => {
    const visit = await book(c.patients[2].id, stockholm(tuesday, '10:00'), stockholm(tuesday, '11:00'), 'group_session');
    await t.http().patch(`/appointments/${visit}`).set(coordinator).send({ start: stockholm(wednesday, '10:00') }).expect(200);
    const moved = await remindersOf(visit);
    expect(moved.map((r: { dueAt: string; status: string }) => [r.dueAt, r.status])).toEqual([
      [stockholm(monday, '10:00'), 'cancelled'],
      [stockholm(tuesday, '10:00'), 'scheduled'],
    ]);
    await dispatchAt(stockholm(tuesday, '10:00'));
    await t.http().post(`/appointments/${visit}/cancel`).set(coordinator).send({ reason: 'the group leader is ill' }).expect(200);
    const cancelled = await remindersOf(visit);
    // The notice is due at once (or, cancelled at night, when the quiet hours end), so it comes first.
    expect(cancelled.map((r: { purpose: string; status: string }) => [r.purpose, r.status])).toEqual([
      ['cancellation', 'scheduled'],
      ['reminder', 'cancelled'],
      ['reminder', 'sent'],
    ]);
    await dispatchAt(cancelled[0].dueAt);
    await learnIds();
    const texts = smsTo(visit).map(([, m]) => m.message);
    expect(texts).toHaveLength(2);
    expect(texts[1]).toMatch(new RegExp(`^Ditt besök gruppträff ${swedishWhen(stockholm(wednesday, '10:00'))} på .* är inställt\\.`));
  });

  it('moves coming reminders to e-mail when the patient changes channel, and sends them over SMTP with the reminder id as Message-ID', async () => {
    const visit = await book(c.patients[1].id, stockholm(tuesday, '13:00'), stockholm(tuesday, '14:00'));
    expect((await remindersOf(visit)).map((r: { channel: string; status: string }) => `${r.channel} ${r.status}`)).toEqual(['sms scheduled', 'sms scheduled']);
    await t.http().patch(`/patients/${c.patients[1].id}`).set(coordinator).send({ email: 'bo@example.test', reminderChannel: 'email' }).expect(200);
    expect((await remindersOf(visit)).map((r: { channel: string; status: string }) => `${r.channel} ${r.status}`).sort()).toEqual([
      'email scheduled',
      'email scheduled',
      'sms cancelled',
      'sms cancelled',
    ]);
    await dispatchAt(stockholm(addDays(tuesday, -2), '13:00'));
    const reminder = (await remindersOf(visit)).find((r: { channel: string; status: string }) => r.channel === 'email' && r.status === 'sent');
    const message = mail.messages.find((m) => m.messageId === `<${reminder.id}@rehab-scheduler>`)!;
    expect(message).toMatchObject({ to: 'bo@example.test', subject: `Påminnelse: Individuellt besök ${swedishWhen(stockholm(tuesday, '13:00'))}` });
    expect(message.text).toContain('på ' + c.site.name);
  });

  it('retries through a gateway outage with a doubling wait and delivers once when it is back; gives up after six attempts', async () => {
    const visit = await book(c.patients[0].id, stockholm(thursday, '10:00'), stockholm(thursday, '11:00'));
    const due = stockholm(tuesday, '10:00');
    sms.failWith = 503;
    await dispatchAt(due);
    let [first] = await remindersOf(visit);
    expect(first).toMatchObject({ status: 'scheduled', attempts: 1, lastError: 'SMS gateway answered 503' });
    await dispatchAt(minutesAfter(due, 0.5)); // the first retry waits a minute
    [first] = await remindersOf(visit);
    expect(first.attempts).toBe(1);
    await dispatchAt(minutesAfter(due, 1));
    [first] = await remindersOf(visit);
    expect(first.attempts).toBe(2);
    sms.failWith = null;
    await dispatchAt(minutesAfter(due, 3)); // the second waits two
    await learnIds();
    [first] = await remindersOf(visit);
    expect(first).toMatchObject({ status: 'sent', attempts: 3 });
    expect(sms.requests.filter((r) => r.key === first.id)).toHaveLength(1);

    // The 2-hour reminder meets a gateway that stays down: six attempts, then failed and on the coordinator's list.
    sms.failWith = 500;
    for (const minutes of [0, 1, 3, 7, 15, 31]) {
      await dispatchAt(minutesAfter(stockholm(thursday, '08:00'), minutes));
    }
    sms.failWith = null;
    const [, second] = await remindersOf(visit);
    expect(second).toMatchObject({ status: 'failed', attempts: 6, lastError: 'SMS gateway answered 500' });
    const failed = await t.http().get('/reminders/failed').set(coordinator).expect(200);
    expect(failed.body.map((r: { id: string }) => r.id)).toContain(second.id);
  });

  it('shows a patient their own reminders and nobody else’s', async () => {
    const visit = await book(c.patients[1].id, stockholm(monday, '10:00'), stockholm(monday, '11:00'));
    await t.http().get(`/appointments/${visit}/reminders`).set(bearer(c.patientToken)).expect(404);
    const own = await book(c.patients[0].id, stockholm(friday, '10:00'), stockholm(friday, '11:00'));
    const mine = await t.http().get(`/appointments/${own}/reminders`).set(bearer(c.patientToken)).expect(200);
    expect(mine.body.every((r: { patientId: string }) => r.patientId === c.patients[0].id)).toBe(true);
    expect(mine.body).toHaveLength(2);

    // All of them at once, for the patient's page: the other patient's never among them.
    const all = (await t.http().get('/me/reminders').set(bearer(c.patientToken)).expect(200)).body;
    expect(all.map((r: { appointmentId: string }) => r.appointmentId)).toContain(own);
    expect(all.map((r: { appointmentId: string }) => r.appointmentId)).not.toContain(visit);
    expect(all.every((r: { patientId: string }) => r.patientId === c.patients[0].id)).toBe(true);
    await t.http().get('/me/reminders').set(coordinator).expect(403);
  });

  it('sends nothing beyond its lease: a send unanswered by then is cut off and retried later, and one whose turn comes after it is released untried', async () => {
    const visit = await book(c.patients[0].id, stockholm(friday, '14:00'), stockholm(friday, '15:00'));
    // Due long before any other reminder here, so these are the only ones due; more than go out at once.
    const due = new Date('2001-01-01T08:00:00Z');
    const ids: string[] = (
      await t.db.query(
        `INSERT INTO reminders (appointment_id, patient_id, purpose, channel, for_start, due_at, next_attempt_at)
         SELECT a.id, $2, 'reminder', 'sms', a.starts_at, $3, $3 FROM appointments a, generate_series(1, $4) WHERE a.id = $1 RETURNING id`,
        [visit, c.patients[0].id, due, SMS_CONCURRENCY + 10],
      )
    ).map((row: { id: string }) => row.id);
    const shortLease = dispatcherLeasing(1000);
    const before = sms.requests.length;
    sms.delayMs = 1500; // every answer comes after the lease
    try {
      expect(await shortLease.dispatchDue(due)).toBe(ids.length);
      await new Promise((resolve) => setTimeout(resolve, 1700)); // the last message the gateway took is recorded there
    } finally {
      sms.delayMs = 0;
      await shortLease.onApplicationShutdown();
    }
    const rows: { attempts: number; last_error: string | null; locked_until: Date | null; next_attempt_at: Date }[] = await t.db.query(
      `SELECT attempts, last_error, locked_until, next_attempt_at FROM reminders WHERE id = ANY($1)`,
      [ids],
    );
    const tried = rows.filter((r) => r.attempts === 1);
    const released = rows.filter((r) => r.attempts === 0);
    expect(tried.length + released.length).toBe(ids.length);
    expect(tried.length).toBeLessThanOrEqual(SMS_CONCURRENCY);
    expect(released.length).toBeGreaterThan(0);
    for (const r of tried) {
      expect(r.last_error).toMatch(/^SMS gateway unreachable/);
      expect(r.next_attempt_at.getTime()).toBeGreaterThan(due.getTime());
    }
    expect(released).toEqual(released.map(() => ({ attempts: 0, last_error: null, locked_until: null, next_attempt_at: due })));
    // The gateway saw the tried ones only.
    expect(sms.requests.length - before).toBe(tried.length);
    await t.db.query(`UPDATE reminders SET status = 'cancelled' WHERE id = ANY($1)`, [ids]);
  });
});
