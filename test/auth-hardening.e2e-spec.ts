import { spawnSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { hash as bcryptHash } from 'bcryptjs';
import { bearer, createClinic, TEST_PASSWORD } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';
import { TEST_ADMIN } from './support/test-database';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function timed<T>(work: () => PromiseLike<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await work();
  return { result, ms: performance.now() - started };
}

describe('sign-in hardening', () => {
  let t: TestApp;
  /** A second instance of the service on the same database, as behind a load balancer. */
  let other: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
    other = await createTestApp({ url: t.databaseUrl, drop: async () => undefined });
  });
  afterAll(async () => {
    await other?.close();
    await t?.close();
  });
  // Every test starts with no failed logins counted: all of them come from the same address.
  beforeEach(() => t.db.query(`DELETE FROM login_failures`));

  let serial = 0;
  async function createUser(password = TEST_PASSWORD, role: 'admin' | 'coordinator' = 'admin', links: { siteId?: string } = {}) {
    const username = `user-${(serial += 1)}-${Math.random().toString(36).slice(2, 8)}`;
    const response = await t.http().post('/users').set(bearer(t.adminToken)).send({ username, password, role, ...links }).expect(201);
    return { id: response.body.id as string, username, password };
  }

  const login = (app: TestApp, username: string, password: string) => app.http().post('/auth/login').send({ username, password });

  describe('login limits', () => {
    it('locks an account after five wrong passwords, on every instance, and an unknown username just the same', async () => {
      const user = await createUser();
      for (let i = 0; i < 5; i++) await login(i % 2 ? t : other, user.username, `wrong password ${i}`).expect(401);

      const locked = await login(other, user.username, user.password).expect(429);
      const retryAfter = Number(locked.headers['retry-after']);
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(30);
      expect(locked.body).toEqual({
        statusCode: 429,
        error: 'Too Many Requests',
        code: 'request.rate_limited',
        params: { seconds: retryAfter },
        message: `too many failed logins for this account; try again in ${retryAfter} s`,
        retryAfterSeconds: retryAfter,
      });
      await login(t, user.username, user.password).expect(429);

      for (let i = 0; i < 5; i++) await login(t, 'nobody-by-this-name', `guess ${i}`).expect(401);
      await login(other, 'nobody-by-this-name', 'guess 5').expect(429);
    });

    it('locks an address after twenty failures over many accounts, whatever X-Forwarded-For says', async () => {
      for (let i = 0; i < 20; i++) {
        await t.http().post('/auth/login').set('X-Forwarded-For', `203.0.113.${i}`).send({ username: `someone-${i}`, password: 'a wrong guess' }).expect(401);
      }
      const locked = await other.http().post('/auth/login').set('X-Forwarded-For', '198.51.100.7').send(TEST_ADMIN).expect(429);
      expect(Number(locked.headers['retry-after'])).toBe(locked.body.retryAfterSeconds);
      expect(locked.body.message).toMatch(/^too many failed logins from this address; try again in \d+ s$/);
    });

    it('counts failed logins from several instances at once, every one of them', async () => {
      const user = await createUser();
      await Promise.all([t, other, t, other].map((app, i) => login(app, user.username, `parallel guess ${i}`).expect(401)));
      await login(other, user.username, 'the fifth guess').expect(401);
      await login(t, user.username, user.password).expect(429);
    });

    it('forgets an account’s failures at its next successful login', async () => {
      const user = await createUser();
      for (let i = 0; i < 4; i++) await login(t, user.username, `wrong ${i}`).expect(401);
      await login(other, user.username, user.password).expect(200);
      for (let i = 0; i < 4; i++) await login(t, user.username, `wrong again ${i}`).expect(401);
      await login(t, user.username, user.password).expect(200);
      // The count starts over after each success: five in a row still lock.
      for (let i = 0; i < 5; i++) await login(t, user.username, `and again ${i}`).expect(401);
      await login(t, user.username, user.password).expect(429);
    });
  });

  it('keeps answering other requests while logins hash their passwords', async () => {
    await t.app.listen(0, '127.0.0.1');
    const health = () => t.http().get('/health').expect(200);
    for (let i = 0; i < 3; i++) await health(); // warm

    // How long a health check waits while eight logins run.
    let loginsDone = false;
    const logins = Promise.all(Array.from({ length: 8 }, () => timed(() => login(t, TEST_ADMIN.username, TEST_ADMIN.password).expect(200)))).finally(() => {
      loginsDone = true;
    });
    const during: number[] = [];
    while (!loginsDone) during.push((await timed(health)).ms);
    const loginMs = (await logins).map((l) => l.ms);

    // Relative, so a slow or shared machine does not fail it: with hashing on the event loop a
    // health check waits about as long as a login (measured: longer); off it, a small fraction.
    expect(during.length).toBeGreaterThanOrEqual(3);
    expect(median(during)).toBeLessThan(median(loginMs) / 4);
  });

  it('upgrades a bcrypt hash to argon2id at the next login', async () => {
    const user = await createUser();
    await t.db.query(`UPDATE users SET password_hash = $2 WHERE id = $1`, [user.id, await bcryptHash(user.password, 10)]);
    await login(t, user.username, user.password).expect(200);
    const [{ password_hash: upgraded }] = await t.db.query(`SELECT password_hash FROM users WHERE id = $1`, [user.id]);
    expect(upgraded).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    await login(other, user.username, user.password).expect(200);
    await login(other, user.username, `${user.password}x`).expect(401);
  });

  it('checks every byte of a long password: a different 73rd byte does not log in', async () => {
    const first72 = `${'kvarnhjul-'.repeat(7)}xy`;
    expect(Buffer.byteLength(first72)).toBe(72);
    const user = await createUser(`${first72}1`);
    await login(t, user.username, `${first72}2`).expect(401);
    await login(t, user.username, first72).expect(401);
    await login(t, user.username, `${first72}1`).expect(200);
  });

  describe('tokens and sessions', () => {
    it('gives access tokens a short life, and rotates the refresh token that renews them', async () => {
      // A JWT's times are whole seconds (exp = floor(iat) + life), so a 1-second token could be
      // dead on arrival; 3 seconds leave at least 2 to use it, and the test waits for its exp.
      const short = await createTestApp({ url: t.databaseUrl, drop: async () => undefined }, { accessTokenSeconds: 3 });
      try {
        const signedIn = await login(short, TEST_ADMIN.username, TEST_ADMIN.password).expect(200);
        expect(signedIn.body).toMatchObject({ expiresIn: 3, refreshToken: expect.stringMatching(/^[\w-]{43}$/) });
        await short.http().get('/auth/me').set(bearer(signedIn.body.accessToken)).expect(200);
        const { exp } = JSON.parse(Buffer.from(signedIn.body.accessToken.split('.')[1], 'base64url').toString()) as { exp: number };
        await sleep(exp * 1000 + 100 - Date.now());
        await short.http().get('/auth/me').set(bearer(signedIn.body.accessToken)).expect(401);

        const renewed = await short.http().post('/auth/refresh').send({ refreshToken: signedIn.body.refreshToken }).expect(200);
        expect(renewed.body.refreshToken).not.toBe(signedIn.body.refreshToken);
        expect(renewed.body).toMatchObject({ role: 'admin', expiresIn: 3 });
        await short.http().get('/auth/me').set(bearer(renewed.body.accessToken)).expect(200);
      } finally {
        await short.close();
      }
    });

    it('ends the whole session when a used refresh token comes back: a stolen copy is no use to either party', async () => {
      const signedIn = await login(t, TEST_ADMIN.username, TEST_ADMIN.password).expect(200);
      const renewed = await other.http().post('/auth/refresh').send({ refreshToken: signedIn.body.refreshToken }).expect(200);

      const reused = await t.http().post('/auth/refresh').send({ refreshToken: signedIn.body.refreshToken }).expect(401);
      expect(reused.body.message).toMatch(/used before/);
      await t.http().post('/auth/refresh').send({ refreshToken: renewed.body.refreshToken }).expect(401);
      await t.http().get('/auth/me').set(bearer(renewed.body.accessToken)).expect(401);
      // The user's other sessions are not that session.
      await t.http().get('/auth/me').set(bearer(t.adminToken)).expect(200);
    });

    it('logs out: the session’s refresh and access tokens stop working, other sessions go on', async () => {
      const user = await createUser();
      const here = (await login(t, user.username, user.password).expect(200)).body;
      const elsewhere = (await login(t, user.username, user.password).expect(200)).body;

      await other.http().post('/auth/logout').send({ refreshToken: here.refreshToken }).expect(204);
      await t.http().get('/auth/me').set(bearer(here.accessToken)).expect(401);
      await t.http().post('/auth/refresh').send({ refreshToken: here.refreshToken }).expect(401);
      await t.http().get('/auth/me').set(bearer(elsewhere.accessToken)).expect(200);
      await t.http().post('/auth/logout').send({ refreshToken: 'not-a-token-anyone-has' }).expect(204);
      await t.http().post('/auth/logout').send({}).expect(400);
    });

    it('refuses the tokens of a disabled user at once, and of a deleted one', async () => {
      const clinic = await createClinic(t);
      const user = await createUser(TEST_PASSWORD, 'coordinator', { siteId: clinic.site.id });
      const session = (await login(t, user.username, user.password).expect(200)).body;
      await t.http().get(`/sites/${clinic.site.id}`).set(bearer(session.accessToken)).expect(200);

      const disabled = await t.http().post(`/users/${user.id}/disable`).set(bearer(t.adminToken)).expect(200);
      expect(disabled.body).toMatchObject({ id: user.id, username: user.username, disabledAt: expect.any(String) });
      await other.http().get(`/sites/${clinic.site.id}`).set(bearer(session.accessToken)).expect(401);
      await t.http().post('/auth/refresh').send({ refreshToken: session.refreshToken }).expect(401);
      await login(t, user.username, user.password).expect(401);

      const enabled = await t.http().post(`/users/${user.id}/enable`).set(bearer(t.adminToken)).expect(200);
      expect(enabled.body.disabledAt).toBeNull();
      await t.http().get(`/sites/${clinic.site.id}`).set(bearer(session.accessToken)).expect(401); // ended sessions stay ended
      const again = (await login(t, user.username, user.password).expect(200)).body;
      await t.http().get(`/sites/${clinic.site.id}`).set(bearer(again.accessToken)).expect(200);

      await t.db.query(`DELETE FROM users WHERE id = $1`, [user.id]);
      await t.http().get(`/sites/${clinic.site.id}`).set(bearer(again.accessToken)).expect(401);
    });
  });

  describe('user administration', () => {
    it('lists every login to admins only', async () => {
      const user = await createUser();
      const listed = await t.http().get('/users').set(bearer(t.adminToken)).expect(200);
      expect(listed.body).toEqual(expect.arrayContaining([expect.objectContaining({ id: user.id, username: user.username, role: 'admin', disabledAt: null, createdAt: expect.any(String) })]));
      expect(listed.body.map((u: { username: string }) => u.username)).toContain(TEST_ADMIN.username);
      expect(JSON.stringify(listed.body)).not.toMatch(/password|argon2/i);

      const clinic = await createClinic(t);
      await t.http().get('/users').set(bearer(clinic.coordinatorToken)).expect(403);
      await t.http().post(`/users/${user.id}/disable`).set(bearer(clinic.coordinatorToken)).expect(403);
      await t.http().post(`/users/${user.id}/password`).set(bearer(clinic.coordinatorToken)).send({ password: 'ett-nytt-långt-lösen-9' }).expect(403);
    });

    it('resets a password under the policy, ending the user’s sessions', async () => {
      const user = await createUser();
      const before = (await login(t, user.username, user.password).expect(200)).body;

      const weak = await t.http().post(`/users/${user.id}/password`).set(bearer(t.adminToken)).send({ password: 'sommar2026!!' }).expect(400);
      expect(weak.body.details).toEqual([{ field: 'password', problem: 'is too common: it is among the first passwords an attacker tries', code: 'password.too_common', params: {} }]);
      const short = await t.http().post(`/users/${user.id}/password`).set(bearer(t.adminToken)).send({ password: 'kort-lösen1' }).expect(400);
      expect(short.body.details).toEqual([{ field: 'password', problem: 'must be at least 12 characters', code: 'password.too_short', params: { min: 12 } }]);
      await t.http().post(`/users/${user.id}/password`).set(bearer(t.adminToken)).send({ password: 'ett-nytt-långt-lösen-9' }).expect(204);

      await t.http().get('/auth/me').set(bearer(before.accessToken)).expect(401);
      await login(t, user.username, user.password).expect(401);
      await login(t, user.username, 'ett-nytt-långt-lösen-9').expect(200);
    });

    it('answers 404 for an unknown user and 409 for an admin disabling themself', async () => {
      const unknown = '00000000-0000-4000-8000-000000000000';
      await t.http().post(`/users/${unknown}/disable`).set(bearer(t.adminToken)).expect(404);
      await t.http().post(`/users/${unknown}/password`).set(bearer(t.adminToken)).send({ password: 'ett-nytt-långt-lösen-9' }).expect(404);
      const { userId } = (await t.http().get('/auth/me').set(bearer(t.adminToken)).expect(200)).body;
      await t.http().post(`/users/${userId}/disable`).set(bearer(t.adminToken)).expect(409);
    });

    it('holds the CLI’s create-user to the same password policy', async () => {
      const cli = (password: string) =>
        spawnSync(process.execPath, ['test/support/run-typescript.js', 'src/cli/cli.ts', 'create-user', '--username', 'cli-admin', '--password', password, '--role', 'admin'], {
          env: { ...process.env, DATABASE_URL: t.databaseUrl, JWT_SECRET: 'x'.repeat(32), NODE_ENV: 'production' },
          encoding: 'utf8',
          timeout: 60_000,
        });
      const weak = cli('password1234');
      expect(weak.status).toBe(1);
      expect(weak.stderr).toMatch(/password: is too common/);
      expect(cli('ett-långt-eget-lösen-4').status).toBe(0);
      await login(t, 'cli-admin', 'ett-långt-eget-lösen-4').expect(200);
    });

    it('refuses weak passwords with a 400 naming the password', async () => {
      const cases: [string, RegExp][] = [
        ['password', /at least 12 characters/],
        ['12345678', /at least 12 characters/],
        ['Password1234', /too common/],
        ['qwertyuiopasdfghjkl', /too common/],
        ['kalle.anka-lösenord-99', /must not contain the username/],
        ['x'.repeat(257), /at most 256 characters/],
      ];
      for (const [password, problem] of cases) {
        const response = await t.http().post('/users').set(bearer(t.adminToken)).send({ username: 'kalle.anka', password, role: 'admin' }).expect(400);
        expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request', details: [{ field: 'password', problem: expect.stringMatching(problem) }] });
      }
      const tooLong = await login(t, TEST_ADMIN.username, 'x'.repeat(257)).expect(400);
      expect(tooLong.body.details).toEqual([{ field: 'password', problem: expect.stringMatching(/256/), code: 'validation.too_long', params: { max: 256 } }]);
    });
  });
});
