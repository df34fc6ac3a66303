import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import { ReminderDispatcher } from '../src/reminders/reminder-dispatcher';
import { RemindersRepository } from '../src/reminders/reminders.repository';
import { SmsSink, startSmsSink } from './support/delivery-sinks';
import { bearer, createClinic, nextPersonalNumber, referralBody, userToken } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

/** Issue 16, B7 (d): the patient hears that their referral has arrived, by their own channel. */
describe('referral confirmation', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof createClinic>>;
  let coordinator: { Authorization: string };
  let sms: SmsSink;
  let dispatcher: ReminderDispatcher;

  beforeAll(async () => {
    t = await createTestApp();
    c = await createClinic(t);
    coordinator = bearer(c.coordinatorToken);
    sms = await startSmsSink();
    dispatcher = new ReminderDispatcher(new RemindersRepository(t.app.get(DataSource)), {
      databaseUrl: t.databaseUrl,
      jwtSecret: 'unused',
      defaultTimeZone: 'Europe/Stockholm',
      logLevel: 'silent',
      delivery: { dispatcher: false, pollMs: 50, leaseMs: 60_000, smsGatewayUrl: sms.url, smsGatewayToken: 'secret', mailFrom: 'Rehab <rehab@test.invalid>' },
    });
    await t.http().patch(`/sites/${c.site.id}/settings`).set(coordinator).send({ patientService: { phone: '021-17 30 00' } }).expect(200);
  });
  afterAll(async () => {
    await dispatcher.onApplicationShutdown();
    await Promise.all([sms.close(), t.close()]);
  });

  const patient = (body: Record<string, unknown>) =>
    t
      .http()
      .post('/patients')
      .set(coordinator)
      .send({ siteId: c.site.id, personalNumber: nextPersonalNumber(), name: 'Eva Ek', ...body })
      .expect(201)
      .then((response) => response.body.id as string);
  const refer = (patientId: string) => t.http().post('/referrals').set(coordinator).send(referralBody(patientId, c.site.id)).expect(201);

  it('sends the patient a Swedish SMS naming the unit and its phone, once, when the referral is registered; nothing to one who wants no messages', async () => {
    const patientId = await patient({ phone: '+46709998877', reminderChannel: 'sms' });
    const referral = await refer(patientId);
    const own = await t.http().get('/me/reminders').set(bearer(await userToken(t, 'patient', { patientId }))).expect(200);
    expect(own.body).toEqual([expect.objectContaining({ purpose: 'referral_confirmation', referralId: referral.body.id, appointmentId: null, channel: 'sms', status: 'scheduled' })]);

    // Due at once, or at 08:00 when registered in the SMS quiet hours.
    const due = new Date(own.body[0].dueAt);
    expect(DateTime.fromJSDate(due, { zone: 'Europe/Stockholm' }).hour).toBeGreaterThanOrEqual(8);
    while ((await dispatcher.dispatchDue(due)) > 0);
    const sent = [...sms.delivered.values()].filter((message) => message.to === '+46709998877');
    expect(sent).toEqual([
      {
        to: '+46709998877',
        message: `Vi har tagit emot din remiss till ${c.site.name}. Vi bedömer den och hör av oss om vad som händer härnäst. Har du frågor kan du ringa oss på 021-17 30 00.`,
      },
    ]);
    expect(sent[0].message).not.toMatch(/smärta|diagnos|Eva/i);

    // A patient who wants no messages gets none.
    const silent = await patient({ reminderChannel: 'none' });
    await refer(silent);
    expect((await t.http().get('/me/reminders').set(bearer(await userToken(t, 'patient', { patientId: silent }))).expect(200)).body).toEqual([]);
  });
});
