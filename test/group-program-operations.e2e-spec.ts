import { assessedPatient, bearer, createClinic, createSite, createStaff, userToken } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

type Clinic = Awaited<ReturnType<typeof createClinic>>;
type Session = { appointmentId: string; number: number; date: string; start: string; end: string; status: string; leaders: { module: string; staffId: string }[] };

/** Issue 16: the daily operations on group programs. */
describe('group programs: daily operations', () => {
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

  let programs = 0;
  /** A booked program of 16 Tue/Thu sessions, each in a quarter of its own from 2030 so programs never share a room. */
  const bookProgram = async (overrides: Record<string, unknown> = {}) => {
    const quarter = programs++;
    const startDate = `${2030 + Math.floor(quarter / 4)}-${String(1 + (quarter % 4) * 3).padStart(2, '0')}-05`;
    const body = { siteId: c.site.id, name: `Grupp ${programs}`, roomId: c.rooms.groupRoom.id, startDate, startTime: '09:00', durationMinutes: 120, ...overrides };
    const booked = await t.http().post('/group-programs').set(token).send(body).expect(201);
    return booked.body as { id: string; name: string; sessions: Session[] };
  };
  const enroll = (programId: string, patientId: string) => t.http().post(`/group-programs/${programId}/enrollments`).set(token).send({ patientId });
  const read = async (programId: string) => (await t.http().get(`/group-programs/${programId}`).set(token).expect(200)).body;

  it('lists the site’s programs by status and dates, bounded, and never another site’s', async () => {
    const spring = await bookProgram({ name: 'Grupp lista vår' });
    const summer = await bookProgram({ name: 'Grupp lista sommar' });
    const list = await t.http().get('/group-programs').set(token).expect(200);
    expect(list.body.map((p: { id: string }) => p.id)).toEqual([summer.id, spring.id]); // the latest start first
    expect(list.body[1]).toEqual({
      id: spring.id,
      siteId: c.site.id,
      name: 'Grupp lista vår',
      roomId: c.rooms.groupRoom.id,
      capacity: 8,
      status: 'planned',
      firstSessionStart: spring.sessions[0].start,
      lastSessionEnd: spring.sessions[15].end,
      enrolled: 0,
      waitlisted: 0,
    });
    const inApril = await t.http().get('/group-programs').query({ from: '2030-04-01', to: '2030-04-30' }).set(token).expect(200);
    expect(inApril.body.map((p: { id: string }) => p.id)).toEqual([summer.id]);
    expect((await t.http().get('/group-programs').query({ limit: 1 }).set(token).expect(200)).body).toHaveLength(1);
    expect((await t.http().get('/group-programs').query({ status: 'running' }).set(token).expect(200)).body).toEqual([]);

    const backwards = await t.http().get('/group-programs').query({ from: '2030-04-30', to: '2030-04-01' }).set(token).expect(400);
    expect(backwards.body.details).toEqual([{ field: 'to', problem: 'must not be before from', code: 'validation.not_before', params: expect.objectContaining({ other: 'from' }) }]);
    for (const [field, value] of [['status', 'paused'], ['limit', '201'], ['from', '2030-02-30'], ['siteId', 'x']]) {
      const bad = await t.http().get('/group-programs').query({ [field]: value }).set(token).expect(400);
      expect(bad.body.details.map((d: { field: string }) => d.field)).toEqual([field]);
    }
    const other = await createSite(t);
    const otherCoordinator = bearer(await userToken(t, 'coordinator', { siteId: other.id }));
    expect((await t.http().get('/group-programs').set(otherCoordinator).expect(200)).body).toEqual([]);
    await t.http().get('/group-programs').query({ siteId: c.site.id }).set(otherCoordinator).expect(403);
  });

  it('shows a program with its sessions, cohort, waitlist and attendance', async () => {
    const program = await bookProgram({ capacity: 1 });
    const [seated, waiting] = [await assessedPatient(t, c, 'group_rehab'), await assessedPatient(t, c, 'group_rehab')];
    await enroll(program.id, seated).expect(201);
    await enroll(program.id, waiting).expect(201);
    const view = await read(program.id);
    expect(view).toMatchObject({ status: 'planned', cancelledAt: null, cancelReason: null, waitlist: [waiting] });
    expect(view.sessions.every((s: Session) => s.status === 'booked')).toBe(true);
    expect(view.attendance).toEqual([{ patientId: seated, attended: 0, noShow: 0, cancelled: 0, upcoming: 16 }]);
  });

  it('cancels a program: its sessions to come, its patients’ reminders, and lists who was in it', async () => {
    const program = await bookProgram({ capacity: 1 });
    const [seated, waiting] = [await assessedPatient(t, c, 'group_rehab'), await assessedPatient(t, c, 'group_rehab')];
    await enroll(program.id, seated).expect(201);
    await enroll(program.id, waiting).expect(201);
    const url = `/group-programs/${program.id}/cancel`;
    expect((await t.http().post(url).set(token).send({}).expect(400)).body.details.map((d: { field: string }) => d.field)).toEqual(['reason']);
    await t.http().post(url).set(bearer(c.clinicianToken)).send({ reason: 'för få deltagare' }).expect(403);

    const cancelled = await t.http().post(url).set(token).send({ reason: 'för få deltagare' }).expect(200);
    expect(cancelled.body.patients).toEqual([
      { patientId: seated, status: 'enrolled', cancelledSessions: 16 },
      { patientId: waiting, status: 'waitlisted', cancelledSessions: 0 },
    ]);
    expect(cancelled.body.program).toMatchObject({ status: 'cancelled', cancelReason: 'för få deltagare' });
    expect(cancelled.body.program.sessions.every((s: Session) => s.status === 'cancelled')).toBe(true);
    const live = await t.db.query(
      `SELECT count(*)::int AS n FROM reminders r JOIN appointments a ON a.id = r.appointment_id WHERE a.group_program_id = $1 AND r.status = 'scheduled'`,
      [program.id],
    );
    expect(live).toEqual([{ n: 0 }]);
    // The room is free again at those times.
    const first = program.sessions[0];
    await t
      .http()
      .post('/appointments')
      .set(token)
      .send({ kind: 'other', siteId: c.site.id, roomId: c.rooms.groupRoom.id, start: first.start, end: first.end, staffIds: [c.staff.nurse.id], patientIds: [c.patients[0].id] })
      .expect(201);
    await t.http().post(url).set(token).send({ reason: 'igen' }).expect(409);
    await enroll(program.id, await assessedPatient(t, c, 'group_rehab')).expect(409);
    const listed = await t.http().get('/group-programs').query({ status: 'cancelled' }).set(token).expect(200);
    expect(listed.body.map((p: { id: string }) => p.id)).toEqual([program.id]);
    const audit = await t.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE resource = 'group_program' AND action = 'update' AND $1 = ANY(resource_ids)`, [program.id]);
    expect(audit[0].n).toBeGreaterThan(0);
  });

  it('moves a patient to another cohort, keeping their attendance in the first and seating them in the second', async () => {
    const from = await bookProgram({ capacity: 1 });
    const to = await bookProgram();
    const [mover, waiting] = [await assessedPatient(t, c, 'group_rehab'), await assessedPatient(t, c, 'group_rehab')];
    await enroll(from.id, mover).expect(201);
    await enroll(from.id, waiting).expect(201);
    // The first session took place (its time moved into the past, as the clock would have it), and the patient came.
    const [held] = from.sessions;
    await t.db.query(`UPDATE appointments SET starts_at = now() - interval '3 hours', ends_at = now() - interval '1 hour' WHERE id = $1`, [held.appointmentId]);
    await t.http().post(`/group-programs/${from.id}/sessions/${held.appointmentId}/attendance`).set(token).send({ patientId: mover, participation: 'attended' }).expect(200);

    const url = `/group-programs/${from.id}/enrollments/${mover}/move`;
    expect((await t.http().post(url).set(token).send({ toProgramId: 'x' }).expect(400)).body.details.map((d: { field: string }) => d.field)).toEqual(['toProgramId']);
    expect((await t.http().post(url).set(token).send({ toProgramId: from.id }).expect(422)).body.details.map((d: { field: string }) => d.field)).toEqual(['toProgramId']);
    const moved = await t.http().post(url).set(token).send({ toProgramId: to.id }).expect(200);
    expect(moved.body).toEqual({
      patientId: mover,
      status: 'enrolled',
      conflicts: [],
      fromProgramId: from.id,
      toProgramId: to.id,
      history: { patientId: mover, attended: 1, noShow: 0, cancelled: 15, upcoming: 0 },
    });
    const left = await read(from.id);
    expect(left.enrollments).toEqual(expect.arrayContaining([{ patientId: mover, status: 'left' }, { patientId: waiting, status: 'enrolled' }]));
    expect(left.attendance.find((a: { patientId: string }) => a.patientId === mover)).toMatchObject({ attended: 1 });
    const joined = await read(to.id);
    expect(joined.attendance).toEqual([{ patientId: mover, attended: 0, noShow: 0, cancelled: 0, upcoming: 16 }]);
    // Moving again from where they no longer are is a 404.
    await t.http().post(url).set(token).send({ toProgramId: to.id }).expect(404);
    // One who only waited moves with an empty history.
    const full = await bookProgram({ capacity: 1 });
    const [seatedThere, waitingThere] = [await assessedPatient(t, c, 'group_rehab'), await assessedPatient(t, c, 'group_rehab')];
    await enroll(full.id, seatedThere).expect(201);
    await enroll(full.id, waitingThere).expect(201);
    const fromWaitlist = await t.http().post(`/group-programs/${full.id}/enrollments/${waitingThere}/move`).set(token).send({ toProgramId: to.id }).expect(200);
    expect(fromWaitlist.body).toMatchObject({ status: 'enrolled', history: { patientId: waitingThere, attended: 0, noShow: 0, cancelled: 0, upcoming: 0 } });
  });

  describe('changing the schedule from a session on', () => {
    it('previews, refuses while conflicts remain, and moves every session from there in one go, reminders with them', async () => {
      const program = await bookProgram();
      const patientId = await assessedPatient(t, c, 'group_rehab');
      await enroll(program.id, patientId).expect(201);
      const gym = (await t.http().post('/rooms').set(bearer(t.adminToken)).send({ siteId: c.site.id, name: 'Gym schema', kind: 'gym', capacity: 8 }).expect(201)).body;
      const url = `/group-programs/${program.id}/schedule-changes`;

      expect((await t.http().post(`${url}/preview`).set(token).send({ startTime: '13:00' }).expect(400)).body.details.map((d: { field: string }) => d.field)).toEqual(['fromSession']);
      expect((await t.http().post(`${url}/preview`).set(token).send({ fromSession: 5 }).expect(400)).body.details.map((d: { field: string }) => d.field)).toEqual(['startTime']);
      expect((await t.http().post(`${url}/preview`).set(token).send({ fromSession: 5, weekdays: [6] }).expect(400)).body.details.map((d: { field: string }) => d.field)).toEqual(['weekdays']);
      expect((await t.http().post(`${url}/preview`).set(token).send({ fromSession: 17, startTime: '13:00' }).expect(422)).body.details.map((d: { field: string }) => d.field)).toEqual(['fromSession']);
      expect((await t.http().post(`${url}/preview`).set(token).send({ fromSession: 5, roomId: c.rooms.office.id }).expect(422)).body.details.map((d: { field: string }) => d.field)).toEqual(['roomId']);

      // An hour later from session 3, into each session's own old time: no conflict with itself.
      const later = await t.http().post(`${url}/preview`).set(token).send({ fromSession: 3, startTime: '10:00' }).expect(200);
      expect(later.body.conflicts).toEqual([]);
      expect(later.body.sessions.map((s: Session) => s.number)).toEqual(Array.from({ length: 14 }, (_, i) => i + 3));
      expect(later.body.sessions.map((s: Session) => s.date)).toEqual(program.sessions.slice(2).map((s) => s.date));
      expect(later.body.sessions.every((s: Session) => s.start.slice(11, 16) === '10:00')).toBe(true);
      await t.http().post(url).set(token).send({ fromSession: 3, startTime: '10:00' }).expect(200);

      // Mondays and Wednesdays at 13:00 in the gym from session 5, with session 6's leader booked then.
      const change = { fromSession: 5, startTime: '13:00', roomId: gym.id, weekdays: [1, 3] };
      const preview = await t.http().post(`${url}/preview`).set(token).send(change).expect(200);
      expect(preview.body.conflicts).toEqual([]);
      const [fifth, sixth] = preview.body.sessions as Session[];
      expect([fifth.number, sixth.number]).toEqual([5, 6]);
      expect(preview.body.sessions.every((s: Session) => [1, 3].includes(new Date(`${s.date}T12:00:00Z`).getUTCDay()) && s.start.slice(11, 16) === '13:00')).toBe(true);
      expect(fifth.date >= program.sessions[4].date).toBe(true);
      const leader = sixth.leaders[0].staffId;
      const other = await t
        .http()
        .post('/appointments')
        .set(token)
        .send({ kind: 'other', siteId: c.site.id, roomId: c.rooms.office.id, start: sixth.start, end: sixth.end, staffIds: [leader], patientIds: [c.patients[1].id] })
        .expect(201);
      const busy = await t.http().post(`${url}/preview`).set(token).send(change).expect(200);
      expect(busy.body.conflicts).toEqual([expect.objectContaining({ sessionNumber: 6, kind: 'staff_busy', staffId: leader })]);
      const refused = await t.http().post(url).set(token).send(change).expect(409);
      expect(refused.body.details).toEqual([{ field: 'sessions.6', problem: busy.body.conflicts[0].problem, code: 'booking.staff_busy', params: busy.body.conflicts[0].params }]);
      expect((await read(program.id)).sessions[4].start.slice(11, 16)).toBe('10:00'); // nothing moved

      // Without the leader's other booking it goes through; a time the patient has taken is a 409 naming it.
      await t.http().post(`/appointments/${other.body.id}/cancel`).set(token).send({ reason: 'flyttad' }).expect(200);
      const seventh = preview.body.sessions[2] as Session;
      const someoneElse = await createStaff(t, c.site.id, 'nurse'); // leads nothing of the program
      const own = await t
        .http()
        .post('/appointments')
        .set(token)
        .send({ kind: 'other', siteId: c.site.id, roomId: c.rooms.office.id, start: seventh.start, end: seventh.end, staffIds: [someoneElse.id], patientIds: [patientId] })
        .expect(201);
      const taken = await t.http().post(url).set(token).send(change).expect(409);
      expect(taken.body).toMatchObject({ conflictingAppointmentId: own.body.id });
      await t.http().post(`/appointments/${own.body.id}/cancel`).set(token).send({ reason: 'flyttad' }).expect(200);
      const applied = await t.http().post(url).set(token).send(change).expect(200);
      const sessions = applied.body.sessions as (Session & { appointmentId: string })[];
      expect(sessions.slice(0, 2).map((s) => s.start)).toEqual(program.sessions.slice(0, 2).map((s) => s.start));
      expect(sessions.slice(2, 4).every((s) => s.start.slice(11, 16) === '10:00')).toBe(true);
      expect(sessions.slice(4).map((s) => [s.number, s.start])).toEqual(preview.body.sessions.map((s: Session) => [s.number, s.start]));
      const rooms = await t.db.query(`SELECT DISTINCT room_id FROM appointments WHERE group_program_id = $1 AND session_number >= 5`, [program.id]);
      expect(rooms).toEqual([{ room_id: gym.id }]);
      const reminders = await t.db.query(`SELECT for_start FROM reminders WHERE appointment_id = $1 AND patient_id = $2 AND status = 'scheduled'`, [sessions[4].appointmentId, patientId]);
      expect(reminders.map((r: { for_start: Date }) => r.for_start.toISOString())).toEqual([new Date(sessions[4].start).toISOString()]);
    });

    it('refuses, with its code, a change to a weekday the site is closed on for longer than the planner searches', async () => {
      const program = await bookProgram({ startDate: '2029-09-04' }); // before every other program here: its room is free
      const from = program.sessions[4].date;
      // Every Friday for eleven years from session 5 on: no open Friday within the 3660 days searched.
      await t.db.query(
        `INSERT INTO site_closures (site_id, date, reason) SELECT $1, day::date, 'renovering' FROM generate_series($2::date, $2::date + 4017, '1 day') AS day WHERE extract(isodow FROM day) = 5`,
        [c.site.id, from],
      );
      try {
        const refused = await t.http().post(`/group-programs/${program.id}/schedule-changes/preview`).set(token).send({ fromSession: 5, weekdays: [5] }).expect(422);
        expect(refused.body.details).toEqual([
          { field: 'fromSession', problem: `no open day for session 5 within 3660 days after ${from}`, code: 'plan.no_open_session_day', params: { session: 5, days: 3660, date: from } },
        ]);
      } finally {
        await t.db.query(`DELETE FROM site_closures WHERE site_id = $1 AND reason = 'renovering'`, [c.site.id]);
      }
    });
  });
});
