import { assessedPatient, bearer, createClinic, createPatient, createStaff } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

type Clinic = Awaited<ReturnType<typeof createClinic>>;

describe('group programs', () => {
  let t: TestApp;
  let c: Clinic;
  let token: { Authorization: string };

  beforeAll(async () => {
    t = await createTestApp();
    c = await createClinic(t);
    token = bearer(c.coordinatorToken);
    await createStaff(t, c.site.id, 'occupational_therapist');
  });
  afterAll(() => t.close());

  const program = (overrides: Record<string, unknown> = {}) => ({
    siteId: c.site.id,
    name: 'Grupp vår',
    roomId: c.rooms.groupRoom.id,
    startDate: '2027-04-13',
    startTime: '09:00',
    durationMinutes: 120,
    ...overrides,
  });

  it('previews 16 sessions over Ascension Day with a make-up session, at 09:00 local on both sides of the spring change', async () => {
    const preview = await t.http().post('/group-programs/preview').set(token).send(program({ startDate: '2027-03-16' })).expect(200);
    expect(preview.body.sessions).toHaveLength(16);
    expect(preview.body.sessions.every((s: { start: string }) => s.start.slice(11, 16) === '09:00')).toBe(true);
    expect(preview.body.sessions[0].start).toBe('2027-03-16T09:00:00+01:00');
    expect(preview.body.sessions[4].start).toBe('2027-03-30T09:00:00+02:00');
    expect(preview.body.conflicts).toEqual([]);

    const ascension = await t.http().post('/group-programs/preview').set(token).send(program()).expect(200);
    expect(ascension.body.skipped).toEqual([{ date: '2027-05-06', reason: 'Kristi himmelsfärdsdag' }]);
    expect(ascension.body.sessions).toHaveLength(16);
    const makeUp = ascension.body.sessions.filter((s: { makeUp: boolean }) => s.makeUp);
    expect(makeUp).toEqual([expect.objectContaining({ date: '2027-06-08', replacesDate: '2027-05-06', number: 16 })]);
    expect(ascension.body.sessions.every((s: { leaders: unknown[]; modules: unknown[] }) => s.leaders.length === s.modules.length)).toBe(true);
  });

  it('follows a session plan the coordinator writes, and names what is wrong with a bad one', async () => {
    const sessionPlan = Array.from({ length: 16 }, (_, i) => (i % 2 === 0 ? ['dosed_training'] : ['act', 'cbt_exercises']));
    const preview = await t.http().post('/group-programs/preview').set(token).send(program({ sessionPlan })).expect(200);
    expect(preview.body.sessions.map((s: { modules: string[] }) => s.modules)).toEqual(sessionPlan);
    const nurseLed = await t
      .http()
      .post('/group-programs/preview')
      .set(token)
      .send(program({ sessionPlan, moduleDisciplines: { dosed_training: ['nurse'] } }))
      .expect(200);
    expect(nurseLed.body.sessions[0].leaders).toEqual([{ module: 'dosed_training', staffId: c.staff.nurse.id }]);
    const wrong = await t.http().post('/group-programs/preview').set(token).send(program({ sessionPlan: [['yoga']] })).expect(400);
    expect(wrong.body.details[0].field).toBe('sessionPlan');
    const short = await t.http().post('/group-programs/preview').set(token).send(program({ sessionPlan: sessionPlan.slice(1) })).expect(400);
    expect(short.body.details).toEqual([{ field: 'sessionPlan', problem: 'must list 16 sessions (weeks × weekdays)', code: 'validation.session_count', params: expect.objectContaining({ count: 16 }) }]);
  });

  it('answers odd but well-formed programs without a server error', async () => {
    const late = await t.http().post('/group-programs/preview').set(token).send(program({ startTime: '23:30', durationMinutes: 240 }));
    expect(late.status).toBeLessThan(500);
    const weekend = await t.http().post('/group-programs/preview').set(token).send(program({ weekdays: [6] }));
    expect(weekend.status).toBe(400);
  });

  it('reports an absent leader as a conflict and refuses to book until it is resolved', async () => {
    const physio = await createStaff(t, c.site.id, 'physiotherapist');
    await t
      .http()
      .post(`/staff/${physio.id}/absences`)
      .set(token)
      .send({ start: '2027-09-14T00:00:00+02:00', end: '2027-09-17T00:00:00+02:00', reason: 'sick' })
      .expect(201);
    const body = program({ startDate: '2027-09-07', name: 'Grupp höst', leaders: { basal_body_awareness: physio.id, dosed_training: physio.id } });
    const preview = await t.http().post('/group-programs/preview').set(token).send(body).expect(200);
    expect(preview.body.conflicts.map((x: { kind: string; date: string }) => [x.kind, x.date])).toContainEqual(['staff_absent', '2027-09-16']);
    expect(preview.body.sessions).toHaveLength(16);
    const refused = await t.http().post('/group-programs').set(token).send(body).expect(422);
    expect(refused.body.message).toBe('the schedule has conflicts to resolve first');
    const count = await t.db.query(`SELECT count(*)::int AS n FROM group_programs WHERE name = 'Grupp höst'`);
    expect(count[0].n).toBe(0);
  });

  describe('a booked program', () => {
    let programId: string;

    beforeAll(async () => {
      const booked = await t.http().post('/group-programs').set(token).send(program({ capacity: 1, startDate: '2030-01-08', name: 'Grupp vinter' })).expect(201);
      programId = booked.body.id;
    });

    it('has every session in the calendar as a group session', async () => {
      const read = await t.http().get(`/group-programs/${programId}`).set(token).expect(200);
      expect(read.body.sessions).toHaveLength(16);
      const rows = await t.db.query(`SELECT kind, count(*)::int AS n FROM appointments WHERE group_program_id = $1 GROUP BY kind`, [programId]);
      expect(rows).toEqual([{ kind: 'group_session', n: 16 }]);
      // The room is taken at those times now.
      await t
        .http()
        .post('/appointments')
        .set(token)
        .send({ kind: 'other', siteId: c.site.id, roomId: c.rooms.groupRoom.id, start: read.body.sessions[0].start, end: read.body.sessions[0].end, staffIds: [c.staff.nurse.id], patientIds: [c.patients[2].id] })
        .expect(409);
    });

    it('seats only patients offered group rehabilitation, one winner for the last seat, the other waitlisted and moved up when a seat frees', async () => {
      const [first, second] = [await assessedPatient(t, c, 'group_rehab'), await assessedPatient(t, c, 'group_rehab')];
      const notOffered = await createPatient(t, c.site.id);
      await t.http().post(`/group-programs/${programId}/enrollments`).set(token).send({ patientId: notOffered.id }).expect(422);

      const results = await Promise.all([first, second].map((patientId) => t.http().post(`/group-programs/${programId}/enrollments`).set(token).send({ patientId })));
      expect(results.map((r) => r.status)).toEqual([201, 201]);
      expect(results.map((r) => r.body.status).sort()).toEqual(['enrolled', 'waitlisted']);
      const seated = results.find((r) => r.body.status === 'enrolled')!.body.patientId;
      const waiting = results.find((r) => r.body.status === 'waitlisted')!.body.patientId;
      const sessions = await t.db.query(`SELECT count(*)::int AS n FROM appointment_patients p JOIN appointments a ON a.id = p.appointment_id WHERE a.group_program_id = $1 AND p.patient_id = $2 AND p.active`, [programId, seated]);
      expect(sessions[0].n).toBe(16);
      const referrals = await t.http().get('/referrals').set(token).expect(200);
      const startedOn = (patientId: string) => referrals.body.find((r: { patientId: string }) => r.patientId === patientId).rehabilitationStartedOn;
      expect([startedOn(seated), startedOn(waiting)]).toEqual(['2030-01-08', null]);

      const after = await t.http().delete(`/group-programs/${programId}/enrollments/${seated}`).set(token).expect(200);
      expect(after.body.enrollments).toEqual(expect.arrayContaining([{ patientId: seated, status: 'left' }, { patientId: waiting, status: 'enrolled' }]));
      const summary = await t.http().get(`/group-programs/${programId}/attendance`).set(token).expect(200);
      expect(summary.body).toEqual(
        expect.arrayContaining([
          { patientId: seated, attended: 0, noShow: 0, cancelled: 16, upcoming: 0 },
          { patientId: waiting, attended: 0, noShow: 0, cancelled: 0, upcoming: 16 },
        ]),
      );
    });

    it('moves one session with the same checks as booking', async () => {
      const read = await t.http().get(`/group-programs/${programId}`).set(token).expect(200);
      const session = read.body.sessions[1];
      await t.http().patch(`/group-programs/${programId}/sessions/${session.appointmentId}`).set(token).send({ start: '2030-01-12T09:00:00+01:00' }).expect(422); // a Saturday
      const moved = await t.http().patch(`/group-programs/${programId}/sessions/${session.appointmentId}`).set(token).send({ start: '2030-01-11T09:00:00+01:00' }).expect(200);
      expect(moved.body.sessions.find((s: { appointmentId: string }) => s.appointmentId === session.appointmentId).start).toBe('2030-01-11T09:00:00+01:00');
    });
  });
});
