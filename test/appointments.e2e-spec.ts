import { bearer, createClinic, createPatient, createStaff } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

type Clinic = Awaited<ReturnType<typeof createClinic>>;

describe('booking appointments', () => {
  let t: TestApp;
  let c: Clinic;
  let auth: { Authorization: string };

  beforeAll(async () => {
    t = await createTestApp();
    c = await createClinic(t);
    auth = bearer(c.coordinatorToken);
  });
  afterAll(() => t.close());

  const visit = (start: string, end: string, overrides: Record<string, unknown> = {}) => ({
    kind: 'assessment_visit',
    siteId: c.site.id,
    roomId: c.rooms.office.id,
    start,
    end,
    staffIds: [c.staff.nurse.id],
    patientIds: [c.patients[0].id],
    ...overrides,
  });
  const book = (body: object) => t.http().post('/appointments').set(auth).send(body);
  const count = async (sql: string, params: unknown[] = []) => Number((await t.db.query(sql, params))[0].count);

  it('books an appointment and shows it in the site’s local time', async () => {
    const created = await book(visit('2026-12-01T09:00:00Z', '2026-12-01T10:30:00Z')).expect(201);
    expect(created.body).toMatchObject({
      status: 'booked',
      kind: 'assessment_visit',
      label: 'Bedömningsbesök',
      start: '2026-12-01T10:00:00+01:00',
      end: '2026-12-01T11:30:00+01:00',
      staffIds: [c.staff.nurse.id],
      patientIds: [c.patients[0].id],
    });
    const read = await t.http().get(`/appointments/${created.body.id}`).set(auth).expect(200);
    expect(read.body).toEqual(created.body);
  });

  describe('no double booking', () => {
    it('refuses an overlapping booking of the same staff member with 409 naming the appointment in the way', async () => {
      const first = await book(visit('2026-12-02T09:00:00+01:00', '2026-12-02T10:30:00+01:00')).expect(201);
      const clash = await book(
        visit('2026-12-02T10:00:00+01:00', '2026-12-02T11:00:00+01:00', { patientIds: [c.patients[1].id], roomId: null }),
      ).expect(409);
      expect(clash.body).toMatchObject({ statusCode: 409, error: 'Conflict', conflictingAppointmentId: first.body.id });
      expect(clash.body.details[0].field).toBe('staffIds');
    });

    it('refuses an overlapping booking of the same patient', async () => {
      const first = await book(visit('2026-12-03T09:00:00+01:00', '2026-12-03T10:00:00+01:00')).expect(201);
      const clash = await book(
        visit('2026-12-03T09:30:00+01:00', '2026-12-03T10:30:00+01:00', { staffIds: [c.staff.physician.id], roomId: null }),
      ).expect(409);
      expect(clash.body.conflictingAppointmentId).toBe(first.body.id);
      expect(clash.body.details[0].field).toBe('patientIds');
    });

    it('refuses an overlapping booking of the same room', async () => {
      const first = await book(visit('2026-12-04T09:00:00+01:00', '2026-12-04T10:00:00+01:00')).expect(201);
      const clash = await book(
        visit('2026-12-04T09:59:00+01:00', '2026-12-04T11:00:00+01:00', { staffIds: [c.staff.physician.id], patientIds: [c.patients[1].id] }),
      ).expect(409);
      expect(clash.body.conflictingAppointmentId).toBe(first.body.id);
      expect(clash.body.details[0].field).toBe('roomId');
    });

    it('allows back-to-back appointments', async () => {
      await book(visit('2026-12-07T09:00:00+01:00', '2026-12-07T10:00:00+01:00')).expect(201);
      await book(visit('2026-12-07T10:00:00+01:00', '2026-12-07T11:00:00+01:00')).expect(201);
    });

    it('frees the time of a cancelled appointment', async () => {
      const first = await book(visit('2026-12-08T09:00:00+01:00', '2026-12-08T10:00:00+01:00')).expect(201);
      await book(visit('2026-12-08T09:00:00+01:00', '2026-12-08T10:00:00+01:00')).expect(409);
      await t.http().post(`/appointments/${first.body.id}/cancel`).set(auth).send({ reason: 'patient ill' }).expect(200);
      await book(visit('2026-12-08T09:00:00+01:00', '2026-12-08T10:00:00+01:00')).expect(201);
    });

    it('lets exactly one of 50 concurrent requests for the same staff member and time win', async () => {
      const patients = await Promise.all(Array.from({ length: 50 }, (_, i) => createPatient(t, c.site.id, `Racer ${i}`)));
      const responses = await Promise.all(
        patients.map((p) =>
          book(visit('2026-12-09T13:00:00+01:00', '2026-12-09T14:30:00+01:00', { roomId: null, patientIds: [p.id] })),
        ),
      );
      const statuses = responses.map((r) => r.status).sort();
      expect(statuses.filter((s) => s === 201)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(49);
      const winner = responses.find((r) => r.status === 201)!.body.id;
      expect(responses.filter((r) => r.status === 409).every((r) => r.body.conflictingAppointmentId === winner)).toBe(true);
      expect(
        await count(
          `SELECT count(*) FROM appointment_staff WHERE staff_id = $1 AND during && tstzrange('2026-12-09T12:00Z', '2026-12-09T14:00Z')`,
          [c.staff.nurse.id],
        ),
      ).toBe(1);
    });

    it('is enforced by the database itself, not only by the service', async () => {
      const [{ id }] = await t.db.query(
        `INSERT INTO appointments (site_id, kind, starts_at, ends_at) VALUES ($1, 'other', '2026-12-10T09:00+01', '2026-12-10T10:00+01') RETURNING id`,
        [c.site.id],
      );
      await t.db.query(`INSERT INTO appointment_staff (appointment_id, staff_id) VALUES ($1, $2)`, [id, c.staff.nurse.id]);
      const [{ id: second }] = await t.db.query(
        `INSERT INTO appointments (site_id, kind, starts_at, ends_at) VALUES ($1, 'other', '2026-12-10T09:30+01', '2026-12-10T10:30+01') RETURNING id`,
        [c.site.id],
      );
      await expect(
        t.db.query(`INSERT INTO appointment_staff (appointment_id, staff_id) VALUES ($1, $2)`, [second, c.staff.nurse.id]),
      ).rejects.toMatchObject({ driverError: { code: '23P01', constraint: 'appointment_staff_no_overlap' } });
    });
  });

  describe('calendar rules (422)', () => {
    it('refuses a time outside the staff member’s working hours', async () => {
      const response = await book(visit('2026-12-14T15:30:00+01:00', '2026-12-14T16:30:00+01:00')).expect(422);
      expect(response.body.details).toEqual([{ field: 'staffIds', problem: `${c.staff.nurse.name} does not work 2026-12-14 15:30–16:30`, code: 'booking.staff_not_working', params: expect.objectContaining({ staff: c.staff.nurse.name, date: '2026-12-14', start: '15:30', end: '16:30' }) }]);
    });

    it('refuses a time during an absence', async () => {
      const physio = c.staff.physiotherapist;
      await t
        .http()
        .post(`/staff/${physio.id}/absences`)
        .set(auth)
        .send({ start: '2026-12-15T00:00:00+01:00', end: '2026-12-16T00:00:00+01:00', reason: 'course' })
        .expect(201);
      const response = await book(visit('2026-12-15T09:00:00+01:00', '2026-12-15T10:00:00+01:00', { staffIds: [physio.id] })).expect(422);
      expect(response.body.details[0].problem).toBe(`${physio.name} is absent (course) 2026-12-15 09:00–10:00`);
    });

    it('refuses a Swedish public holiday and a closure day of the site', async () => {
      const christmasEve = await book(visit('2026-12-24T09:00:00+01:00', '2026-12-24T10:00:00+01:00')).expect(422);
      expect(christmasEve.body.message).toContain('closed on 2026-12-24 (julafton)');
      await t.http().post(`/sites/${c.site.id}/closures`).set(auth).send({ date: '2026-12-18', reason: 'personaldag' }).expect(201);
      const closure = await book(visit('2026-12-18T09:00:00+01:00', '2026-12-18T10:00:00+01:00')).expect(422);
      expect(closure.body.details).toEqual([{ field: 'start', problem: 'the site is closed on 2026-12-18 (personaldag)', code: 'booking.site_closed', params: expect.objectContaining({ date: '2026-12-18', reason: 'personaldag' }) }]);
    });

    it('checks working hours in local time on both sides of a daylight-saving change', async () => {
      // The nurse works 08:00–16:00 local. 06:30 UTC is 07:30 local before the spring change, 08:30 after.
      await book(visit('2027-03-25T06:30:00Z', '2027-03-25T07:30:00Z')).expect(422);
      const after = await book(visit('2027-03-30T06:30:00Z', '2027-03-30T07:30:00Z')).expect(201);
      expect(after.body.start).toBe('2027-03-30T08:30:00+02:00');
      // In autumn 15:30 UTC is 17:30 local before the change (too late), 16:30 after (too late),
      // while 14:30 UTC is 15:30 local after the change (fine) but 16:30 before.
      await book(visit('2026-10-23T14:30:00Z', '2026-10-23T15:00:00Z')).expect(422);
      const autumn = await book(visit('2026-10-26T14:30:00Z', '2026-10-26T15:00:00Z')).expect(201);
      expect(autumn.body.start).toBe('2026-10-26T15:30:00+01:00');
    });

    it('refuses staff, rooms and patients of another site, and a room too small', async () => {
      const other = await createClinic(t);
      const response = await book(
        visit('2026-12-16T09:00:00+01:00', '2026-12-16T10:00:00+01:00', {
          staffIds: [other.staff.nurse.id],
          patientIds: [other.patients[0].id],
          roomId: other.rooms.office.id,
        }),
      ).expect(422);
      expect(response.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['patientIds', 'roomId', 'staffIds']);
      const crowded = await book(
        visit('2026-12-16T09:00:00+01:00', '2026-12-16T10:00:00+01:00', { patientIds: c.patients.map((p) => p.id), kind: 'group_session' }),
      ).expect(422);
      expect(crowded.body.details[0].field).toBe('roomId');
    });
  });

  describe('bad input (400/404/422, never 500)', () => {
    it('names every malformed field', async () => {
      const response = await book({ kind: 'tea_party', siteId: 'x', start: '2026-12-01 09:00', end: 5, staffIds: 'nurse', extra: true }).expect(400);
      const fields = response.body.details.map((d: { field: string }) => d.field);
      expect(new Set(fields)).toEqual(new Set(['kind', 'siteId', 'start', 'end', 'staffIds', 'patientIds', 'extra']));
      expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    });

    it('wants an end after the start, and an offset on every instant', async () => {
      const backwards = await book(visit('2026-12-01T10:00:00+01:00', '2026-12-01T09:00:00+01:00')).expect(400);
      expect(backwards.body.details).toEqual([{ field: 'end', problem: 'must be after start', code: 'validation.after', params: expect.objectContaining({ other: 'start' }) }]);
      const local = await book(visit('2026-12-01T09:00:00', '2026-12-01T10:00:00')).expect(400);
      expect(local.body.details.map((d: { field: string }) => d.field)).toEqual(['start', 'end']);
    });

    it('answers unknown ids in the body with 422 naming the field, and unknown paths with 404', async () => {
      const unknown = '00000000-0000-4000-8000-000000000000';
      const response = await t
        .http()
        .post('/appointments')
        .set(bearer(t.adminToken))
        .send(visit('2026-12-01T09:00:00+01:00', '2026-12-01T10:00:00+01:00', { siteId: unknown }))
        .expect(422);
      expect(response.body.details).toEqual([{ field: 'siteId', problem: `${unknown} does not exist`, code: 'site.unknown', params: expect.objectContaining({ siteId: unknown }) }]);
      const staff = await book(visit('2026-12-01T09:00:00+01:00', '2026-12-01T10:00:00+01:00', { staffIds: [unknown] })).expect(422);
      expect(staff.body.details[0].field).toBe('staffIds');
      await t.http().get(`/appointments/${unknown}`).set(auth).expect(404);
      const notUuid = await t.http().get('/appointments/42').set(auth).expect(400);
      expect(notUuid.body.details).toEqual([{ field: 'id', problem: 'must be a UUID', code: 'validation.not_uuid', params: expect.any(Object) }]);
    });

    it('answers unreadable JSON with 400', async () => {
      const response = await t.http().post('/appointments').set(auth).set('Content-Type', 'application/json').send('{"kind": ').expect(400);
      expect(response.body).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        code: 'request.not_json',
        message: expect.stringContaining('JSON'),
        details: [{ field: 'body', problem: expect.stringMatching(/^is not valid JSON/), code: 'request.not_json', params: {} }],
      });
    });
  });

  describe('one transaction per change', () => {
    it('leaves nothing behind when the second of two staff members is taken', async () => {
      const taken = await book(
        visit('2026-12-17T09:00:00+01:00', '2026-12-17T10:00:00+01:00', { staffIds: [c.staff.psychologist.id], roomId: null, patientIds: [c.patients[2].id] }),
      ).expect(201);
      const before = await count('SELECT count(*) FROM appointments');
      const response = await book(
        visit('2026-12-17T09:00:00+01:00', '2026-12-17T10:00:00+01:00', { staffIds: [c.staff.nurse.id, c.staff.psychologist.id] }),
      ).expect(409);
      expect(response.body.conflictingAppointmentId).toBe(taken.body.id);
      expect(await count('SELECT count(*) FROM appointments')).toBe(before);
      expect(await count('SELECT count(*) FROM appointment_staff WHERE appointment_id NOT IN (SELECT id FROM appointments)')).toBe(0);
    });
  });

  describe('rescheduling and cancelling', () => {
    it('moves an appointment, keeping its length when only the start is given, and frees the old time', async () => {
      const first = await book(visit('2027-12-20T09:00:00+01:00', '2027-12-20T10:30:00+01:00')).expect(201);
      const moved = await t.http().patch(`/appointments/${first.body.id}`).set(auth).send({ start: '2027-12-20T13:00:00+01:00' }).expect(200);
      expect(moved.body).toMatchObject({ start: '2027-12-20T13:00:00+01:00', end: '2027-12-20T14:30:00+01:00', status: 'booked' });
      await book(visit('2027-12-20T09:00:00+01:00', '2027-12-20T10:30:00+01:00')).expect(201);
    });

    it('refuses a move into a taken slot and leaves the appointment where it was', async () => {
      const a = await book(visit('2027-12-21T09:00:00+01:00', '2027-12-21T10:00:00+01:00')).expect(201);
      const b = await book(visit('2027-12-21T11:00:00+01:00', '2027-12-21T12:00:00+01:00')).expect(201);
      const clash = await t.http().patch(`/appointments/${b.body.id}`).set(auth).send({ start: '2027-12-21T09:30:00+01:00' }).expect(409);
      expect(clash.body.conflictingAppointmentId).toBe(a.body.id);
      const unchanged = await t.http().get(`/appointments/${b.body.id}`).set(auth).expect(200);
      expect(unchanged.body.start).toBe('2027-12-21T11:00:00+01:00');
    });

    it('applies the calendar rules to a move and to a change of staff', async () => {
      const a = await book(visit('2027-12-22T09:00:00+01:00', '2027-12-22T10:00:00+01:00')).expect(201);
      await t.http().patch(`/appointments/${a.body.id}`).set(auth).send({ start: '2027-12-24T09:00:00+01:00' }).expect(422);
      const evening = await createStaff(t, c.site.id, 'physician', [{ weekday: 3, start: '12:00', end: '20:00' }]);
      const swap = await t.http().patch(`/appointments/${a.body.id}`).set(auth).send({ staffIds: [evening.id] }).expect(422);
      expect(swap.body.details[0].problem).toContain(`${evening.name} does not work`);
      const ok = await t.http().patch(`/appointments/${a.body.id}`).set(auth).send({ staffIds: [c.staff.physician.id] }).expect(200);
      expect(ok.body.staffIds).toEqual([c.staff.physician.id]);
      // The nurse is free again at that time.
      await book(visit('2027-12-22T09:00:00+01:00', '2027-12-22T10:00:00+01:00', { roomId: null, patientIds: [c.patients[1].id] })).expect(201);
    });

    it('cancels once, with a reason, and refuses to touch a cancelled appointment again', async () => {
      const a = await book(visit('2027-12-27T09:00:00+01:00', '2027-12-27T10:00:00+01:00')).expect(201);
      await t.http().post(`/appointments/${a.body.id}/cancel`).set(auth).send({}).expect(400);
      const cancelled = await t.http().post(`/appointments/${a.body.id}/cancel`).set(auth).send({ reason: 'sjuk' }).expect(200);
      expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelReason: 'sjuk' });
      await t.http().post(`/appointments/${a.body.id}/cancel`).set(auth).send({ reason: 'again' }).expect(409);
      await t.http().patch(`/appointments/${a.body.id}`).set(auth).send({ start: '2027-12-27T11:00:00+01:00' }).expect(409);
    });
  });

  describe('attendance', () => {
    it('lets the clinician on a past appointment record that the patient came', async () => {
      const past = await book(visit('2026-11-02T09:00:00+01:00', '2026-11-02T10:00:00+01:00', { staffIds: [c.staff.physician.id] })).expect(201);
      const recorded = await t
        .http()
        .post(`/appointments/${past.body.id}/attendance`)
        .set(bearer(c.clinicianToken))
        .send({ patientId: c.patients[0].id, participation: 'attended' })
        .expect(200);
      expect(recorded.body).toMatchObject({ status: 'attended', participants: [{ patientId: c.patients[0].id, participation: 'attended' }] });
    });

    it('refuses attendance for a future appointment or by a clinician not on it', async () => {
      const future = await book(visit('2030-01-15T09:00:00+01:00', '2030-01-15T10:00:00+01:00', { staffIds: [c.staff.physician.id] })).expect(201);
      await t
        .http()
        .post(`/appointments/${future.body.id}/attendance`)
        .set(bearer(c.clinicianToken))
        .send({ patientId: c.patients[0].id, participation: 'attended' })
        .expect(422);
      const notMine = await book(visit('2026-11-03T09:00:00+01:00', '2026-11-03T10:00:00+01:00')).expect(201);
      await t
        .http()
        .post(`/appointments/${notMine.body.id}/attendance`)
        .set(bearer(c.clinicianToken))
        .send({ patientId: c.patients[0].id, participation: 'no_show' })
        .expect(422);
    });
  });

  describe('reading a calendar', () => {
    it('lists a staff member’s appointments in a range, in time order', async () => {
      const staff = await createStaff(t, c.site.id, 'occupational_therapist');
      const patient = await createPatient(t, c.site.id);
      for (const start of ['2027-01-13T13:00:00+01:00', '2027-01-12T09:00:00+01:00']) {
        await book({ ...visit(start, start.replace(/T(\d\d)/, (_, h) => `T${String(Number(h) + 1).padStart(2, '0')}`)), staffIds: [staff.id], patientIds: [patient.id], roomId: null }).expect(201);
      }
      const week = await t
        .http()
        .get('/appointments')
        .query({ staffId: staff.id, from: '2027-01-11T00:00:00+01:00', to: '2027-01-18T00:00:00+01:00' })
        .set(auth)
        .expect(200);
      expect(week.body.map((a: { start: string }) => a.start)).toEqual(['2027-01-12T09:00:00+01:00', '2027-01-13T13:00:00+01:00']);
    });
  });
});
