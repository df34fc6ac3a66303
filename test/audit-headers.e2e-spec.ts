import { randomUUID } from 'node:crypto';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AuditResourceLists1764930000000 } from '../migrations/1764930000000-audit-resource-lists';
import { AuditService } from '../src/access/audit.service';
import { NAMED_UNIQUE_CONSTRAINTS } from '../src/common/unique-constraints';
import { bearer, createClinic, TEST_PASSWORD } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

type Clinic = Awaited<ReturnType<typeof createClinic>>;

interface AuditRow {
  userId: string | null;
  username: string;
  role: string | null;
  action: string;
  outcome: string;
  patientId: string | null;
  resource: string;
  resourceIds: string[];
  endpoint: string;
  clientAddress: string | null;
}

/** The address supertest's requests come from, as the service sees it. */
const LOOPBACK = /^(::ffff:)?127\.0\.0\.1$|^::1$/;

describe('refusals and logins in the audit log, security headers, roles and conflicts', () => {
  let t: TestApp;
  let c: Clinic;
  let other: Clinic;

  beforeAll(async () => {
    t = await createTestApp();
    [c, other] = [await createClinic(t), await createClinic(t)];
  });
  afterAll(() => t.close());

  const audit = async (query: Record<string, string>): Promise<AuditRow[]> => (await t.http().get('/audit').query(query).set(bearer(t.adminToken)).expect(200)).body;

  it('logs a read of more patients than one statement can carry (a large register): every one, in one go', async () => {
    const targets = Array.from({ length: 12_000 }, () => ({ patientId: randomUUID(), resourceId: null }));
    const actor = { userId: null, username: 'audit-volume', role: 'coordinator', endpoint: 'GET /patients', clientAddress: '127.0.0.1' };
    await t.app.get(AuditService).record(actor, 'read', 'patient', targets);
    expect(await t.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE username = 'audit-volume'`)).toEqual([{ n: 12_000 }]);
  });

  describe('refused accesses', () => {
    it('answers a patient reading another patient’s record 404, and logs who tried, from where, through which endpoint', async () => {
      const bo = c.patients[1].id;
      const response = await t.http().get(`/patients/${bo}`).set(bearer(c.patientToken)).expect(404);
      expect(JSON.stringify(response.body)).not.toContain('Bo Berg');
      const { userId } = (await t.http().get('/auth/me').set(bearer(c.patientToken)).expect(200)).body;

      const refused = await audit({ patientId: bo, outcome: 'refused' });
      expect(refused).toHaveLength(1);
      expect(refused[0]).toMatchObject({ userId, role: 'patient', action: 'read', outcome: 'refused', resource: 'patient', resourceIds: [bo], endpoint: 'GET /patients/:id' });
      expect(refused[0].clientAddress).toMatch(LOOPBACK);
      // A refused change is logged as a tried change.
      await t.http().patch(`/patients/${bo}`).set(bearer(c.patientToken)).send({ phone: '+46701111111' }).expect(404);
      expect((await audit({ patientId: bo, outcome: 'refused' }))[0]).toMatchObject({ action: 'update', endpoint: 'PATCH /patients/:id' });
    });

    it('answers a coordinator 404 for every id of another site, as for one that does not exist, and logs each', async () => {
      const coordinator = bearer(other.coordinatorToken);
      const { userId } = (await t.http().get('/auth/me').set(coordinator).expect(200)).body;
      const week = { from: '2027-01-18T00:00:00+01:00', to: '2027-01-25T00:00:00+01:00' };
      const tried = [
        { path: `/staff/${c.staff.nurse.id}`, resource: 'staff_member', id: c.staff.nurse.id, endpoint: 'GET /staff/:id' },
        { path: `/rooms/${c.rooms.office.id}`, resource: 'room', id: c.rooms.office.id, endpoint: 'GET /rooms/:id' },
        { path: `/sites/${c.site.id}`, resource: 'site', id: c.site.id, endpoint: 'GET /sites/:id' },
        { path: `/sites/${c.site.id}/settings`, resource: 'site', id: c.site.id, endpoint: 'GET /sites/:id/settings' },
        { path: `/sites/${c.site.id}/calendar?from=${encodeURIComponent(week.from)}&to=${encodeURIComponent(week.to)}`, resource: 'site', id: c.site.id, endpoint: 'GET /sites/:id/calendar' },
      ];
      const missing = await t.http().get('/staff/00000000-0000-4000-8000-000000000000').set(coordinator).expect(404);
      for (const { path } of tried) {
        const response = await t.http().get(path).set(coordinator);
        expect({ path, status: response.status }).toEqual({ path, status: 404 });
        expect(Object.keys(response.body).sort()).toEqual(Object.keys(missing.body).sort());
      }

      const refused = await audit({ userId, outcome: 'refused' });
      for (const { resource, id, endpoint } of tried) {
        expect(refused).toContainEqual(expect.objectContaining({ username: expect.any(String), role: 'coordinator', action: 'read', resource, resourceIds: [id], endpoint, patientId: null }));
      }
      expect(refused.every((row) => LOOPBACK.test(row.clientAddress ?? ''))).toBe(true);
    });

    it('keeps naming another site in a list filter a 403, logged as refused too', async () => {
      const refused = await t.http().get('/staff').query({ siteId: c.site.id }).set(bearer(other.coordinatorToken)).expect(403);
      expect(refused.body).toEqual({ statusCode: 403, error: 'Forbidden', code: 'access.other_site', params: {}, message: 'this belongs to another site' });
      const { userId } = (await t.http().get('/auth/me').set(bearer(other.coordinatorToken)).expect(200)).body;
      expect(await audit({ userId, outcome: 'refused' })).toContainEqual(expect.objectContaining({ resource: 'site', resourceIds: [c.site.id], endpoint: 'GET /staff' }));
    });
  });

  describe('logins', () => {
    it('logs a login and a failed one with the username tried and the address, never the password', async () => {
      const username = `audited-${Math.random().toString(36).slice(2, 8)}`;
      const user = (await t.http().post('/users').set(bearer(t.adminToken)).send({ username, password: TEST_PASSWORD, role: 'coordinator', siteId: c.site.id }).expect(201)).body;
      const wrong = 'not-the-password-but-close';
      await t.http().post('/auth/login').send({ username, password: wrong }).expect(401);
      await t.http().post('/auth/login').send({ username, password: TEST_PASSWORD }).expect(200);

      const logins = await audit({ username, action: 'login' });
      expect(logins.map((row) => row.outcome)).toEqual(['allowed', 'failed']);
      expect(logins[0]).toMatchObject({ userId: user.id, role: 'coordinator', patientId: null, endpoint: 'POST /auth/login' });
      expect(logins[1]).toMatchObject({ userId: null, username, role: null, patientId: null, endpoint: 'POST /auth/login' });
      for (const row of logins) expect(row.clientAddress).toMatch(LOOPBACK);
      expect(JSON.stringify(logins)).not.toContain(wrong);
      expect((await audit({ outcome: 'failed' })).map((row) => row.username)).toContain(username);
    });
  });

  it('is append-only: the database refuses to update, delete or truncate the audit log', async () => {
    const [{ count }] = await t.db.query(`SELECT count(*)::int AS count FROM audit_log`);
    expect(count).toBeGreaterThan(0);
    await expect(t.db.query(`UPDATE audit_log SET username = 'someone else'`)).rejects.toThrow(/never rewritten/);
    await expect(t.db.query(`DELETE FROM audit_log`)).rejects.toThrow(/never rewritten/);
    await expect(t.db.query(`TRUNCATE audit_log`)).rejects.toThrow(/never rewritten/);
    expect((await t.db.query(`SELECT count(*)::int AS count FROM audit_log`))[0].count).toBeGreaterThanOrEqual(count);
  });

  it('keeps the entries logged one record each before: the migration names that record, or none, and the log stays append-only', async () => {
    const [appointment, group] = [randomUUID(), randomUUID()];
    const patientId = c.patients[0].id;
    const migration = new AuditResourceLists1764930000000();
    const runner = t.db.createQueryRunner();
    try {
      await t.app.get(AuditService).record({ userId: null, username: 'audit-migration', role: 'coordinator', endpoint: 'GET /sites/:id/calendar', clientAddress: null }, 'read', 'appointment', [appointment, group].map((resourceId) => ({ patientId, resourceId })));
      await migration.down(runner);
      // Written as the older schema did: one row per record, and a login naming none.
      const old = `INSERT INTO audit_log (username, role, action, patient_id, resource, resource_id, endpoint) VALUES ('audit-migration', 'coordinator', $1, $2, $3, $4, 'GET /x')`;
      await runner.query(old, ['read', patientId, 'appointment', appointment]);
      await runner.query(old, ['login', null, 'user', null]);
      await migration.up(runner);
    } finally {
      await runner.release();
    }
    const rows = await t.db.query(`SELECT action, resource_ids AS "resourceIds" FROM audit_log WHERE username = 'audit-migration' ORDER BY id`);
    // The two-record row went back to two rows of one, as the older schema holds them, and came through as they were.
    expect(rows).toEqual([
      { action: 'read', resourceIds: [appointment] },
      { action: 'read', resourceIds: [group] },
      { action: 'read', resourceIds: [appointment] },
      { action: 'login', resourceIds: [] },
    ]);
    expect(await audit({ resourceId: group })).toEqual([expect.objectContaining({ patientId, resourceIds: [group] })]);
    await expect(t.db.query(`UPDATE audit_log SET resource_ids = '{}' WHERE username = 'audit-migration'`)).rejects.toThrow(/never rewritten/);
  });

  describe('security headers', () => {
    it('sends a strict policy, nosniff, no framing, no referrer and no X-Powered-By, and never lets an answer of the API be stored', async () => {
      const me = await t.http().get('/auth/me').set(bearer(c.coordinatorToken)).expect(200);
      const refused = await t.http().get('/patients').expect(401);
      for (const response of [me, refused]) {
        expect(response.headers['x-powered-by']).toBeUndefined();
        expect(response.headers['cache-control']).toBe('no-store');
        expect(response.headers['x-content-type-options']).toBe('nosniff');
        expect(response.headers['x-frame-options']).toBe('DENY');
        expect(response.headers['referrer-policy']).toBe('no-referrer');
        expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
        expect(response.headers['content-security-policy']).toContain("script-src 'self'");
        expect(response.headers['strict-transport-security']).toBeUndefined(); // plain HTTP
      }
      const patient = await t.http().get(`/patients/${c.patients[0].id}`).set(bearer(c.coordinatorToken)).expect(200);
      expect(patient.headers['cache-control']).toBe('no-store');
    });

    it('lets the web app’s static files be cached, with the app’s policy; the API docs alone may use inline styles', async () => {
      const page = await t.http().get('/app/index.html').expect(200);
      expect(page.headers['cache-control']).not.toContain('no-store');
      expect(page.headers['content-security-policy']).toContain("script-src 'self';");
      expect(page.headers['content-security-policy']).not.toContain('unsafe-inline');
      expect(page.headers['x-powered-by']).toBeUndefined();
      const docs = await t.http().get('/api/docs/').expect(200);
      expect(docs.headers['content-security-policy']).toContain("style-src 'self' 'unsafe-inline'");
      expect(docs.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    });

    it('sends HSTS only to a request that came over TLS', async () => {
      const express = t.app as NestExpressApplication;
      express.set('trust proxy', 'loopback'); // a TLS-terminating proxy in front, as in production
      try {
        const overTls = await t.http().get('/health').set('X-Forwarded-Proto', 'https').expect(200);
        expect(overTls.headers['strict-transport-security']).toMatch(/^max-age=31536000/);
        const plain = await t.http().get('/health').set('X-Forwarded-Proto', 'http').expect(200);
        expect(plain.headers['strict-transport-security']).toBeUndefined();
      } finally {
        express.set('trust proxy', false);
      }
    });
  });

  describe('roles', () => {
    it('leaves creating a site to admins', async () => {
      await t.http().post('/sites').set(bearer(c.coordinatorToken)).send({ name: `Coordinated ${Date.now()}` }).expect(403);
      await t.http().post('/sites').set(bearer(t.adminToken)).send({ name: `Administered ${Date.now()}` }).expect(201);
    });

    it('lets a patient change their phone, e-mail and reminder channel, but not their name or personal number', async () => {
      const anna = `/patients/${c.patients[0].id}`;
      const patient = bearer(c.patientToken);
      const renamed = await t.http().patch(anna).set(patient).send({ name: 'Someone Else' }).expect(403);
      expect(renamed.body.details).toEqual([{ field: 'name', problem: expect.any(String), code: 'patient.not_own_field', params: {} }]);
      // A coordinator corrects the personal number (issue 16); the patient is refused it like the name.
      const renumbered = await t.http().patch(anna).set(patient).send({ personalNumber: '19121212-1212' }).expect(403);
      expect(renumbered.body.details.map((d: { field: string }) => d.field)).toEqual(['personalNumber']);

      const changed = await t.http().patch(anna).set(patient).send({ phone: '+46702223344', email: 'anna@example.org', reminderChannel: 'email' }).expect(200);
      expect(changed.body).toMatchObject({ name: 'Anna Andersson', phone: '+46702223344', email: 'anna@example.org', reminderChannel: 'email' });
      // The unit still keeps the name.
      await t.http().patch(anna).set(bearer(c.coordinatorToken)).send({ name: 'Anna Andersson-Ek' }).expect(200);
    });
  });

  it('answers a duplicate that only the database catches (two requests racing) with a 409 in the domain’s words', async () => {
    const name = `Raced ${Date.now()}`;
    const first = t.db.createQueryRunner();
    await first.connect();
    await first.startTransaction();
    try {
      // The first request's insert, not yet committed: the service's own check cannot see it.
      await first.query(`INSERT INTO sites (name, time_zone) VALUES ($1, 'Europe/Stockholm')`, [name]);
      const second = t.http().post('/sites').set(bearer(t.adminToken)).send({ name }).then((response) => response);
      await waitUntil(async () => (await t.db.query(`SELECT 1 FROM pg_locks WHERE NOT granted`)).length > 0);
      await first.commitTransaction();
      const response = await second;
      expect(response.status).toBe(409);
      expect(response.body).toEqual({
        statusCode: 409,
        error: 'Conflict',
        code: 'unique.sites_name_key',
        message: 'a site with this name exists already',
        details: [{ field: 'name', problem: 'a site with this name exists already', code: 'unique.sites_name_key', params: {} }],
      });
      expect(JSON.stringify(response.body)).not.toMatch(/Key \(|already exists: /);
    } finally {
      if (first.isTransactionActive) await first.rollbackTransaction();
      await first.release();
    }
  });

  it('words only constraints the schema has, so a renamed one is noticed', async () => {
    const unique: { name: string }[] = await t.db.query(
      `SELECT i.relname AS name FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_namespace n ON n.oid = i.relnamespace
        WHERE x.indisunique AND NOT x.indisprimary AND n.nspname = current_schema()`,
    );
    expect(unique.map((row) => row.name)).toEqual(expect.arrayContaining([...NAMED_UNIQUE_CONSTRAINTS]));
  });
});

async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error('the condition never held');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
