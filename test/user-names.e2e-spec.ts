import { bearer, createSite, createStaff, TEST_PASSWORD } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

/**
 * A login's display name, for the header of someone without a staff record to take a name from (a
 * coordinator, an admin): set when the login is made or later by an admin, and answered by /auth/me.
 */
describe('the display names of logins', () => {
  let t: TestApp;
  let admin: { Authorization: string };
  let siteId = '';

  beforeAll(async () => {
    t = await createTestApp();
    admin = bearer(t.adminToken);
    siteId = (await createSite(t)).id;
  });
  afterAll(() => t?.close());

  const unique = (role: string) => `${role}-${Math.random().toString(36).slice(2, 10)}`;
  const createUser = (body: Record<string, unknown>) => t.http().post('/users').set(admin).send({ username: unique('coordinator'), password: TEST_PASSWORD, role: 'coordinator', siteId, ...body });
  const me = async (who: { Authorization: string }) => (await t.http().get('/auth/me').set(who).expect(200)).body;

  it('keeps the name given at creation, answers it at /auth/me and in the user list, and null when none was given', async () => {
    const created = await createUser({ displayName: '  Karin Lund, rehabkoordinator ' }).expect(201);
    expect(created.body).toMatchObject({ role: 'coordinator', siteId, displayName: 'Karin Lund, rehabkoordinator' });
    const karin = bearer(await t.login(created.body.username, TEST_PASSWORD));
    expect(await me(karin)).toEqual({ userId: created.body.id, username: created.body.username, role: 'coordinator', siteId, staffId: null, patientId: null, displayName: 'Karin Lund, rehabkoordinator' });
    const listed = (await t.http().get('/users').set(admin).expect(200)).body;
    expect(listed).toContainEqual(expect.objectContaining({ id: created.body.id, displayName: 'Karin Lund, rehabkoordinator' }));

    const clinician = await t.http().post('/users').set(admin).send({ username: unique('clinician'), password: TEST_PASSWORD, role: 'clinician', staffId: (await createStaff(t, siteId, 'nurse')).id }).expect(201);
    expect(clinician.body.displayName).toBeNull();
    expect((await me(bearer(await t.login(clinician.body.username, TEST_PASSWORD)))).displayName).toBeNull();
  });

  it('lets an admin change and remove the name, which /auth/me answers at once with the same token', async () => {
    const created = await createUser({}).expect(201);
    const user = bearer(await t.login(created.body.username, TEST_PASSWORD));
    const renamed = await t.http().patch(`/users/${created.body.id}`).set(admin).send({ displayName: 'Per Ek, administratör' }).expect(200);
    expect(renamed.body).toMatchObject({ id: created.body.id, username: created.body.username, displayName: 'Per Ek, administratör' });
    expect((await me(user)).displayName).toBe('Per Ek, administratör');
    // Left out, it stays; null removes it.
    expect((await t.http().patch(`/users/${created.body.id}`).set(admin).send({}).expect(200)).body.displayName).toBe('Per Ek, administratör');
    expect((await t.http().patch(`/users/${created.body.id}`).set(admin).send({ displayName: null }).expect(200)).body.displayName).toBeNull();
    expect((await me(user)).displayName).toBeNull();

    // Only an admin changes a login, and only one that exists.
    await t.http().patch(`/users/${created.body.id}`).set(user).send({ displayName: 'Jag själv' }).expect(403);
    await t.http().patch('/users/00000000-0000-4000-8000-000000000000').set(admin).send({ displayName: 'Ingen' }).expect(404);
  });

  it('refuses a name that is blank, too long or not text with a 400 naming the field', async () => {
    const created = await createUser({}).expect(201);
    const refusals: [unknown, Record<string, unknown>][] = [
      ['   ', { code: 'validation.too_short', params: { min: 1 } }],
      ['x'.repeat(101), { code: 'validation.too_long', params: { max: 100 } }],
      [42, {}],
    ];
    for (const [displayName, detail] of refusals) {
      for (const refused of [await createUser({ displayName }).expect(400), await t.http().patch(`/users/${created.body.id}`).set(admin).send({ displayName }).expect(400)]) {
        expect(refused.body.details).toContainEqual(expect.objectContaining({ field: 'displayName', ...detail }));
      }
    }
    expect((await t.http().get('/users').set(admin).expect(200)).body.find((user: { id: string }) => user.id === created.body.id).displayName).toBeNull();
    // A hundred characters is the longest.
    await t.http().patch(`/users/${created.body.id}`).set(admin).send({ displayName: 'x'.repeat(100) }).expect(200);
  });
});
