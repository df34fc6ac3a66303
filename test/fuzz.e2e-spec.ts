import fc from 'fast-check';
import { assessedPatient, bearer, createClinic, createPatient, referralBody, TEST_PASSWORD } from './support/fixtures';
import {
  Answered,
  AnswerChecker,
  ApiDocument,
  describeExchange,
  draftsFor,
  Endpoint,
  endpointsOf,
  FuzzRequest,
  KnownValues,
  requestOf,
  validValue,
} from './support/openapi-fuzz';
import { createTestApp, TestApp } from './support/test-app';
import { TEST_ADMIN } from './support/test-database';

/**
 * Every operation of the OpenAPI document, as each role and without a login, with requests drawn
 * from the document's own schemas: values that fit them and values that break them, real ids from
 * the fixtures and from earlier answers mixed with random UUIDs and garbage. No answer is a 5xx,
 * every status is one the document lists for the operation, and every body fits its schema.
 *
 * `npm test` runs a few examples per operation and role with a fixed seed; `npm run fuzz` runs
 * many with a random one, printed. FUZZ_SEED=… replays a run (the requests are the same; ids the
 * service hands out differ, and each operation runs on the state the ones before it left, so
 * replay the whole run), FUZZ_RUNS=… sets the examples, FUZZ_ONLY=… keeps the operations whose
 * name (`post /sites/{id}/closures`) contains it.
 *
 * The fuzzer's own logins never appear among the ids it picks, so admin actions that end a
 * session (disabling a user, a password reset) reach other users, never the tokens in use; it
 * never learns its own refresh tokens, so logout and refresh only see strangers' tokens. Access
 * tokens older than ten minutes are renewed with the refresh token, never by a new login.
 */

const RUNS = Number(process.env.FUZZ_RUNS ?? 8);
const SEED = process.env.FUZZ_SEED === undefined ? 14 : process.env.FUZZ_SEED === 'random' ? Math.floor(Math.random() * 2 ** 31) : Number(process.env.FUZZ_SEED);
const ONLY = process.env.FUZZ_ONLY ?? '';
// Failed logins from one address lock it after 20 (src/auth/login-throttle.ts): login gets few examples per role,
// and the 429 that comes once they are spent is one of its documented answers.
const LOGIN_RUNS = Math.min(RUNS, 3);
const RENEW_AFTER_MS = 10 * 60_000;

const ROLES = ['admin', 'coordinator', 'clinician', 'patient', 'anonymous'] as const;
type Role = (typeof ROLES)[number];
type SignedInRole = Exclude<Role, 'anonymous'>;

interface Session {
  userId: string;
  accessToken: string;
  refreshToken: string;
  renewedAt: number;
}

/** What an anonymous caller sends instead of a token: nothing, or something that is not one. */
const NOT_A_LOGIN = [undefined, 'Bearer not-a-token', 'Bearer ', 'Basic YWRtaW46ZGVtbw==', 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.'];

/** A 32-bit seed per operation and role from the run's seed (FNV-1a), so each replays alone. */
function seedFor(endpoint: Endpoint, role: Role): number {
  let hash = 0x811c9dc5 ^ SEED;
  for (const character of `${endpoint.name} ${role}`) hash = Math.imul(hash ^ character.charCodeAt(0), 0x01000193);
  return hash | 0;
}

describe('the API against its OpenAPI document, fuzzed', () => {
  let t: TestApp;
  let document: ApiDocument;
  let checker: AnswerChecker;
  let endpoints: Endpoint[];
  let known: KnownValues;
  const sessions = {} as Record<SignedInRole, Session>;
  /** How often each operation answered each status: `npm run fuzz` prints it, to show how deep the requests got. */
  const seen = new Map<string, Map<number, number>>();

  const endpoint = (name: string) => endpoints.find((candidate) => candidate.name === name)!;

  async function send(request: FuzzRequest, headers: Record<string, string>): Promise<Answered> {
    let call = t.http()[request.method](request.url);
    for (const [name, value] of Object.entries(headers)) call = call.set(name, value);
    if (request.body !== undefined) call = call.set('Content-Type', 'application/json').send(request.body);
    const response = await call;
    return { status: response.status, contentType: String(response.headers['content-type'] ?? ''), body: response.body, text: response.text ?? '' };
  }

  /** A request of the fixtures' own, held to the document like every fuzzed one. */
  async function call(name: string, url: string, token: string | undefined, body?: unknown): Promise<Answered> {
    const target = endpoint(name);
    const request = { method: target.method, url, body: body === undefined ? undefined : JSON.stringify(body) };
    const headers = token ? bearer(token) : {};
    const answer = await send(request, headers);
    const problems = answer.status < 300 ? checker.problems(target, answer) : [`the fixtures expected a success`];
    if (problems.length) throw new Error(`${name}\n${problems.join('\n')}\n${describeExchange(request, headers, answer)}`);
    return answer;
  }

  async function signIn(username: string, password: string): Promise<Session> {
    const tokens = (await call('post /auth/login', '/auth/login', undefined, { username, password })).body as { accessToken: string; refreshToken: string };
    const me = (await call('get /auth/me', '/auth/me', tokens.accessToken)).body as { userId: string };
    return { userId: me.userId, ...tokens, renewedAt: Date.now() };
  }

  /** The role's token, renewed through POST /auth/refresh once it is ten minutes old (it lasts fifteen). */
  async function tokenOf(role: SignedInRole): Promise<string> {
    const session = sessions[role];
    if (Date.now() - session.renewedAt > RENEW_AFTER_MS) {
      const tokens = (await call('post /auth/refresh', '/auth/refresh', undefined, { refreshToken: session.refreshToken })).body as Session;
      Object.assign(session, { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, renewedAt: Date.now() });
    }
    return session.accessToken;
  }

  beforeAll(async () => {
    t = await createTestApp();
    document = (await t.http().get('/api/docs-json').expect(200)).body as ApiDocument;
    checker = new AnswerChecker(document);
    endpoints = endpointsOf(document);

    // A clinic with its team, rooms and patients, one patient assessed and offered group rehabilitation, one referral waiting.
    const clinic = await createClinic(t);
    await assessedPatient(t, clinic, 'group_rehab');
    const waiting = await createPatient(t, clinic.site.id, 'Dag Waits');
    await t.http().post('/referrals').set(bearer(clinic.coordinatorToken)).send(referralBody(waiting.id, clinic.site.id)).expect(201);

    const admin = t.adminToken;
    const links: Record<Exclude<SignedInRole, 'admin'>, Record<string, string>> = {
      coordinator: { siteId: clinic.site.id },
      clinician: { staffId: clinic.staff.physician.id },
      patient: { patientId: clinic.patients[0].id },
    };
    sessions.admin = await signIn(TEST_ADMIN.username, TEST_ADMIN.password);
    for (const [role, link] of Object.entries(links) as [Exclude<SignedInRole, 'admin'>, Record<string, string>][]) {
      await call('post /users', '/users', admin, { username: `fuzz-${role}`, password: TEST_PASSWORD, role, ...link });
      sessions[role] = await signIn(`fuzz-${role}`, TEST_PASSWORD);
    }
    known = new KnownValues(new Set(Object.values(sessions).map((session) => session.userId)));

    // Logins the fuzzer may disable and reset, and a calendar feed's secret address.
    for (const role of ['coordinator', 'patient'] as const) {
      known.harvest((await call('post /users', '/users', admin, { username: `fuzz-victim-${role}`, password: TEST_PASSWORD, role, ...links[role] })).body);
    }
    known.harvest((await call('post /staff/{id}/calendar-feed', `/staff/${clinic.staff.physician.id}/calendar-feed`, admin)).body);
    const lists = ['/sites', '/staff', '/rooms', '/patients', '/referrals', `/episodes?siteId=${clinic.site.id}`, '/users', '/appointments?from=2026-08-01T00:00:00Z&to=2026-10-31T00:00:00Z'];
    for (const url of lists) {
      const answer = await t.http().get(url).set(bearer(admin));
      if (answer.status !== 200) throw new Error(`GET ${url}: ${answer.status} ${answer.text}`);
      known.harvestAnswer(url, answer.body);
    }
  });
  afterAll(async () => {
    if (process.env.FUZZ_SEED !== undefined) {
      const lines = [...seen].map(([name, statuses]) => `${name}: ${[...statuses].sort(([a], [b]) => a - b).map(([status, count]) => `${status}×${count}`).join(' ')}`);
      console.log(`answers by operation (FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS}):\n${lines.join('\n')}`);
    }
    await t?.close();
  });

  /** The property for one operation as one role: the request drawn, sent, and its answer held to the document. */
  function property(target: Endpoint, role: Role) {
    const signedIn = role !== 'anonymous';
    const needsToken = target.operation.security?.length !== 0;
    const tokens = fc.constantFrom(...NOT_A_LOGIN);
    return fc.asyncProperty(draftsFor(target, document.components.schemas), tokens, async (draft, notALogin) => {
      const request = requestOf(target, draft, known);
      const authorization = signedIn ? `Bearer ${await tokenOf(role)}` : notALogin;
      const headers: Record<string, string> = authorization ? { Authorization: authorization } : {};
      const answer = await send(request, headers);
      const statuses = seen.get(target.name) ?? new Map<number, number>();
      seen.set(target.name, statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1));
      const problems = checker.problems(target, answer);
      // A 401 to a signed-in role means the fuzzer ended its own session, or the service ended it.
      if (signedIn && needsToken && answer.status === 401) problems.push(`a 401 although ${role} is signed in`);
      if (problems.length) {
        const shown = signedIn ? { Authorization: `Bearer <${role}'s access token>` } : headers;
        throw new Error([`${target.name} as ${role} (FUZZ_SEED=${SEED})`, ...problems.map((problem) => `- ${problem}`), describeExchange(request, shown, answer)].join('\n'));
      }
      if (answer.status < 300) known.harvestAnswer(target.path, answer.body);
    });
  }

  it('draws request bodies that fit their schemas when it means to', () => {
    const shapes = { schemas: document.components.schemas, hugeStrings: false };
    for (const target of endpoints) {
      const schema = target.operation.requestBody?.content['application/json']?.schema;
      if (!schema) continue;
      fc.assert(
        fc.property(validValue(schema, shapes), (value) => {
          expect({ operation: target.name, problems: checker.misfits(`${target.name} request`, schema, known.fill(value)) }).toEqual({ operation: target.name, problems: [] });
        }),
        { seed: SEED, numRuns: 20 },
      );
    }
  });

  it.each(ROLES)(
    'answers every operation as its document says, as %s',
    async (role) => {
      if (process.env.FUZZ_SEED !== undefined) console.log(`fuzzing as ${role} with FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS}`);
      const failures: string[] = [];
      for (const target of endpoints.filter((candidate) => candidate.name.includes(ONLY))) {
        const numRuns = target.name === 'post /auth/login' ? LOGIN_RUNS : RUNS;
        const details = await fc.check(property(target, role), { seed: seedFor(target, role), numRuns });
        // The last (most shrunk) failure's own words: the operation, role, request and answer.
        if (details.failed) failures.push(`${String((details.errorInstance as Error | undefined)?.message ?? details.errorInstance)}\n${fc.defaultReportMessage(details)}`);
      }
      if (failures.length) throw new Error(`${failures.length} operation(s) answered against the document as ${role}:\n\n${failures.join('\n\n')}`);
    },
    Math.max(300_000, RUNS * 120_000),
  );
});
