import { bearer, createClinic, createStaff, TEST_PASSWORD, userToken } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

type Clinic = Awaited<ReturnType<typeof createClinic>>;

describe('authentication, roles and audit', () => {
  let t: TestApp;
  let c: Clinic;

  beforeAll(async () => {
    t = await createTestApp();
    c = await createClinic(t);
  });
  afterAll(() => t.close());

  it('requires a token on every endpoint except health, login, refresh and logout (whose credential is the refresh token), the API docs and calendar feeds (whose secret address is the credential)', async () => {
    const docs = await t.http().get('/api/docs-json').expect(200);
    const operations = Object.entries(docs.body.paths as Record<string, Record<string, unknown>>).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => ({ method, path: path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000') })),
    );
    expect(operations.length).toBeGreaterThan(15);
    // The sign-in through an identity provider starts before anyone is signed in (404 here: it is not configured).
    const open = new Set(['get /health', 'post /auth/login', 'post /auth/refresh', 'post /auth/logout', 'get /auth/oidc/config', 'get /auth/oidc/login', 'get /auth/oidc/callback']);
    const feed = 'get /calendar-feeds/00000000-0000-4000-8000-000000000000';
    for (const { method, path } of operations) {
      const response = await (t.http() as unknown as Record<string, (p: string) => Promise<{ status: number }>>)[method](path);
      if (open.has(`${method} ${path}`)) expect(response.status).not.toBe(401);
      else if (`${method} ${path}` === feed) expect(response.status).toBe(404);
      else expect({ method, path, status: response.status }).toEqual({ method, path, status: 401 });
    }
    await t.http().get('/patients').set(bearer('not-a-token')).expect(401);
  });

  it('reports health with the database reachable', async () => {
    const health = await t.http().get('/health').expect(200);
    expect(health.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });
  });

  it('refuses wrong passwords and unknown users alike', async () => {
    const wrong = await t.http().post('/auth/login').send({ username: 'test-admin', password: 'nope' }).expect(401);
    const unknown = await t.http().post('/auth/login').send({ username: 'nobody', password: 'nope' }).expect(401);
    expect(wrong.body.message).toBe(unknown.body.message);
  });

  it('ties each role to the record it needs', async () => {
    const response = await t.http().post('/users').set(bearer(t.adminToken)).send({ username: 'coord-x', password: TEST_PASSWORD, role: 'coordinator' }).expect(422);
    expect(response.body.details).toEqual([{ field: 'siteId', problem: 'is required for the role coordinator', code: 'user.required_for_role', params: expect.objectContaining({ role: 'coordinator' }) }]);
    await t.http().post('/users').set(bearer(c.coordinatorToken)).send({ username: 'sneaky', password: TEST_PASSWORD, role: 'admin' }).expect(403);
  });

  describe('a patient', () => {
    it('reads their own record and no one else’s', async () => {
      const me = await t.http().get(`/patients/${c.patients[0].id}`).set(bearer(c.patientToken)).expect(200);
      expect(me.body.name).toBe('Anna Andersson');
      const other = await t.http().get(`/patients/${c.patients[1].id}`).set(bearer(c.patientToken)).expect(404);
      expect(other.body.message).not.toContain('Bo Berg');
      const list = await t.http().get('/patients').set(bearer(c.patientToken)).expect(200);
      expect(list.body.map((p: { id: string }) => p.id)).toEqual([c.patients[0].id]);
    });

    it('sees their own appointments only, and only themself on a group session', async () => {
      const coordinator = bearer(c.coordinatorToken);
      const group = await t
        .http()
        .post('/appointments')
        .set(coordinator)
        .send({
          kind: 'group_session',
          siteId: c.site.id,
          roomId: c.rooms.groupRoom.id,
          start: '2027-01-19T09:00:00+01:00',
          end: '2027-01-19T11:00:00+01:00',
          staffIds: [c.staff.physiotherapist.id],
          patientIds: c.patients.map((p) => p.id),
        })
        .expect(201);
      const alone = await t
        .http()
        .post('/appointments')
        .set(coordinator)
        .send({
          kind: 'individual_visit',
          siteId: c.site.id,
          start: '2027-01-20T09:00:00+01:00',
          end: '2027-01-20T10:00:00+01:00',
          staffIds: [c.staff.psychologist.id],
          patientIds: [c.patients[1].id],
        })
        .expect(201);
      const seen = await t.http().get(`/appointments/${group.body.id}`).set(bearer(c.patientToken)).expect(200);
      expect(seen.body.patientIds).toEqual([c.patients[0].id]);
      await t.http().get(`/appointments/${alone.body.id}`).set(bearer(c.patientToken)).expect(404);
      const list = await t
        .http()
        .get('/appointments')
        .query({ from: '2027-01-18T00:00:00+01:00', to: '2027-01-25T00:00:00+01:00', patientId: c.patients[1].id })
        .set(bearer(c.patientToken))
        .expect(200);
      expect(list.body.map((a: { id: string }) => a.id)).toEqual([group.body.id]);
    });

    it('cannot book, nor create staff, rooms or sites', async () => {
      const token = bearer(c.patientToken);
      await t.http().post('/appointments').set(token).send({}).expect(403);
      await t.http().post('/staff').set(token).send({}).expect(403);
      await t.http().post('/rooms').set(token).send({}).expect(403);
      await t.http().post('/sites').set(token).send({}).expect(403);
      await t.http().get('/staff').set(token).expect(403);
    });
  });

  describe('staff of another site', () => {
    it('cannot read this site’s patients or appointments, nor book here', async () => {
      const other = await createClinic(t);
      await t.http().get(`/patients/${c.patients[0].id}`).set(bearer(other.clinicianToken)).expect(404);
      const list = await t.http().get('/patients').set(bearer(other.clinicianToken)).expect(200);
      expect(list.body.map((p: { siteId: string }) => p.siteId)).toEqual(other.patients.map(() => other.site.id));
      await t.http().get('/patients').query({ siteId: c.site.id }).set(bearer(other.coordinatorToken)).expect(403);
      await t
        .http()
        .post('/appointments')
        .set(bearer(other.coordinatorToken))
        .send({
          kind: 'other',
          siteId: c.site.id,
          start: '2027-01-21T09:00:00+01:00',
          end: '2027-01-21T10:00:00+01:00',
          staffIds: [c.staff.nurse.id],
          patientIds: [c.patients[0].id],
        })
        .expect(403);
    });

    it('a clinician cannot create staff', async () => {
      await t.http().post('/staff').set(bearer(c.clinicianToken)).send({}).expect(403);
    });
  });

  describe('the audit log', () => {
    it('records who read and who changed a patient, through which endpoint, for admins only', async () => {
      const patientId = c.patients[2].id;
      const nurseToken = await userToken(t, 'clinician', { staffId: (await createStaff(t, c.site.id, 'nurse')).id });
      await t.http().get(`/patients/${patientId}`).set(bearer(nurseToken)).expect(200);
      await t.http().patch(`/patients/${patientId}`).set(bearer(c.coordinatorToken)).send({ phone: '+46709999999' }).expect(200);

      const log = await t.http().get('/audit').query({ patientId }).set(bearer(t.adminToken)).expect(200);
      const entries = log.body.map((e: { role: string; action: string; endpoint: string; resource: string }) => [e.role, e.action, e.endpoint, e.resource]);
      expect(entries).toContainEqual(['clinician', 'read', 'GET /patients/:id', 'patient']);
      expect(entries).toContainEqual(['coordinator', 'update', 'PATCH /patients/:id', 'patient']);
      expect(entries).toContainEqual(['admin', 'create', 'POST /patients', 'patient']);
      expect(log.body.every((e: { patientId: string }) => e.patientId === patientId)).toBe(true);
      await t.http().get('/audit').set(bearer(c.coordinatorToken)).expect(403);
    });

    it('records reads of appointments for every patient on them', async () => {
      const before = await t.http().get('/audit').query({ patientId: c.patients[1].id }).set(bearer(t.adminToken)).expect(200);
      await t
        .http()
        .get('/appointments')
        .query({ from: '2027-01-18T00:00:00+01:00', to: '2027-01-25T00:00:00+01:00' })
        .set(bearer(c.clinicianToken))
        .expect(200);
      const after = await t.http().get('/audit').query({ patientId: c.patients[1].id }).set(bearer(t.adminToken)).expect(200);
      expect(after.body.length).toBeGreaterThan(before.body.length);
      expect(after.body[0]).toMatchObject({ action: 'read', resource: 'appointment', endpoint: 'GET /appointments' });
    });

    it('does not log a change that was refused', async () => {
      const patientId = c.patients[0].id;
      const before = (await t.http().get('/audit').query({ patientId }).set(bearer(t.adminToken))).body.length;
      await t.http().patch(`/patients/${patientId}`).set(bearer(c.coordinatorToken)).send({ reminderChannel: 'email' }).expect(422);
      const after = (await t.http().get('/audit').query({ patientId }).set(bearer(t.adminToken))).body.length;
      expect(after).toBe(before);
    });
  });
});
