import { bearer, createClinic, createPatient, createRoom, createStaff, referralBody } from './support/fixtures';
import { startService, ServiceProcess } from './support/service-process';
import { plainWeek } from './support/site-time';
import { createTestApp, ServiceClient, serviceClient, TestApp } from './support/test-app';

type Clinic = Awaited<ReturnType<typeof createClinic>>;

/** Short, so a dead instance's job is taken over in seconds; a live one renews it every second. */
const LEASE_MS = 3000;

describe('jobs that outlive their process', () => {
  let t: TestApp;
  const services: ServiceProcess[] = [];

  beforeAll(async () => {
    t = await createTestApp(undefined, { jobLeaseMs: LEASE_MS });
  });
  afterAll(async () => {
    await Promise.all(services.map((service) => service.kill()));
    await t.close();
  });

  async function acceptedReferrals(client: ServiceClient, clinic: Clinic, count: number): Promise<string[]> {
    const token = bearer(clinic.coordinatorToken);
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const patient = await createPatient(client, clinic.site.id, `Kö ${i}`);
      const referral = await client.http().post('/referrals').set(token).send(referralBody(patient.id, clinic.site.id)).expect(201);
      await client.http().post(`/referrals/${referral.body.id}/decision`).set(token).send({ decision: 'accepted', reasons: [], decidedBy: 'K' }).expect(200);
      ids.push(referral.body.id);
    }
    return ids;
  }

  /** The job once it is no longer running, as a client polling it sees it. */
  async function finished(jobId: string, token: { Authorization: string }, timeoutMs = 60_000) {
    for (const deadline = Date.now() + timeoutMs; ; await new Promise((resolve) => setTimeout(resolve, 100))) {
      const { body } = await t.http().get(`/jobs/${jobId}`).set(token).expect(200);
      if (body.status !== 'running') return body;
      if (Date.now() > deadline) throw new Error(`job ${jobId} still running: ${JSON.stringify(body)}`);
    }
  }

  async function bookedPerReferral(referralIds: string[]): Promise<number[]> {
    const rows: { n: number }[] = await t.db.query(
      `SELECT (SELECT count(*)::int FROM assessments s WHERE s.referral_id = r.id AND s.status = 'booked') AS n FROM unnest($1::uuid[]) r(id)`,
      [referralIds],
    );
    return rows.map((row) => row.n);
  }

  it('takes over a batch whose instance stopped renewing it, skips what that one booked, and finishes it', async () => {
    const clinic = await createClinic(t);
    const token = bearer(clinic.coordinatorToken);
    const earliestDate = plainWeek();
    const referralIds = await acceptedReferrals(t, clinic, 3);
    // What the dead instance got done: the first referral booked.
    const proposal = await t.http().post('/assessments/proposals').set(token).send({ referralId: referralIds[0], earliestDate }).expect(200);
    const before = await t.http().post('/assessments').set(token).send({ referralId: referralIds[0], visits: proposal.body.visits }).expect(201);
    const { body: me } = await t.http().get('/auth/me').set(token).expect(200);
    const [{ id }] = await t.db.query(
      `INSERT INTO jobs (kind, site_id, status, done, total, input, owner, heartbeat_at)
       VALUES ('book-waitlist', $1, 'running', 1, 3, $2, 'an-instance-that-died', now() - interval '10 minutes') RETURNING id`,
      [clinic.site.id, JSON.stringify({ actor: { ...me, endpoint: 'POST /assessments/batch' }, referralIds, earliestDate })],
    );

    const job = await finished(id, token);
    expect(job).toMatchObject({ status: 'done', done: 3, total: 3, takeovers: 1, error: null });
    expect(job.result).toEqual([
      expect.objectContaining({ referralId: referralIds[0], status: 'booked', assessmentId: before.body.id }),
      expect.objectContaining({ referralId: referralIds[1], status: 'booked' }),
      expect.objectContaining({ referralId: referralIds[2], status: 'booked' }),
    ]);
    expect(await bookedPerReferral(referralIds)).toEqual([1, 1, 1]);
    expect(job).not.toHaveProperty('input'); // it names the requester
  });

  it('fails a job left by a dead instance that does not say how to go on, with what it had done', async () => {
    const clinic = await createClinic(t);
    const [{ id }] = await t.db.query(
      `INSERT INTO jobs (kind, site_id, status, done, total, heartbeat_at) VALUES ('book-waitlist', $1, 'running', 2, 5, now() - interval '10 minutes') RETURNING id`,
      [clinic.site.id],
    );
    const job = await finished(id, bearer(clinic.coordinatorToken));
    expect(job).toMatchObject({ status: 'failed', done: 2, total: 5 });
    expect(job.error).toMatch(/stopped after 2 of 5.*start it again/);
  });

  it('runs one batch per site at a time: a second one at once answers 409 naming the running job', async () => {
    const clinic = await createClinic(t);
    const token = bearer(clinic.coordinatorToken);
    await acceptedReferrals(t, clinic, 20);
    const request = () => t.http().post('/assessments/batch').set(token).send({ siteId: clinic.site.id, earliestDate: plainWeek() });
    const answers = await Promise.all([request(), request()]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([202, 409]);
    const started = answers.find((answer) => answer.status === 202)!.body;
    const refused = answers.find((answer) => answer.status === 409)!.body;
    expect(refused).toMatchObject({ statusCode: 409, error: 'Conflict', runningJobId: started.id });
    expect(refused.message).toContain(started.id);

    expect(await finished(started.id, token)).toMatchObject({ status: 'done', done: 20, total: 20 });
    await request().expect(202); // once it is done, the next may run
  });

  it('finishes a batch with nothing waiting at once, so one right after it is no 409', async () => {
    const clinic = await createClinic(t);
    const token = bearer(clinic.coordinatorToken);
    const request = () => t.http().post('/assessments/batch').set(token).send({ siteId: clinic.site.id, earliestDate: plainWeek() });
    for (let i = 0; i < 3; i++) {
      const { body } = await request().expect(202);
      expect(body).toMatchObject({ status: 'done', done: 0, total: 0, result: [], error: null });
      expect(body.finishedAt).toEqual(expect.any(String));
    }
  });

  it('finishes a batch whose service process was killed with SIGKILL in the middle, booking each referral once', async () => {
    const clinic = await createClinic(t);
    const token = bearer(clinic.coordinatorToken);
    // Room for many bookings, so the batch writes group after group and the kill lands between them.
    for (const discipline of ['nurse', 'physician', 'physiotherapist', 'psychologist'] as const) {
      for (let i = 0; i < 2; i++) await createStaff(t, clinic.site.id, discipline);
    }
    for (let i = 0; i < 4; i++) await createRoom(t, clinic.site.id, 'office');
    const referralIds = await acceptedReferrals(t, clinic, 300);
    const service = await startService(t.databaseUrl, { JOB_LEASE_MS: String(LEASE_MS) });
    services.push(service);
    await service.ready;
    const client = await serviceClient(service.url);
    const { body: started } = await client
      .http()
      .post('/assessments/batch')
      .set(bearer(client.adminToken))
      .send({ siteId: clinic.site.id, earliestDate: plainWeek() })
      .expect(202);
    const bookedSoFar = async () => Number((await t.db.query(`SELECT count(*) FROM assessments WHERE site_id = $1 AND status = 'booked'`, [clinic.site.id]))[0].count);
    while ((await bookedSoFar()) === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    await service.kill('SIGKILL');
    const [left] = await t.db.query(`SELECT status FROM jobs WHERE id = $1`, [started.id]);
    expect(left.status).toBe('running'); // it died in the middle
    expect(await bookedSoFar()).toBeLessThan(referralIds.length);

    const job = await finished(started.id, token);
    expect(job).toMatchObject({ status: 'done', done: 300, total: 300, takeovers: 1 });
    const booked = job.result.filter((outcome: { status: string }) => outcome.status === 'booked');
    expect(booked.length).toBeGreaterThan(100);
    expect(job.result.map((outcome: { referralId: string }) => outcome.referralId).sort()).toEqual([...referralIds].sort());
    const perReferral = await bookedPerReferral(referralIds);
    expect(perReferral.every((n) => n <= 1)).toBe(true);
    expect(perReferral.filter((n) => n === 1)).toHaveLength(booked.length);
  }, 180_000);
});
