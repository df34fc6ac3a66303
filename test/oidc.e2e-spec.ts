import { bearer, createSite, nextPersonalNumber, TEST_PASSWORD, WEEKDAYS_8_TO_16 } from './support/fixtures';
import { followSignIn, startOidcProvider, TestProvider } from './support/oidc-provider';
import { createTestApp, TestApp } from './support/test-app';

const CLINICIAN_HSA_ID = 'SE2321000016-T001';
const PATIENT_NUMBER = nextPersonalNumber();

describe('sign-in through the region’s identity provider', () => {
  let op: TestProvider;
  let t: TestApp;
  let base: string;
  const people: Record<string, { userId: string; staffId?: string; patientId?: string }> = {};

  beforeAll(async () => {
    op = await startOidcProvider([
      { sub: 'eva', name: 'Eva Sandberg', hsa_id: CLINICIAN_HSA_ID },
      // The provider writes the personal number its own way: the 10-digit form with a hyphen.
      { sub: 'pia', name: 'Pia Patient', personal_number: PATIENT_NUMBER.slice(2) },
      { sub: 'stranger', name: 'Sven Okänd', hsa_id: 'SE2321000016-NONE' },
      { sub: 'gone', name: 'Gun Avstängd', hsa_id: 'SE2321000016-T002' },
    ]);
    t = await createTestApp(undefined, { oidc: op.settings });
    await t.app.listen(0, '127.0.0.1');
    base = await t.app.getUrl();

    const site = await createSite(t);
    const staffMember = async (name: string, hsaId: string) =>
      (await t.http().post('/staff').set(bearer(t.adminToken)).send({ name, discipline: 'physician', siteId: site.id, workingHours: WEEKDAYS_8_TO_16, hsaId }).expect(201)).body;
    const login = async (username: string, links: Record<string, string>) =>
      (await t.http().post('/users').set(bearer(t.adminToken)).send({ username, password: TEST_PASSWORD, ...links }).expect(201)).body.id as string;

    const eva = await staffMember('Eva Sandberg', CLINICIAN_HSA_ID);
    people.eva = { userId: await login('eva.sandberg', { role: 'clinician', staffId: eva.id }), staffId: eva.id };
    const gun = await staffMember('Gun Avstängd', 'SE2321000016-T002');
    people.gone = { userId: await login('gun.avstangd', { role: 'clinician', staffId: gun.id }) };
    await t.http().post(`/users/${people.gone.userId}/disable`).set(bearer(t.adminToken)).expect(200);
    const patient = (await t.http().post('/patients').set(bearer(t.adminToken)).send({ siteId: site.id, personalNumber: PATIENT_NUMBER, name: 'Pia Patient', phone: '+46701234567', reminderChannel: 'sms' }).expect(201)).body;
    people.pia = { userId: await login('pia', { role: 'patient', patientId: patient.id }), patientId: patient.id };
  });
  afterAll(async () => {
    await t?.close();
    await op?.close();
  });

  const failedLogins = (username: string) =>
    t.db.query(`SELECT endpoint, outcome, user_id AS "userId" FROM audit_log WHERE action = 'login' AND username = $1 ORDER BY id`, [username]);

  describe('bearer tokens of the provider', () => {
    it('are accepted for a staff member, who is the principal their own login gives, role and site included', async () => {
      const token = await op.accessToken('eva');
      const me = await t.http().get('/auth/me').set(bearer(token)).expect(200);
      expect(me.body).toMatchObject({ userId: people.eva.userId, username: 'eva.sandberg', role: 'clinician', staffId: people.eva.staffId, patientId: null });
      const own = await t.login('eva.sandberg', TEST_PASSWORD);
      expect(me.body).toEqual((await t.http().get('/auth/me').set(bearer(own)).expect(200)).body);
    });

    it('are accepted for a patient matched by their personal number in another written form, and the patient’s rules apply', async () => {
      const token = await op.accessToken('pia');
      expect((await t.http().get('/auth/me').set(bearer(token)).expect(200)).body).toMatchObject({ role: 'patient', patientId: people.pia.patientId });
      await t.http().get('/me/appointments').set(bearer(token)).expect(200);
      await t.http().get('/staff').set(bearer(token)).expect(403);
    });

    it('are refused from another issuer, for another audience, expired, or an ID token in an access token’s place', async () => {
      const other = await startOidcProvider([{ sub: 'eva', name: 'Eva Sandberg', hsa_id: CLINICIAN_HSA_ID }]);
      try {
        await t.http().get('/auth/me').set(bearer(await other.accessToken('eva'))).expect(401);
        // Another provider's key, claiming to be ours.
        await t.http().get('/auth/me').set(bearer(await other.mint({ iss: op.issuer }))).expect(401);
      } finally {
        await other.close();
      }
      await t.http().get('/auth/me').set(bearer(await op.mint())).expect(200);
      await t.http().get('/auth/me').set(bearer(await op.mint({ aud: 'https://another-api.test' }))).expect(401);
      await t.http().get('/auth/me').set(bearer(await op.mint({ exp: Math.floor(Date.now() / 1000) - 60 }))).expect(401);
      await t.http().get('/auth/me').set(bearer(await op.mint({ typ: 'JWT', aud: op.settings.clientId }))).expect(401);
      expect(await failedLogins('oidc:eva')).toEqual(Array(4).fill({ endpoint: 'GET /auth/me', outcome: 'failed', userId: null }));
    });

    it('of an unknown person or a disabled login are refused with a code, and audited as failed logins', async () => {
      const unknown = await t.http().get('/me/appointments').set(bearer(await op.accessToken('stranger'))).expect(401);
      expect(unknown.body).toMatchObject({ code: 'auth.unknown_person', message: 'the identity provider signed in someone who has no login here' });
      expect(await failedLogins('oidc:stranger')).toEqual([{ endpoint: 'GET /me/appointments', outcome: 'failed', userId: null }]);

      const disabled = await t.http().get('/auth/me').set(bearer(await op.accessToken('gone'))).expect(401);
      expect(disabled.body.code).toBe('auth.login_disabled');
      expect(await failedLogins('gun.avstangd')).toEqual([{ endpoint: 'GET /auth/me', outcome: 'failed', userId: null }]);
    });
  });

  it('answers 503 while the provider cannot be reached, neither a refusal nor a 500', async () => {
    const away = await startOidcProvider([{ sub: 'eva', name: 'Eva Sandberg', hsa_id: CLINICIAN_HSA_ID }]);
    const other = await createTestApp({ url: t.databaseUrl, drop: async () => undefined }, { oidc: away.settings });
    try {
      const token = await away.accessToken('eva');
      // A sign-in started reads the provider's discovery document, not its keys: those are out of reach once it is gone.
      await other.http().get('/auth/oidc/login').expect(303);
      await away.close();
      const answer = await other.http().get('/auth/me').set(bearer(token)).expect(503);
      expect(answer.body).toMatchObject({ code: 'server.component_down', params: { component: 'the identity provider' } });
    } finally {
      await other.close();
    }
  });

  describe('the web app’s code flow', () => {
    const toWebApp = (location: string) => location.startsWith(`${base}/app/#/`);

    it('tells the web app where sign-in starts', async () => {
      expect((await t.http().get('/auth/oidc/config').expect(200)).body).toEqual({ loginUrl: '/auth/oidc/login' });
    });

    it('sends the browser to the provider with PKCE, state and nonce, remembering them in a short-lived httpOnly cookie for the callback only', async () => {
      const response = await t.http().get('/auth/oidc/login').expect(303);
      const url = new URL(response.headers.location);
      expect(url.origin).toBe(op.issuer);
      expect(Object.fromEntries(url.searchParams)).toMatchObject({
        client_id: op.settings.clientId,
        response_type: 'code',
        scope: 'openid profile hsa personal_number',
        code_challenge_method: 'S256',
        redirect_uri: `${new URL(response.request.url).origin}/auth/oidc/callback`,
      });
      expect(url.searchParams.get('state')).toBeTruthy();
      expect(url.searchParams.get('nonce')).toBeTruthy();
      expect(response.headers['set-cookie'][0]).toMatch(/^oidc_sign_in=[^;]+; Max-Age=600; Path=\/auth\/oidc\/callback; Expires=[^;]+; HttpOnly; SameSite=Lax$/);
    });

    it('ends in a session of the service’s own, handed over as a refresh token the app uses at once, and audits the login', async () => {
      const back = await followSignIn(`${base}/auth/oidc/login`, 'eva', toWebApp);
      const [, refreshToken] = /^.*#\/signed-in\?r=([^&]+)$/.exec(back.url) ?? [];
      expect(refreshToken).toBeTruthy();
      const tokens = await t.http().post('/auth/refresh').send({ refreshToken: decodeURIComponent(refreshToken) }).expect(200);
      expect(tokens.body).toMatchObject({ userId: people.eva.userId, role: 'clinician', staffId: people.eva.staffId });
      await t.http().get('/auth/me').set(bearer(tokens.body.accessToken)).expect(200);
      // One use only: the token left in the browser's history is dead.
      await t.http().post('/auth/refresh').send({ refreshToken: decodeURIComponent(refreshToken) }).expect(401);
      expect(await failedLogins('eva.sandberg')).toContainEqual({ endpoint: 'GET /auth/oidc/callback', outcome: 'allowed', userId: people.eva.userId });
    });

    it('sends a person without a login back to the sign-in page with the refusal’s code, audited', async () => {
      const back = await followSignIn(`${base}/auth/oidc/login`, 'stranger', toWebApp);
      expect(back.url).toBe(`${base}/app/#/login?problem=auth.unknown_person`);
      expect(await failedLogins('oidc:stranger')).toContainEqual({ endpoint: 'GET /auth/oidc/callback', outcome: 'failed', userId: null });
    });

    it('finishes on another instance of the service a sign-in started on one, the cookie holding all it needs', async () => {
      const other = await createTestApp({ url: t.databaseUrl, drop: async () => undefined }, { oidc: op.settings });
      try {
        const started = await t.http().get('/auth/oidc/login').expect(303);
        const back = await followSignIn(started.headers.location, 'eva', (location) => location.includes('/auth/oidc/callback?'));
        const callback = new URL(back.url);
        const finished = await other.http().get(`${callback.pathname}${callback.search}`).set('Cookie', started.headers['set-cookie'][0].split(';')[0]).expect(303);
        expect(finished.headers.location).toMatch(/^\/app\/#\/signed-in\?r=/);
      } finally {
        await other.close();
      }
    });

    it('refuses a callback without the cookie of its start, or with a state of another sign-in', async () => {
      const bare = await t.http().get('/auth/oidc/callback?code=abc&state=def').expect(303);
      expect(bare.headers.location).toBe('/app/#/login?problem=auth.sign_in_failed');
      const started = await t.http().get('/auth/oidc/login').expect(303);
      const cookie = started.headers['set-cookie'][0].split(';')[0];
      const forged = await t.http().get('/auth/oidc/callback?code=abc&state=not-the-one').set('Cookie', cookie).expect(303);
      expect(forged.headers.location).toBe('/app/#/login?problem=auth.sign_in_failed');
    });
  });

  describe('HSA-ids on staff records', () => {
    it('are checked for their form and unique, and can be set and removed later', async () => {
      const site = await createSite(t);
      const create = (hsaId: unknown) => t.http().post('/staff').set(bearer(t.adminToken)).send({ name: 'Ny Kollega', discipline: 'nurse', siteId: site.id, workingHours: WEEKDAYS_8_TO_16, hsaId });
      expect((await create('12345').expect(400)).body.details).toEqual([expect.objectContaining({ field: 'hsaId', code: 'validation.hsa_id_format' })]);
      expect((await create(CLINICIAN_HSA_ID).expect(409)).body.details).toEqual([expect.objectContaining({ field: 'hsaId', code: 'unique.staff_members_hsa_id_key' })]);
      const member = (await create(null).expect(201)).body;
      expect(member.hsaId).toBeNull();
      const changed = await t.http().patch(`/staff/${member.id}`).set(bearer(t.adminToken)).send({ hsaId: 'SE2321000016-T003' }).expect(200);
      expect(changed.body.hsaId).toBe('SE2321000016-T003');
      expect((await t.http().get(`/staff/${member.id}`).set(bearer(t.adminToken)).expect(200)).body.hsaId).toBe('SE2321000016-T003');
      expect((await t.http().patch(`/staff/${member.id}`).set(bearer(t.adminToken)).send({}).expect(200)).body.hsaId).toBe('SE2321000016-T003');
      expect((await t.http().patch(`/staff/${member.id}`).set(bearer(t.adminToken)).send({ hsaId: null }).expect(200)).body.hsaId).toBeNull();
    });
  });

  it('leaves the service to local passwords, its /auth/oidc routes 404, when OIDC_* is not set', async () => {
    const plain = await createTestApp();
    try {
      for (const route of ['config', 'login', 'callback?code=a&state=b']) await plain.http().get(`/auth/oidc/${route}`).expect(404);
      await plain.http().get('/auth/me').set(bearer(plain.adminToken)).expect(200);
      await plain.http().get('/auth/me').set(bearer(await op.accessToken('eva'))).expect(401);
    } finally {
      await plain.close();
    }
  });
});
