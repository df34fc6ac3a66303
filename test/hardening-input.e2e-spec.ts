import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedDatabase, startEmbeddedPostgres } from '../src/database/embedded-postgres';
import { bearer, createClinic, individualProgramRequest, nextPersonalNumber, referralBody } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';
import { prepareTestDatabase, TEST_ADMIN } from './support/test-database';

const NUL = 'must not contain the NUL character (\\u0000)';

describe('input the API refuses with a 4xx, never a 500', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof createClinic>>;
  let admin: { Authorization: string };

  beforeAll(async () => {
    t = await createTestApp();
    c = await createClinic(t);
    admin = bearer(t.adminToken);
  });
  afterAll(() => t.close());

  const problems = (response: { body: { details?: unknown } }) => response.body.details;

  // Found by the API fuzzer: IsOptional let null past every check, so a null care guarantee was stored and broke the site's later requests, and a null name was a 500.
  it('null for something that may only be left out, naming the field, and nothing is stored', async () => {
    const settings = await t.http().patch(`/sites/${c.site.id}/settings`).set(admin).send({ careGuaranteeDays: null, triage: { minPainMonths: null } }).expect(400);
    expect(problems(settings)).toEqual([
      { field: 'careGuaranteeDays', problem: 'must not be null', code: 'validation.not_null', params: {} },
      { field: 'triage.minPainMonths', problem: 'must not be null', code: 'validation.not_null', params: {} },
    ]);
    await t.http().patch(`/sites/${c.site.id}/settings`).set(admin).send({ triage: null }).expect(400);
    expect((await t.http().get(`/sites/${c.site.id}/settings`).set(admin).expect(200)).body).toMatchObject({ careGuaranteeDays: 90, triage: { minPainMonths: 3 } });
    for (const field of ['name', 'reminderChannel']) {
      const patient = await t.http().patch(`/patients/${c.patients[1].id}`).set(admin).send({ [field]: null }).expect(400);
      expect(problems(patient)).toEqual([{ field, problem: 'must not be null', code: 'validation.not_null', params: {} }]);
    }
    // A referral's contents may be missing, but a null is a wrong type: it was stored, against the document's number.
    const referral = await t.http().post('/referrals').set(admin).send(referralBody(c.patients[2].id, c.site.id)).expect(201);
    const contents = await t.http().patch(`/referrals/${referral.body.id}`).set(admin).send({ painDurationMonths: null }).expect(400);
    expect(problems(contents)).toEqual([{ field: 'painDurationMonths', problem: 'must not be null', code: 'validation.not_null', params: {} }]);
  });

  // The rest of IsOptional's null hole, one field per area: each reached its service (a null staff id, a null start).
  // Ids in the path need not exist: the body is refused before anything is looked up.
  const ANY_ID = '00000000-0000-4000-8000-000000000000';
  it.each([
    ['referralId', 'POST', '/appointments', { kind: 'other', siteId: ANY_ID, start: '2027-01-04T09:00:00+01:00', end: '2027-01-04T10:00:00+01:00', staffIds: [ANY_ID], patientIds: [ANY_ID], referralId: null }],
    ['start', 'PATCH', `/appointments/${ANY_ID}`, { start: null }],
    ['preferences.preferredStaff.nurse', 'POST', '/assessments/proposals', { referralId: ANY_ID, preferences: { preferredStaff: { nurse: null } } }],
    ['weeks', 'POST', '/group-programs/preview', { siteId: ANY_ID, name: 'Grupp', roomId: ANY_ID, startDate: '2027-03-02', startTime: '09:00', durationMinutes: 90, weeks: null }],
    ['maxVisitsPerDay', 'POST', '/individual-programs/proposals', individualProgramRequest(ANY_ID, { maxVisitsPerDay: null })],
    ['leaders.act', 'PATCH', `/group-programs/${ANY_ID}/sessions/${ANY_ID}`, { leaders: { act: null } }],
    ['note', 'POST', `/staff/${ANY_ID}/absences`, { start: '2027-01-04T08:00:00+01:00', end: '2027-01-05T08:00:00+01:00', reason: 'course', note: null }],
    ['siteId', 'POST', '/users', { username: 'nobody', password: 'lingonris-och-tallbit-7', role: 'coordinator', siteId: null }],
    ['physicianId', 'POST', `/episodes/${ANY_ID}/sick-leave/handovers`, { to: 'rehab_unit', physicianId: null, effectiveFrom: '2027-01-04', reason: 'Tar över' }],
    ['note', 'POST', `/assessments/${ANY_ID}/outcome`, { outcome: 'other_measures', note: null }],
  ])('a null %s in %s %s: 400 naming it', async (field, method, path, body) => {
    const response = await t.http()[method === 'POST' ? 'post' : 'patch'](path).set(admin).send(body).expect(400);
    expect(problems(response)).toEqual([{ field, problem: 'must not be null', code: 'validation.not_null', params: {} }]);
  });

  it('null where it means something: no room, and no e-mail for a patient reminded by SMS', async () => {
    const patient = await t.http().patch(`/patients/${c.patients[0].id}`).set(admin).send({ email: 'anna@example.se' }).expect(200);
    expect(patient.body.email).toBe('anna@example.se');
    expect((await t.http().patch(`/patients/${c.patients[0].id}`).set(admin).send({ email: null }).expect(200)).body.email).toBeNull();
    // The phone the SMS reminders go to cannot be removed: the domain rule, not a 500 at the column.
    const phone = await t.http().patch(`/patients/${c.patients[0].id}`).set(admin).send({ phone: null }).expect(422);
    expect(problems(phone)).toEqual([{ field: 'phone', problem: 'is required when reminderChannel is sms', code: 'patient.phone_for_sms', params: expect.any(Object) }]);
    const document = (await t.http().get('/api/docs-json').expect(200)).body;
    for (const schema of ['CreateAppointmentDto', 'RescheduleAppointmentDto']) expect(document.components.schemas[schema].properties.roomId.nullable).toBe(true);
    for (const field of ['phone', 'email']) expect(document.components.schemas.UpdatePatientDto.properties[field].nullable).toBe(true);
    expect(document.components.schemas.CreatePatientDto.properties.email.nullable).toBeUndefined();
  });

  describe('NUL characters, which PostgreSQL cannot store, are refused naming the field', () => {
    it('in a login, before any token', async () => {
      const response = await t.http().post('/auth/login').send({ username: `${TEST_ADMIN.username}\u0000`, password: TEST_ADMIN.password }).expect(400);
      expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request', details: [{ field: 'username', problem: NUL, code: 'validation.nul_character', params: {} }] });
    });

    it("in a patient's name, new or changed", async () => {
      const created = await t.http().post('/patients').set(admin).send({ siteId: c.site.id, personalNumber: '19800101-0000', name: 'Anna\u0000', reminderChannel: 'none' }).expect(400);
      expect(problems(created)).toEqual([{ field: 'name', problem: NUL, code: 'validation.nul_character', params: {} }]);
      const changed = await t.http().patch(`/patients/${c.patients[0].id}`).set(admin).send({ name: 'Anna\u0000Andersson' }).expect(400);
      expect(problems(changed)).toEqual([{ field: 'name', problem: NUL, code: 'validation.nul_character', params: {} }]);
      const unchanged = await t.http().get(`/patients/${c.patients[0].id}`).set(admin).expect(200);
      expect(unchanged.body.name).toBe('Anna Andersson');
    });

    it("in a referral's text and its referrer, however deep", async () => {
      const text = await t.http().post('/referrals').set(admin).send(referralBody(c.patients[1].id, c.site.id, { reasonForReferral: 'smärta\u0000' })).expect(400);
      expect(problems(text)).toEqual([{ field: 'reasonForReferral', problem: NUL, code: 'validation.nul_character', params: {} }]);
      const referrer = { name: 'Dr.\u0000 Ek', unit: 'Vårdcentralen', unitKind: 'primary_care', contact: '021-12 34 56' };
      const nested = await t.http().post('/referrals').set(admin).send(referralBody(c.patients[1].id, c.site.id, { referrer })).expect(400);
      expect(problems(nested)).toEqual([{ field: 'referrer.name', problem: NUL, code: 'validation.nul_character', params: {} }]);
    });

    it('in query and path parameters', async () => {
      const query = await t
        .http()
        .get(`/staff/${c.staff.nurse.id}/calendar`)
        .query({ from: '2027-01-04T00:00:00+01:00\u0000', to: '2027-01-11T00:00:00+01:00' })
        .set(admin)
        .expect(400);
      expect(problems(query)).toEqual([{ field: 'from', problem: NUL, code: 'validation.nul_character', params: {} }]);
      const path = await t.http().get(`/patients/${c.patients[0].id}%00`).set(admin).expect(400);
      expect(problems(path)).toEqual([{ field: 'id', problem: NUL, code: 'validation.nul_character', params: {} }]);
    });
  });

  describe('bodies too large, too long or too deep', () => {
    it('answers a 10 MB body 413 with the limit', async () => {
      const response = await t.http().post('/patients').set(admin).set('content-type', 'application/json').send(JSON.stringify({ name: 'x'.repeat(10 * 1024 * 1024) }));
      expect(response.status).toBe(413);
      expect(response.body).toEqual({
        statusCode: 413,
        error: 'Payload Too Large',
        code: 'request.body_too_large',
        message: 'body: is larger than the limit of 1048576 bytes (1 MB)',
        details: [{ field: 'body', problem: 'is larger than the limit of 1048576 bytes (1 MB)', code: 'request.body_too_large', params: { limit: 1048576 } }],
      });
    });

    it('refuses a list of 10,000 ids naming the field', async () => {
      const ids = Array.from({ length: 10_000 }, () => randomUUID());
      const batch = await t.http().post('/assessments/batch').set(admin).send({ siteId: c.site.id, referralIds: ids }).expect(400);
      expect(problems(batch)).toEqual([{ field: 'referralIds', problem: 'must contain no more than 5000 elements', code: 'validation.list_too_long', params: { max: 5000 } }]);
      const appointment = {
        siteId: c.site.id,
        kind: 'other',
        start: '2027-01-04T09:00:00+01:00',
        end: '2027-01-04T10:00:00+01:00',
        staffIds: ids,
        patientIds: [c.patients[0].id],
      };
      const booking = await t.http().post('/appointments').set(admin).send(appointment).expect(400);
      expect(problems(booking)).toEqual([{ field: 'staffIds', problem: 'must contain no more than 5000 elements', code: 'validation.list_too_long', params: { max: 5000 } }]);
    });

    it('refuses a body nested 40,000 deep before validating it', async () => {
      const deep = `{"siteId":"${c.site.id}","name":${'['.repeat(40_000)}${']'.repeat(40_000)}}`;
      const response = await t.http().post('/patients').set(admin).set('content-type', 'application/json').send(deep).expect(400);
      expect(problems(response)).toEqual([{ field: `name${'.0'.repeat(31)}`, problem: 'must not nest deeper than 32 levels', code: 'validation.too_deep', params: expect.objectContaining({ max: 32 }) }]);
    });

    it('answers malformed JSON 400 naming the body', async () => {
      const response = await t.http().post('/patients').set(admin).set('content-type', 'application/json').send('{"name": "Anna",').expect(400);
      expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request', details: [{ field: 'body', problem: expect.stringMatching(/^is not valid JSON \(.+\)$/) }] });
    });

    it('answers a body in a charset it does not read 415', async () => {
      const response = await t.http().post('/patients').set(admin).set('content-type', 'application/json; charset=latin1').send('{"name":"Anna"}').expect(415);
      expect(response.body).toEqual({
        statusCode: 415,
        error: 'Unsupported Media Type',
        code: 'request.unreadable',
        message: 'body: unsupported charset "LATIN1"',
        details: [{ field: 'body', problem: 'unsupported charset "LATIN1"', code: 'request.unreadable', params: {} }],
      });
    });
  });
});

/** This file's own PostgreSQL, so stopping it leaves the shared test server alone. */
describe('PostgreSQL down', () => {
  const directory = mkdtempSync(join(tmpdir(), 'rehab-scheduler-down-'));
  let server: EmbeddedDatabase;
  let port: number;
  let t: TestApp;

  beforeAll(async () => {
    server = await startEmbeddedPostgres(directory);
    await server.createDatabase('rehab');
    port = Number(new URL(server.url('rehab')).port);
    await prepareTestDatabase(server.url('rehab'));
    t = await createTestApp({ url: server.url('rehab'), drop: async () => undefined });
  });
  afterAll(async () => {
    await t?.close();
    await server?.remove();
  });

  it('answers 503 with Retry-After while it is down, and serves again once it is back', async () => {
    const admin = bearer(t.adminToken);
    const site = await t.http().post('/sites').set(admin).send({ name: 'Smärtrehab Sala', timeZone: 'Europe/Stockholm' }).expect(201);
    await server.stop();

    const down = [
      t.http().get('/sites').set(admin),
      t.http().get(`/sites/${site.body.id}`).set(admin),
      t.http().post('/patients').set(admin).send({ siteId: site.body.id, personalNumber: nextPersonalNumber(), name: 'Anna', reminderChannel: 'none' }),
      t.http().post('/auth/login').send({ username: TEST_ADMIN.username, password: TEST_ADMIN.password }),
    ];
    for (const response of await Promise.all(down)) {
      expect(response.status).toBe(503);
      expect(response.headers['retry-after']).toBe('5');
      expect(response.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable', code: 'server.database_unavailable', message: 'the database is unavailable; try again shortly' });
    }
    const health = await t.http().get('/health').expect(503);
    expect(health.headers['retry-after']).toBe('5');
    expect(health.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable', message: expect.stringMatching(/^database: down/), details: [{ field: 'database', problem: expect.stringMatching(/^down/) }] });

    server = await startEmbeddedPostgres(directory, port);
    await t.http().get(`/sites/${site.body.id}`).set(admin).expect(200);
    await t.http().get('/health').expect(200);
  });
});
