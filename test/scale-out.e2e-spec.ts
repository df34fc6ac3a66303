import { Client } from 'pg';
import { migrations } from '../migrations';
import { THROTTLE_RULES } from '../src/auth/login-throttle';
import { acceptedReferral, bearer, createClinic, createPatient, createRoom, createStaff, TEST_PASSWORD } from './support/fixtures';
import { startService, ServiceProcess } from './support/service-process';
import { plainWeek, stockholm } from './support/site-time';
import { serviceClient, ServiceClient } from './support/test-app';
import { createTestDatabase, prepareTestDatabase } from './support/test-database';
import { until } from './support/until';

type Clinic = Awaited<ReturnType<typeof createClinic>>;
type Instance = ServiceProcess & ServiceClient;
interface Visit {
  part: string;
  staffIds: string[];
  start: string;
  end: string;
}

const RACERS = 50;
/** Short, so a killed instance's job is taken over in seconds; a live one renews it every second. */
const LEASE_MS = 3000;
const WAITING_LIST = 150;

/**
 * The service scaled out as docker-compose runs it: two processes of `src/app/main.ts` on one
 * PostgreSQL. Whatever one instance knows in memory must not let it contradict the other.
 */
describe('two service processes on one database', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Client;
  let services: ServiceProcess[] = [];
  let a: Instance;
  let b: Instance;
  let clinic: Clinic;

  beforeAll(async () => {
    // A database without the schema, which both instances set out to migrate at the same moment:
    // the migrations table they read first stays locked until both are waiting for it (longer than
    // the default statement timeout allows, while the slower one is still starting).
    database = await createTestDatabase({ empty: true });
    db = new Client({ connectionString: database.url });
    await db.connect();
    // Its own connection: inside its transaction pg_stat_activity would not change.
    const locker = new Client({ connectionString: database.url });
    await locker.connect();
    try {
      await locker.query(`CREATE TABLE migrations (id serial PRIMARY KEY, "timestamp" bigint NOT NULL, name varchar NOT NULL)`);
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE migrations IN ACCESS EXCLUSIVE MODE');
      const settings = { STATEMENT_TIMEOUT_MS: '180000', JOB_LEASE_MS: String(LEASE_MS) };
      services = await Promise.all([startService(database.url, settings), startService(database.url, settings)]);
      let waiting = 0;
      const bothWaiting = async () => {
        const { rows } = await db.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`);
        waiting = rows[0].n;
        return waiting === services.length;
      };
      // An instance that dies on the way fails this at once, with what it printed.
      const diedFirst = Promise.race(services.map((s) => s.ready.then(() => new Promise<never>(() => undefined))));
      const printed = () => services.map((s, i) => `instance ${i + 1} printed:\n${s.output()}`).join('\n');
      await Promise.race([until(bothWaiting, 120_000, () => `both instances to wait for the migrations table (${waiting} did); ${printed()}`), diedFirst]);
    } finally {
      await locker.end(); // the lock goes with the session
    }
    await Promise.all(services.map((s) => s.ready));
    await prepareTestDatabase(database.url); // nothing left to migrate: adds the test admin
    [a, b] = await Promise.all(services.map(async (s) => ({ ...s, ...(await serviceClient(s.url)) })));
    clinic = await createClinic(a);
  }, 240_000);

  afterAll(async () => {
    await Promise.all(services.map((service) => service.kill()));
    await db?.end();
    await database?.drop();
  });

  it('migrates a fresh database once when both start together, neither failing a migration on the way', async () => {
    for (const service of services) expect(service.output()).not.toMatch(/Migration .* failed|Unable to connect to the database/);
    const { rows } = await db.query(`SELECT name, count(*)::int AS runs FROM migrations GROUP BY name`);
    expect(new Map(rows.map((row) => [row.name, row.runs]))).toEqual(new Map(migrations.map((m) => [m.name, 1])));
  });

  it('lets exactly one of 50 bookings of one slot, split over both instances, win', async () => {
    const patients = await Promise.all(Array.from({ length: RACERS }, (_, i) => createPatient(a, clinic.site.id, `Racer ${i}`)));
    const monday = plainWeek();
    const slot = { start: stockholm(monday, '10:00'), end: stockholm(monday, '11:00') };
    const token = bearer(clinic.coordinatorToken);

    const responses = await Promise.all(
      patients.map((patient, i) =>
        [a, b][i % 2]
          .http()
          .post('/appointments')
          .set(token)
          .send({ kind: 'individual_visit', siteId: clinic.site.id, ...slot, staffIds: [clinic.staff.nurse.id], roomId: clinic.rooms.office.id, patientIds: [patient.id] }),
      ),
    );

    const statuses = responses.map((r) => r.status);
    expect({ won: statuses.filter((s) => s === 201).length, refused: statuses.filter((s) => s === 409).length }).toEqual({ won: 1, refused: RACERS - 1 });
    const winner = responses.find((r) => r.status === 201)!.body.id;
    for (const refusal of responses.filter((r) => r.status === 409)) {
      expect(refusal.body).toMatchObject({ statusCode: 409, error: 'Conflict', conflictingAppointmentId: winner });
    }
    const during = [slot.start, slot.end];
    const active = await db.query(
      `SELECT a.id FROM appointments a
        WHERE a.status <> 'cancelled' AND a.during && tstzrange($2, $3)
          AND (a.room_id = $1 OR EXISTS (SELECT 1 FROM appointment_staff s WHERE s.appointment_id = a.id AND s.staff_id = $4))`,
      [clinic.rooms.office.id, ...during, clinic.staff.nurse.id],
    );
    expect(active.rows).toEqual([{ id: winner }]);
  }, 30_000);

  it("plans an assessment on one instance around a booking just made on the other, though the first kept the site's calendar", async () => {
    const token = bearer(clinic.coordinatorToken);
    const { referralId } = await acceptedReferral(a, clinic);
    const propose = async (service: Instance): Promise<Visit[]> =>
      (await service.http().post('/assessments/proposals').set(token).send({ referralId, earliestDate: plainWeek(35) }).expect(200)).body.visits;
    const nurseVisit = (visits: Visit[]) => visits.find((v) => v.part === 'nurse')!;

    // A plans, and keeps the site's calendar.
    const first = nurseVisit(await propose(a));

    // That A plans on what it kept: an absence written past the triggers (no NOTIFY) over the
    // nurse's visit changes nothing on A, while B, which reads, plans around it.
    const silently = async (sql: string, params: unknown[]) => {
      await db.query('BEGIN');
      await db.query('SET LOCAL session_replication_role = replica');
      await db.query(sql, params);
      await db.query('COMMIT');
    };
    await silently(`INSERT INTO staff_absences (staff_id, starts_at, ends_at, reason) VALUES ($1, $2, $3, 'course')`, [clinic.staff.nurse.id, first.start, first.end]);
    expect(nurseVisit(await propose(a)).start).toBe(first.start);
    expect(nurseVisit(await propose(b)).start).not.toBe(first.start);
    await silently(`DELETE FROM staff_absences WHERE staff_id = $1`, [clinic.staff.nurse.id]);

    // B books the nurse at that time; A's next proposal must not offer it.
    const other = await createPatient(b, clinic.site.id);
    await b
      .http()
      .post('/appointments')
      .set(token)
      .send({ kind: 'individual_visit', siteId: clinic.site.id, start: first.start, end: first.end, staffIds: [clinic.staff.nurse.id], patientIds: [other.id] })
      .expect(201);
    const next = await propose(a);
    const clashes = next.filter((v) => v.staffIds.includes(clinic.staff.nurse.id) && Date.parse(v.start) < Date.parse(first.end) && Date.parse(v.end) > Date.parse(first.start));
    expect(clashes).toEqual([]);
    expect(nurseVisit(next).start).not.toBe(first.start);
  }, 30_000);

  it('holds the login limit over both instances: wrong passwords split over them lock the account at the count one instance would', async () => {
    const username = `limited-${Math.random().toString(36).slice(2, 10)}`;
    await a.http().post('/users').set(bearer(a.adminToken)).send({ username, password: TEST_PASSWORD, role: 'coordinator', siteId: clinic.site.id }).expect(201);
    const login = (service: Instance, password: string) => service.http().post('/auth/login').send({ username, password });
    const { failuresBeforeLock } = THROTTLE_RULES.account;
    const statuses: number[] = [];
    for (let i = 0; i <= failuresBeforeLock; i++) statuses.push((await login([a, b][i % 2], `wrong guess ${i}`)).status);
    expect(statuses).toEqual([...Array<number>(failuresBeforeLock).fill(401), 429]);
    // Locked on both, for the right password too.
    for (const service of [a, b]) expect((await login(service, TEST_PASSWORD)).body).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
  });

  // Last: it kills A.
  it('finishes on B, taken over within its lease, a batch that A was running when it was killed with SIGKILL', async () => {
    const site = await createClinic(a);
    const token = bearer(site.coordinatorToken);
    // Room for many assessments, so the batch writes group after group and the kill lands between them.
    for (const discipline of ['nurse', 'physician', 'physiotherapist', 'psychologist'] as const) {
      await Promise.all([createStaff(a, site.site.id, discipline), createStaff(b, site.site.id, discipline)]);
    }
    await Promise.all([0, 1, 2, 3].map((i) => createRoom([a, b][i % 2], site.site.id, 'office')));
    const referralIds: string[] = [];
    for (let i = 0; i < WAITING_LIST; i += 10) {
      const created = await Promise.all(Array.from({ length: 10 }, (_, j) => acceptedReferral([a, b][j % 2], site)));
      referralIds.push(...created.map((c) => c.referralId));
    }
    const booked = async () => Number((await db.query(`SELECT count(*) FROM assessments WHERE site_id = $1 AND status = 'booked'`, [site.site.id])).rows[0].count);
    const takeovers = async (jobId: string) => (await db.query(`SELECT takeovers FROM jobs WHERE id = $1`, [jobId])).rows[0].takeovers;

    const { body: started } = await a.http().post('/assessments/batch').set(token).send({ siteId: site.site.id, earliestDate: plainWeek() }).expect(202);
    await until(async () => (await booked()) > 0, 60_000, 'the batch on A to book its first group');
    await a.kill('SIGKILL');
    expect(await db.query(`SELECT status, takeovers FROM jobs WHERE id = $1`, [started.id]).then((r) => r.rows)).toEqual([{ status: 'running', takeovers: 0 }]);
    expect(await booked()).toBeLessThan(WAITING_LIST); // it died in the middle

    // A renewed its lease at most a third of a lease before it died; B looks every third of a lease.
    await until(async () => (await takeovers(started.id)) === 1, 2 * LEASE_MS, `B to take over the job within ${2 * LEASE_MS} ms of the kill`);
    let job = started;
    await until(
      async () => (job = (await b.http().get(`/jobs/${started.id}`).set(token).expect(200)).body).status !== 'running',
      60_000,
      () => `B to finish the job, last seen as ${JSON.stringify(job)}`,
    );
    expect(job).toMatchObject({ status: 'done', done: WAITING_LIST, total: WAITING_LIST, takeovers: 1, error: null });
    expect(job.result.map((outcome: { referralId: string }) => outcome.referralId).sort()).toEqual([...referralIds].sort());
    const { rows } = await db.query(
      `SELECT (SELECT count(*)::int FROM assessments s WHERE s.referral_id = r.id AND s.status = 'booked') AS n FROM unnest($1::uuid[]) r(id)`,
      [referralIds],
    );
    expect(rows.filter((row) => row.n > 1)).toEqual([]);
    expect(rows.filter((row) => row.n === 1)).toHaveLength(job.result.filter((outcome: { status: string }) => outcome.status === 'booked').length);
  }, 120_000);
});
