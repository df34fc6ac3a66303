import { Client } from 'pg';
import { DATE_WINDOWS, todayAnywhere, windowDates } from '../src/core/time/date-windows';
import { luhnCheckDigit } from '../src/core/rules/personal-number';
import { addDays } from '../src/core/time/local-time';
import { bearer, createClinic, referralBody } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

type Clinic = Awaited<ReturnType<typeof createClinic>>;
type Problem = { field: string; problem: string };

/** A date window as the API words it in its messages: "from 2021-12-01 to 2031-12-01". */
const WINDOW = /from \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}/;

/**
 * Dates and instants far from today, sent by anyone with a token, used to freeze the service (a
 * closed-days range in 9999 looped for ever) or to answer 500. Each is now a 400 naming the field
 * and its window, or a 4xx naming what is wrong.
 */
describe('dates far from today', () => {
  let t: TestApp;
  let c: Clinic;
  let coordinator: { Authorization: string };

  beforeAll(async () => {
    t = await createTestApp();
    c = await createClinic(t);
    coordinator = bearer(c.coordinatorToken);
  });
  afterAll(() => t.close());

  const fields = (body: { details?: Problem[] }) => (body.details ?? []).map((d) => d.field);
  const expectWindowProblem = (body: { statusCode: number; details?: Problem[] }, field: string) => {
    expect(body.statusCode).toBe(400);
    expect(body.details).toContainEqual({ field, problem: expect.stringMatching(WINDOW), code: expect.stringMatching(/^validation\.(date|instant)_window$/), params: { first: expect.any(String), last: expect.any(String) } });
  };

  it('refuses a referral received on 9999-12-31 or decades ago, naming receivedDate', async () => {
    for (const receivedDate of ['9999-12-31', '1950-01-01']) {
      const response = await t.http().post('/referrals').set(coordinator).send(referralBody(c.patients[0].id, c.site.id, { receivedDate }));
      expectWindowProblem(response.body, 'receivedDate');
    }
  });

  it('refuses a group program starting 9999-12-20, naming startDate', async () => {
    const response = await t.http().post('/group-programs/preview').set(coordinator).send({
      siteId: c.site.id,
      name: 'Grupp',
      roomId: c.rooms.groupRoom.id,
      startDate: '9999-12-20',
      startTime: '09:00',
      durationMinutes: 120,
    });
    expectWindowProblem(response.body, 'startDate');
  });

  it('answers a preview too short for the default session plan (2 weeks × 1 weekday) with a 422 naming sessionPlan', async () => {
    const response = await t
      .http()
      .post('/group-programs/preview')
      .set(coordinator)
      .send({ siteId: c.site.id, name: 'Kort', roomId: c.rooms.groupRoom.id, startDate: '2027-04-13', weeks: 2, weekdays: [2], startTime: '09:00', durationMinutes: 120 })
      .expect(422);
    expect(response.body.details).toEqual([{ field: 'sessionPlan', problem: 'a default plan needs at least 3 sessions to cover every module, got 2', code: 'plan.default_plan_too_short', params: { min: 3, count: 2 } }]);
  });

  it('refuses appointments in the years 0001 and 9999, naming start and end', async () => {
    for (const year of ['0001', '9999']) {
      const response = await t
        .http()
        .post('/appointments')
        .set(coordinator)
        .send({
          kind: 'assessment_visit',
          siteId: c.site.id,
          roomId: c.rooms.office.id,
          start: `${year}-03-01T09:00:00+01:00`,
          end: `${year}-03-01T10:00:00+01:00`,
          staffIds: [c.staff.nurse.id],
          patientIds: [c.patients[0].id],
        });
      expectWindowProblem(response.body, 'start');
      expect(fields(response.body)).toContain('end');
    }
    expect(Number((await t.db.query('SELECT count(*) FROM appointments'))[0].count)).toBe(0);
  });

  it('refuses a 100-year absence, and one longer than two years inside the window, naming end', async () => {
    const absence = (start: string, end: string) => t.http().post(`/staff/${c.staff.nurse.id}/absences`).set(coordinator).send({ start, end, reason: 'other' });
    expectWindowProblem((await absence('2027-01-04T08:00:00+01:00', '2127-01-04T08:00:00+01:00')).body, 'end');
    const long = await absence('2027-01-04T08:00:00+01:00', '2029-06-04T08:00:00+02:00').expect(400);
    expect(long.body.details).toEqual([{ field: 'end', problem: 'must be at most 731 days after start', code: 'validation.range_too_long', params: expect.objectContaining({ days: 731, other: 'start' }) }]);
    await absence('2027-01-04T08:00:00+01:00', '2027-01-08T17:00:00+01:00').expect(201);
  });

  it('refuses a patient born in the future, naming personalNumber', async () => {
    const born = addDays(todayAnywhere(), 2).replaceAll('-', '');
    const nine = `${born.slice(2)}123`;
    const response = await t
      .http()
      .post('/patients')
      .set(coordinator)
      .send({ siteId: c.site.id, personalNumber: `${born}-123${luhnCheckDigit(nine)}`, name: 'Ofödd', reminderChannel: 'none' })
      .expect(400);
    expect(response.body.details).toEqual([{ field: 'personalNumber', problem: expect.stringMatching(new RegExp(`must hold a date of birth ${WINDOW.source}`)), code: 'validation.personal_number_birth_window', params: { first: expect.any(String), last: expect.any(String) } }]);
  });

  it('refuses queries of the year 9999 and earliest dates outside the booking window', async () => {
    const far = `${windowDates(DATE_WINDOWS.booking, todayAnywhere()).last.slice(0, 4)}-12-31`;
    const cases: [Promise<{ body: { statusCode: number; details?: Problem[] } }>, string][] = [
      [t.http().get('/waitlist').query({ siteId: c.site.id, asOf: '9999-12-31' }).set(coordinator), 'asOf'],
      [t.http().get(`/staff/${c.staff.nurse.id}/calendar`).query({ from: '9999-12-01T00:00:00Z', to: '9999-12-08T00:00:00Z' }).set(coordinator), 'from'],
      [t.http().get('/appointments').query({ siteId: c.site.id, from: '0001-01-01T00:00:00Z', to: '0001-01-08T00:00:00Z' }).set(coordinator), 'from'],
      [t.http().post('/assessments/batch').set(coordinator).send({ siteId: c.site.id, earliestDate: addDays(far, 1) }), 'earliestDate'],
    ];
    for (const [request, field] of cases) expectWindowProblem((await request).body, field);
  });

  // Last: before this change the request never ended, and the process with it.
  it('answers closed days of 9999-12-31 with a 400 naming from and to, whoever asks', async () => {
    const response = await t
      .http()
      .get(`/sites/${c.site.id}/closed-days`)
      .query({ from: '9999-12-31', to: '9999-12-31' })
      .set(bearer(c.patientToken))
      .expect(400);
    expectWindowProblem(response.body, 'from');
    expectWindowProblem(response.body, 'to');
  });
});

/**
 * A request past its limit is answered 503 with Retry-After and stopped, while the service goes on
 * answering everyone else. What makes the request slow is real: the test holds a lock on the
 * appointments table in PostgreSQL, so the request waits on the database as it would behind a
 * long migration or a stuck transaction.
 */
describe('requests past their time limit', () => {
  let lock: Client;

  /** Holds an exclusive lock on appointments until `release` is called. */
  const lockAppointments = async (databaseUrl: string) => {
    lock = new Client({ connectionString: databaseUrl });
    await lock.connect();
    await lock.query('BEGIN');
    await lock.query('LOCK TABLE appointments IN ACCESS EXCLUSIVE MODE');
    return async () => {
      await lock.query('ROLLBACK');
      await lock.end();
    };
  };

  const appointmentsOf = (t: TestApp, siteId: string) =>
    t.http().get('/appointments').query({ siteId, from: '2027-01-04T00:00:00Z', to: '2027-01-11T00:00:00Z' }).set(bearer(t.adminToken));

  it('answers 503 at the request limit while /health keeps answering, and drops the late answer', async () => {
    const t = await createTestApp(undefined, { requestTimeoutMs: 800, statementTimeoutMs: 60_000 });
    try {
      const c = await createClinic(t);
      const release = await lockAppointments(t.databaseUrl);
      const started = Date.now();
      let slowAnsweredAt = 0;
      const slow = appointmentsOf(t, c.site.id).then((response) => {
        slowAnsweredAt = Date.now();
        return response;
      });
      // While the request waits on the lock, the service answers others at once.
      await new Promise((resolve) => setTimeout(resolve, 200));
      const health = await t.http().get('/health').expect(200);
      expect(health.body.status).toBe('ok');
      expect(slowAnsweredAt).toBe(0);

      const response = await slow;
      expect(response.status).toBe(503);
      expect(response.headers['retry-after']).toMatch(/^\d+$/);
      expect(response.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable', code: 'request.timed_out', params: { seconds: 0.8 }, message: 'the request took longer than 0.8 s and was stopped; try again shortly' });
      expect(slowAnsweredAt - started).toBeGreaterThanOrEqual(750);
      expect(slowAnsweredAt - started).toBeLessThan(5_000);

      // The handler finishes once the lock is gone; its answer has nowhere to go, and the service is unharmed.
      await release();
      await new Promise((resolve) => setTimeout(resolve, 300));
      await appointmentsOf(t, c.site.id).expect(200);
      await t.http().get('/health').expect(200);
    } finally {
      await t.close();
    }
  });

  it('answers 503 when PostgreSQL cancels a statement at statement_timeout', async () => {
    const t = await createTestApp(undefined, { requestTimeoutMs: 30_000, statementTimeoutMs: 400 });
    try {
      const c = await createClinic(t);
      const release = await lockAppointments(t.databaseUrl);
      try {
        const started = Date.now();
        const response = await appointmentsOf(t, c.site.id).expect(503);
        expect(Date.now() - started).toBeLessThan(5_000);
        expect(response.headers['retry-after']).toMatch(/^\d+$/);
        expect(response.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable', code: 'request.query_timed_out', message: 'a database query took too long and was stopped; try again shortly' });
      } finally {
        await release();
      }
      await appointmentsOf(t, c.site.id).expect(200);
    } finally {
      await t.close();
    }
  });
});
