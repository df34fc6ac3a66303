import { bearer, createClinic, createPatient, createRoom, createSite, referralBody, userToken } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

type Clinic = Awaited<ReturnType<typeof createClinic>>;

/** Issue 16, B3: a room is edited or taken out of use from a date. */
describe('daily operations: rooms', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  function client(clinic: Clinic) {
    const token = bearer(clinic.coordinatorToken);
    const book = (roomId: string, start: string, end: string, patients = [0], staff = clinic.staff.nurse.id) =>
      t
        .http()
        .post('/appointments')
        .set(token)
        .send({ kind: 'assessment_visit', siteId: clinic.site.id, roomId, start, end, staffIds: [staff], patientIds: patients.map((i) => clinic.patients[i].id) });
    return { token, book };
  }

  async function proposal(clinic: Clinic) {
    const token = bearer(clinic.coordinatorToken);
    const patient = await createPatient(t, clinic.site.id);
    const referral = await t.http().post('/referrals').set(token).send(referralBody(patient.id, clinic.site.id)).expect(201);
    await t.http().post(`/referrals/${referral.body.id}/decision`).set(token).send({ decision: 'accepted', reasons: [], decidedBy: 'K' }).expect(200);
    const response = await t.http().post('/assessments/proposals').set(token).send({ referralId: referral.body.id, earliestDate: '2027-02-01' }).expect(200);
    return response.body as { feasible: boolean; visits: { roomId: string | null }[] };
  }

  it('edits a room: the visits it no longer suits are listed and stay, and bookings follow the new capacity', async () => {
    const clinic = await createClinic(t);
    const { token, book } = client(clinic);
    const office = clinic.rooms.office.id;
    const pair = (await book(office, '2027-03-01T09:00:00+01:00', '2027-03-01T10:00:00+01:00', [0, 1]).expect(201)).body.id;
    const single = (await book(office, '2027-03-02T09:00:00+01:00', '2027-03-02T10:00:00+01:00', [2]).expect(201)).body.id;

    const smaller = await t.http().patch(`/rooms/${office}`).set(token).send({ capacity: 1, name: 'Rum 1' }).expect(200);
    expect(smaller.body).toMatchObject({ room: { id: office, name: 'Rum 1', capacity: 1, kind: 'office', deactivatedFrom: null }, affectedAppointmentIds: [pair] });
    expect((await t.http().get(`/appointments/${pair}`).set(token).expect(200)).body.status).toBe('booked');
    const tooMany = await book(office, '2027-03-03T09:00:00+01:00', '2027-03-03T10:00:00+01:00', [0, 1]).expect(422);
    expect(tooMany.body.details).toEqual([{ field: 'roomId', problem: 'Rum 1 holds 1, not 2 patients', code: 'booking.room_too_small', params: expect.objectContaining({ room: 'Rum 1', capacity: 1, count: 2 }) }]);

    // A new kind: everything booked there was planned for the old one.
    const gym = await t.http().patch(`/rooms/${office}`).set(token).send({ kind: 'gym' }).expect(200);
    expect(gym.body.affectedAppointmentIds).toEqual([pair, single]);
    const unchanged = await t.http().patch(`/rooms/${office}`).set(token).send({}).expect(200);
    expect(unchanged.body.room).toMatchObject({ name: 'Rum 1', kind: 'gym', capacity: 1 });

    const other = await createRoom(t, clinic.site.id);
    const taken = await t.http().patch(`/rooms/${other.id}`).set(token).send({ name: 'Rum 1' }).expect(409);
    expect(taken.body.message).toContain('Rum 1');
    const bad = await t.http().patch(`/rooms/${office}`).set(token).send({ capacity: 0, kind: 'kitchen' }).expect(400);
    expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['capacity', 'kind']);

    const audited = await t.db.query(`SELECT count(*) FROM audit_log WHERE resource = 'room' AND $1 = ANY(resource_ids) AND action = 'update'`, [office]);
    expect(Number(audited[0].count)).toBe(3);
  });

  it('deactivates a room from a date: its visits from then on are listed, and it is no longer booked or planned', async () => {
    const clinic = await createClinic(t);
    const { token, book } = client(clinic);
    const office = clinic.rooms.office.id;
    expect((await proposal(clinic)).visits.some((visit) => visit.roomId === office)).toBe(true);
    await book(office, '2027-01-28T09:00:00+01:00', '2027-01-28T10:00:00+01:00').expect(201);
    const later = (await book(office, '2027-02-10T09:00:00+01:00', '2027-02-10T10:00:00+01:00', [1]).expect(201)).body.id;

    const deactivated = await t.http().post(`/rooms/${office}/deactivate`).set(token).send({ from: '2027-02-01' }).expect(200);
    expect(deactivated.body).toMatchObject({ room: { id: office, deactivatedFrom: '2027-02-01' }, affectedAppointmentIds: [later] });
    expect((await t.http().get(`/appointments/${later}`).set(token).expect(200)).body.status).toBe('booked');

    const refused = await book(office, '2027-02-02T09:00:00+01:00', '2027-02-02T10:00:00+01:00').expect(422);
    expect(refused.body.details).toEqual([{ field: 'roomId', problem: expect.stringContaining('out of use from 2027-02-01'), code: 'booking.room_out_of_use', params: expect.objectContaining({ date: '2027-02-01' }) }]);
    await book(office, '2027-01-29T09:00:00+01:00', '2027-01-29T10:00:00+01:00').expect(201);
    // The site's only office is gone from the planners' calendar (kept or not).
    const plan = await proposal(clinic);
    expect(plan.visits.some((visit) => visit.roomId === office)).toBe(false);

    await t.http().post(`/rooms/${office}/deactivate`).set(token).send({ from: '2027-03-01' }).expect(409);
    const bad = await t.http().post(`/rooms/${office}/deactivate`).set(token).send({ from: '1.2.2027' }).expect(400);
    expect(bad.body.details[0].field).toBe('from');
  });

  it('lets only coordinators of the site and admins change rooms', async () => {
    const clinic = await createClinic(t);
    const office = clinic.rooms.office.id;
    await t.http().patch(`/rooms/${office}`).set(bearer(clinic.clinicianToken)).send({ capacity: 3 }).expect(403);
    const other = await createSite(t);
    const stranger = bearer(await userToken(t, 'coordinator', { siteId: other.id }));
    await t.http().patch(`/rooms/${office}`).set(stranger).send({ capacity: 3 }).expect(404);
    await t.http().post(`/rooms/${office}/deactivate`).set(stranger).send({ from: '2027-03-01' }).expect(404);
    await t.http().patch(`/rooms/${office}`).set(bearer(t.adminToken)).send({ capacity: 3 }).expect(200);
  });
});
