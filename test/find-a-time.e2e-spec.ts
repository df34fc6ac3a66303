import { bearer, createClinic, createStaff } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

type Clinic = Awaited<ReturnType<typeof createClinic>>;

/** Issue 16, B4(c): a coordinator with the patient on the phone asks for the first free times. */
describe('find a time (GET /appointments/free-slots)', () => {
  let t: TestApp;
  let c: Clinic;
  let auth: { Authorization: string };

  beforeAll(async () => {
    t = await createTestApp();
    c = await createClinic(t);
    auth = bearer(c.coordinatorToken);
  });
  afterAll(() => t.close());

  const find = (query: Record<string, string | number>) => t.http().get('/appointments/free-slots').query(query).set(auth);
  const book = (body: Record<string, unknown>) =>
    t
      .http()
      .post('/appointments')
      .set(auth)
      .send({ kind: 'assessment_visit', siteId: c.site.id, roomId: c.rooms.office.id, ...body })
      .expect(201);

  it('answers the first free starts of a discipline on the slot grid, in working hours, with a room', async () => {
    const found = await find({ kind: 'assessment_visit', discipline: 'nurse', from: '2027-02-01', limit: 3 }).expect(200);
    expect(found.body).toEqual([
      { start: '2027-02-01T08:00:00+01:00', end: '2027-02-01T09:30:00+01:00', staffId: c.staff.nurse.id, staffName: c.staff.nurse.name, roomId: c.rooms.office.id },
      { start: '2027-02-01T08:15:00+01:00', end: '2027-02-01T09:45:00+01:00', staffId: c.staff.nurse.id, staffName: c.staff.nurse.name, roomId: c.rooms.office.id },
      { start: '2027-02-01T08:30:00+01:00', end: '2027-02-01T10:00:00+01:00', staffId: c.staff.nurse.id, staffName: c.staff.nurse.name, roomId: c.rooms.office.id },
    ]);
  });

  it('leaves out the staff member’s bookings, the patient’s bookings and taken rooms, at once after a booking', async () => {
    await find({ kind: 'assessment_visit', staffId: c.staff.physician.id, from: '2027-02-02', limit: 1 }).expect(200);
    await book({ start: '2027-02-02T08:00:00+01:00', end: '2027-02-02T10:00:00+01:00', staffIds: [c.staff.physician.id], patientIds: [c.patients[1].id] });
    await book({ start: '2027-02-02T10:00:00+01:00', end: '2027-02-02T11:00:00+01:00', staffIds: [c.staff.nurse.id], patientIds: [c.patients[0].id], roomId: null });
    const physician = await find({ kind: 'other', staffId: c.staff.physician.id, from: '2027-02-02', to: '2027-02-02', minutes: 60, limit: 1 }).expect(200);
    expect(physician.body.map((s: { start: string }) => s.start)).toEqual(['2027-02-02T10:00:00+01:00']);
    const withPatient = await find({ kind: 'other', staffId: c.staff.physician.id, patientId: c.patients[0].id, from: '2027-02-02', minutes: 60, limit: 1 }).expect(200);
    expect(withPatient.body.map((s: { start: string }) => s.start)).toEqual(['2027-02-02T11:00:00+01:00']);
  });

  it('offers any staff member of the discipline, earliest first', async () => {
    const second = await createStaff(t, c.site.id, 'psychologist', [{ weekday: 3, start: '07:00', end: '12:00' }]);
    const found = await find({ kind: 'assessment_visit', discipline: 'psychologist', from: '2027-02-03', to: '2027-02-03', limit: 2 }).expect(200);
    expect(found.body.map((s: { start: string; staffId: string }) => [s.start, s.staffId])).toEqual([
      ['2027-02-03T07:00:00+01:00', second.id],
      ['2027-02-03T07:15:00+01:00', second.id],
    ]);
  });

  it('finds nothing on holidays and weekends, and nothing in the past', async () => {
    // Trettondedag jul (Wednesday 6 January 2027), then a weekend.
    expect((await find({ kind: 'assessment_visit', discipline: 'nurse', from: '2027-01-06', to: '2027-01-06' }).expect(200)).body).toEqual([]);
    expect((await find({ kind: 'assessment_visit', discipline: 'nurse', from: '2027-02-06', to: '2027-02-07' }).expect(200)).body).toEqual([]);
    expect((await find({ kind: 'assessment_visit', discipline: 'nurse', from: '2026-11-30', to: '2026-12-01' }).expect(200)).body).toEqual([]);
  });

  it('is bounded: 400 naming the field for a long range, too many slots or no staff at all', async () => {
    const long = await find({ kind: 'assessment_visit', discipline: 'nurse', from: '2027-02-01', to: '2027-03-15' }).expect(400);
    expect(long.body.details).toEqual([{ field: 'to', problem: expect.stringContaining('27 days'), code: 'validation.range_too_long', params: { days: 27, other: 'from' } }]);
    expect((await find({ kind: 'assessment_visit', discipline: 'nurse', from: '2027-02-01', limit: 21 }).expect(400)).body.details[0].field).toBe('limit');
    expect((await find({ kind: 'assessment_visit', from: '2027-02-01' }).expect(400)).body.details[0].field).toBe('discipline');
    expect((await find({ kind: 'assessment_visit', discipline: 'nurse', from: '2027-02-10', to: '2027-02-01' }).expect(400)).body.details[0].field).toBe('to');
  });

  it('422 for a staff member or patient of another site', async () => {
    const other = await createClinic(t);
    const staff = await find({ kind: 'other', staffId: other.staff.nurse.id, from: '2027-02-01' }).expect(422);
    expect(staff.body.details[0].field).toBe('staffId');
    const patient = await find({ kind: 'other', discipline: 'nurse', patientId: other.patients[0].id, from: '2027-02-01' }).expect(422);
    expect(patient.body.details[0].field).toBe('patientId');
  });

  it('answers from the calendar in memory, in milliseconds', async () => {
    const query = { kind: 'assessment_visit', discipline: 'physiotherapist', patientId: c.patients[2].id, from: '2027-02-08', limit: 20 };
    await find(query).expect(200);
    const started = process.hrtime.bigint();
    for (let i = 0; i < 10; i++) await find(query).expect(200);
    const perCallMs = Number(process.hrtime.bigint() - started) / 1e6 / 10;
    expect(perCallMs).toBeLessThan(250);
  });
});
