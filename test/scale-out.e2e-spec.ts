import { Client } from 'pg';
import { bearer, createClinic, createPatient, referralBody } from './support/fixtures';
import { startService, ServiceProcess } from './support/service-process';
import { plainWeek, stockholm } from './support/site-time';
import { createTestDatabase } from './support/test-database';

type Clinic = Awaited<ReturnType<typeof createClinic>>;
interface Visit {
  part: string;
  staffIds: string[];
  start: string;
  end: string;
}

const RACERS = 50;

/**
 * The service scaled out as docker-compose runs it: two processes of `src/main.ts` on one
 * PostgreSQL. Whatever one instance knows in memory must not let it contradict the other.
 */
describe('two service processes on one database', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Client;
  let services: ServiceProcess[] = [];
  let a: ServiceProcess;
  let b: ServiceProcess;
  let clinic: Clinic;

  beforeAll(async () => {
    database = await createTestDatabase();
    const started = await Promise.allSettled([startService(database.url), startService(database.url)]);
    services = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
    [a, b] = services;
    db = new Client({ connectionString: database.url });
    await db.connect();
    clinic = await createClinic(a);
  }, 90_000);

  afterAll(async () => {
    await Promise.all(services.map((service) => service.kill()));
    await db?.end();
    await database?.drop();
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
    const patient = await createPatient(a, clinic.site.id);
    const referral = await a.http().post('/referrals').set(token).send(referralBody(patient.id, clinic.site.id)).expect(201);
    await a.http().post(`/referrals/${referral.body.id}/decision`).set(token).send({ decision: 'accepted', reasons: [], decidedBy: 'K' }).expect(200);
    const propose = async (service: ServiceProcess): Promise<Visit[]> =>
      (await service.http().post('/assessments/proposals').set(token).send({ referralId: referral.body.id, earliestDate: plainWeek(35) }).expect(200)).body.visits;
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
});
