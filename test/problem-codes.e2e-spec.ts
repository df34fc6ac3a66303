import { bearer, createClinic, createPatient, createStaff } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

type Clinic = Awaited<ReturnType<typeof createClinic>>;

/**
 * Issue 17 (Language): every problem the API answers has a stable code and its parameters, naming
 * people and rooms rather than ids, and the English text made from them. One representative problem
 * of each kind, end to end.
 */
describe('problem codes and their parameters', () => {
  let t: TestApp;
  let c: Clinic;
  let auth: { Authorization: string };

  beforeAll(async () => {
    t = await createTestApp();
    c = await createClinic(t);
    auth = bearer(c.coordinatorToken);
  });
  afterAll(() => t.close());

  const visit = (body: Record<string, unknown> = {}) => ({
    kind: 'other',
    siteId: c.site.id,
    roomId: c.rooms.office.id,
    start: '2027-05-04T09:00:00+02:00',
    end: '2027-05-04T10:00:00+02:00',
    staffIds: [c.staff.nurse.id],
    patientIds: [c.patients[0].id],
    ...body,
  });

  it('gives validation problems a code from the constraint, with its limit, and the request limits theirs', async () => {
    const long = await t.http().post('/patients').set(auth).send({ siteId: c.site.id, personalNumber: '19121212-1212', name: 'x'.repeat(500), reminderChannel: 'none' }).expect(400);
    expect(long.body.code).toBe('validation.failed');
    expect(long.body.details).toContainEqual({ field: 'name', problem: expect.stringMatching(/^must be shorter than or equal to \d+ characters$/), code: 'validation.too_long', params: { max: expect.any(Number) } });
    const nul = await t.http().post('/patients').set(auth).send({ siteId: c.site.id, personalNumber: '19121212-1212', name: 'A\u0000B', reminderChannel: 'none' }).expect(400);
    expect(nul.body.details).toEqual([{ field: 'name', problem: 'must not contain the NUL character (\\u0000)', code: 'validation.nul_character', params: {} }]);
    const unknown = await t.http().get('/appointments/not-a-uuid').set(auth).expect(400);
    expect(unknown.body.details).toEqual([{ field: 'id', problem: 'must be a UUID', code: 'validation.not_uuid', params: {} }]);
  });

  it('names the staff member a booking rule concerns, and the room in the way of a taken time', async () => {
    const evening = await t.http().post('/appointments').set(auth).send(visit({ start: '2027-05-04T17:00:00+02:00', end: '2027-05-04T18:00:00+02:00' })).expect(422);
    expect(evening.body.code).toBe('rules.broken');
    expect(evening.body.details).toEqual([
      {
        field: 'staffIds',
        problem: `${c.staff.nurse.name} does not work 2027-05-04 17:00–18:00`,
        code: 'booking.staff_not_working',
        params: { staff: c.staff.nurse.name, date: '2027-05-04', start: '17:00', end: '18:00' },
      },
    ]);
    const first = await t.http().post('/appointments').set(auth).send(visit()).expect(201);
    const taken = await t.http().post('/appointments').set(auth).send(visit({ staffIds: [c.staff.physician.id], patientIds: [c.patients[1].id] })).expect(409);
    expect(taken.body).toMatchObject({ code: 'booking.conflict', conflictingAppointmentId: first.body.id });
    expect(taken.body.details).toEqual([{ field: 'roomId', problem: `room ${c.rooms.office.name} is already booked at this time`, code: 'booking.room_booked', params: { room: c.rooms.office.name } }]);
  });

  it('gives a state that does not allow the action its code at the top, and a refused move its problems in the preview', async () => {
    const booked = await t.http().post('/appointments').set(auth).send(visit({ start: '2027-05-05T09:00:00+02:00', end: '2027-05-05T10:00:00+02:00' })).expect(201);
    const past = await t.http().post(`/appointments/${booked.body.id}/move-preview`).set(auth).send({ start: new Date(Date.now() - 60_000).toISOString() }).expect(200);
    expect(past.body.problems).toEqual([{ field: 'start', problem: 'must be in the future: a visit that has begun stays where it is', code: 'move.begun', params: {} }]);
    await t.http().post(`/appointments/${booked.body.id}/cancel`).set(auth).send({ reason: 'sjuk' }).expect(200);
    const again = await t.http().post(`/appointments/${booked.body.id}/cancel`).set(auth).send({ reason: 'igen' }).expect(409);
    expect(again.body).toMatchObject({ code: 'state.appointment', params: { status: 'cancelled' }, message: 'the appointment is cancelled', status: 'cancelled' });
  });

  it('names the patient who holds a personal number already', async () => {
    const holder = await t.http().get(`/patients/${c.patients[1].id}`).set(auth).expect(200);
    const twice = await t.http().post('/patients').set(auth).send({ siteId: c.site.id, personalNumber: holder.body.personalNumber, name: 'Ny Person', reminderChannel: 'none' }).expect(409);
    expect(twice.body).toMatchObject({ code: 'patient.number_taken', params: { patient: holder.body.name, existingPatientId: holder.body.id }, existingPatientId: holder.body.id });
  });

  it('names the room and the leader in the way of a group program, by session', async () => {
    await createStaff(t, c.site.id, 'occupational_therapist');
    const body = { siteId: c.site.id, name: 'Grupp koder', roomId: c.rooms.groupRoom.id, startDate: '2027-09-07', startTime: '09:00', durationMinutes: 120 };
    const plain = await t.http().post('/group-programs/preview').set(auth).send(body).expect(200);
    const first = plain.body.sessions[0];
    await t.http().post('/appointments').set(auth).send(visit({ roomId: c.rooms.groupRoom.id, start: first.start, end: first.end, staffIds: [c.staff.nurse.id], patientIds: [c.patients[2].id] })).expect(201);
    const refused = await t.http().post('/group-programs').set(auth).send(body).expect(422);
    expect(refused.body.code).toBe('group.schedule_conflicts');
    const roomBusy = refused.body.details.find((d: { code: string }) => d.code === 'group.room_busy');
    expect(roomBusy).toEqual({
      field: 'sessions.1',
      problem: `room ${c.rooms.groupRoom.name} is booked 2027-09-07 09:00–11:00`,
      code: 'group.room_busy',
      params: { room: c.rooms.groupRoom.name, roomId: c.rooms.groupRoom.id, date: '2027-09-07', start: '09:00', end: '11:00' },
    });
    expect(JSON.stringify(roomBusy.problem)).not.toContain(c.rooms.groupRoom.id);
  });

  it('words enrolment refusals with the patient’s name', async () => {
    const body = { siteId: c.site.id, name: 'Grupp inskrivning', roomId: c.rooms.groupRoom.id, startDate: '2030-03-05', startTime: '13:00', durationMinutes: 60 };
    const program = await t.http().post('/group-programs').set(auth).send(body).expect(201);
    const patient = await createPatient(t, c.site.id, 'Dag Ekström');
    const refused = await t.http().post(`/group-programs/${program.body.id}/enrollments`).set(auth).send({ patientId: patient.id }).expect(422);
    expect(refused.body.details).toEqual([
      { field: 'patientId', problem: 'the patient has no completed assessment offering group rehabilitation', code: 'group.not_offered', params: { patient: 'Dag Ekström', patientId: patient.id } },
    ]);
  });

  it('gives answers the framework makes itself a code by their status', async () => {
    const none = await t.http().get('/no-such-route').set(auth).expect(404);
    expect(none.body.code).toBe('not_found');
    const anonymous = await t.http().get('/appointments/00000000-0000-4000-8000-000000000000').expect(401);
    expect(anonymous.body.code).toBe('auth.unauthorized');
  });
});
