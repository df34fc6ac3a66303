import { assessedPatient, bearer, createClinic, createStaff, userToken } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

type Clinic = Awaited<ReturnType<typeof createClinic>>;

/** Issue 16: group leaders after an absence, who records attendance, reminders of a cancelled seat, paperwork and seating. */
describe('group programs: patient-path defects', () => {
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
    return booked.body as { id: string; sessions: { appointmentId: string; start: string; modules: string[]; leaders: { module: string; staffId: string }[] }[] };
  };
  const enroll = (programId: string, patientId: string) => t.http().post(`/group-programs/${programId}/enrollments`).set(token).send({ patientId });

  it('gives the module back to its regular physiotherapist after a week of absence (A5)', async () => {
    // A second physiotherapist, so someone can stand in.
    const standIn = await createStaff(t, c.site.id, 'physiotherapist');
    const regular = c.staff.physiotherapist.id;
    await t.http().post(`/staff/${regular}/absences`).set(token).send({ start: '2031-03-10T00:00:00+01:00', end: '2031-03-17T00:00:00+01:00', reason: 'sick' }).expect(201);
    const preview = await t
      .http()
      .post('/group-programs/preview')
      .set(token)
      .send({ siteId: c.site.id, name: 'Grupp frånvaro', roomId: c.rooms.groupRoom.id, startDate: '2031-03-04', startTime: '09:00', durationMinutes: 120 })
      .expect(200);
    type Led = { date: string; staffId: string };
    const ledBy = (module: string): Led[] =>
      preview.body.sessions.flatMap((s: { date: string; leaders: { module: string; staffId: string }[] }) =>
        s.leaders.filter((l) => l.module === module).map((l) => ({ date: s.date, staffId: l.staffId })),
      );
    const inAbsence = (l: Led) => l.date >= '2031-03-10' && l.date < '2031-03-17';
    // The spread gives each physiotherapist a module of their own; the absent one's goes to the other for that week only.
    const body = ledBy('basal_body_awareness');
    expect(body[0].staffId).toBe(regular);
    expect(body.filter(inAbsence).map((l) => l.staffId)).toEqual([standIn.id]);
    expect(body.filter((l) => !inAbsence(l)).every((l) => l.staffId === regular)).toBe(true);
    const training = ledBy('dosed_training');
    expect(training.every((l) => l.staffId === standIn.id)).toBe(true);
  });

  it('lets only a session’s leaders, coordinators and admins record its attendance (A6)', async () => {
    const program = await bookProgram();
    const patientId = await assessedPatient(t, c, 'group_rehab');
    await enroll(program.id, patientId).expect(201);
    const [first] = program.sessions; // pain physiology and basal body awareness
    const leaderIds = first.leaders.map((l) => l.staffId);
    expect(leaderIds).not.toContain(c.staff.psychologist.id);
    const record = (as: { Authorization: string }) =>
      t.http().post(`/group-programs/${program.id}/sessions/${first.appointmentId}/attendance`).set(as).send({ patientId, participation: 'cancelled' });

    const outsider = bearer(await userToken(t, 'clinician', { staffId: c.staff.psychologist.id }));
    const refused = await record(outsider).expect(422);
    expect(refused.body.details).toEqual([{ field: 'sessionId', problem: 'only the session’s leaders or a coordinator record attendance', code: 'group.attendance_not_leader', params: expect.any(Object) }]);
    const seat = await t.db.query(`SELECT participation FROM appointment_patients WHERE appointment_id = $1 AND patient_id = $2`, [first.appointmentId, patientId]);
    expect(seat).toEqual([{ participation: 'booked' }]);

    const leader = bearer(await userToken(t, 'clinician', { staffId: leaderIds[0] }));
    await record(leader).expect(200);
    await record(token).expect(200);
    await record(bearer(t.adminToken)).expect(200);
  });

  it('withdraws a patient’s reminders for a session they cancel, with a notice when one went out already, and when they leave (A7)', async () => {
    const program = await bookProgram();
    const patientId = await assessedPatient(t, c, 'group_rehab');
    await enroll(program.id, patientId).expect(201);
    const [first, second, third] = program.sessions;
    const reminders = async (appointmentId: string) =>
      (await t.db.query(`SELECT purpose, status FROM reminders WHERE appointment_id = $1 AND patient_id = $2 ORDER BY purpose, status`, [appointmentId, patientId])) as {
        purpose: string;
        status: string;
      }[];
    const statuses = async (appointmentId: string) => [...new Set((await reminders(appointmentId)).map((r) => `${r.purpose} ${r.status}`))];
    expect(await statuses(first.appointmentId)).toEqual(['reminder scheduled']);
    const cancel = (appointmentId: string) =>
      t.http().post(`/group-programs/${program.id}/sessions/${appointmentId}/attendance`).set(token).send({ patientId, participation: 'cancelled' }).expect(200);

    await cancel(first.appointmentId);
    expect(await statuses(first.appointmentId)).toEqual(['reminder cancelled']);

    // The first reminder of the second session went out (as the dispatcher marks it): the patient hears it is off.
    await t.db.query(
      `UPDATE reminders SET status = 'sent' WHERE id = (SELECT id FROM reminders WHERE appointment_id = $1 AND patient_id = $2 ORDER BY due_at LIMIT 1)`,
      [second.appointmentId, patientId],
    );
    await cancel(second.appointmentId);
    expect(await reminders(second.appointmentId)).toEqual([{ purpose: 'cancellation', status: 'scheduled' }, { purpose: 'reminder', status: 'sent' }]);

    await t.http().delete(`/group-programs/${program.id}/enrollments/${patientId}`).set(token).expect(200);
    expect(await statuses(third.appointmentId)).toEqual(['reminder cancelled']);
    const live = await t.db.query(
      `SELECT count(*)::int AS n FROM reminders r JOIN appointments a ON a.id = r.appointment_id WHERE a.group_program_id = $1 AND r.patient_id = $2 AND r.purpose = 'reminder' AND r.status = 'scheduled'`,
      [program.id, patientId],
    );
    expect(live).toEqual([{ n: 0 }]);
  });

  describe('a handover proposed at the feedback conversation (A8)', () => {
    const proposeTakeover = async (patientId: string) => {
      const [{ id }] = await t.db.query(`SELECT id FROM episodes WHERE patient_id = $1`, [patientId]);
      await t
        .http()
        .post(`/episodes/${id}/sick-leave/handovers`)
        .set(bearer(c.clinicianToken))
        .send({ to: 'rehab_unit', physicianId: c.staff.physician.id, effectiveFrom: '2027-01-04', reason: 'vid återkopplingssamtalet' })
        .expect(201);
      return id as string;
    };
    const handovers = async (episodeId: string) =>
      (await t.http().get(`/episodes/${episodeId}`).set(token).expect(200)).body.sickLeave.handovers.map((h: { effectiveFrom: string; status: string }) => [h.effectiveFrom, h.status]);

    it('seats the patient and keeps the one proposal', async () => {
      const program = await bookProgram();
      const patientId = await assessedPatient(t, c, 'group_rehab');
      const episodeId = await proposeTakeover(patientId);
      const seated = await enroll(program.id, patientId).expect(201);
      expect(seated.body.status).toBe('enrolled');
      const episode = (await t.http().get(`/episodes/${episodeId}`).set(token).expect(200)).body;
      expect(episode.phase).toBe('group_rehab');
      expect(await handovers(episodeId)).toEqual([['2027-01-04', 'proposed']]);
    });

    it('lets a seated patient leave while the next in line has a proposal waiting, and seats that one', async () => {
      const program = await bookProgram({ capacity: 1 });
      const [seated, next] = [await assessedPatient(t, c, 'group_rehab'), await assessedPatient(t, c, 'group_rehab')];
      await enroll(program.id, seated).expect(201);
      const nextEpisode = await proposeTakeover(next);
      expect((await enroll(program.id, next).expect(201)).body.status).toBe('waitlisted');
      const after = await t.http().delete(`/group-programs/${program.id}/enrollments/${seated}`).set(token).expect(200);
      expect(after.body.enrollments).toEqual(expect.arrayContaining([{ patientId: seated, status: 'left' }, { patientId: next, status: 'enrolled' }]));
      expect(await handovers(nextEpisode)).toEqual([['2027-01-04', 'proposed']]);
    });
  });

  it('refuses to seat a patient in a program meeting at the same times as the cohort they sit in (A11)', async () => {
    const gym = (await t.http().post('/rooms').set(bearer(t.adminToken)).send({ siteId: c.site.id, name: 'Gym parallell', kind: 'gym', capacity: 8 }).expect(201)).body;
    const first = await bookProgram({ name: 'Grupp förmiddag' });
    // Leaders of their own for the parallel program, created after the first was planned so it took none of them.
    const physio2 = await createStaff(t, c.site.id, 'physiotherapist');
    const psychologist2 = await createStaff(t, c.site.id, 'psychologist');
    const nurse2 = await createStaff(t, c.site.id, 'nurse');
    const ot2 = await createStaff(t, c.site.id, 'occupational_therapist');
    const startDate = first.sessions[0].start.slice(0, 10);
    const leaders = { basal_body_awareness: physio2.id, dosed_training: physio2.id, act: psychologist2.id, cbt_exercises: psychologist2.id, pain_physiology: nurse2.id, everyday_balance: ot2.id };
    const parallel = await t
      .http()
      .post('/group-programs')
      .set(token)
      .send({ siteId: c.site.id, name: 'Grupp parallell', roomId: gym.id, startDate, startTime: '10:00', durationMinutes: 120, leaders })
      .expect(201);
    const patientId = await assessedPatient(t, c, 'group_rehab');
    await enroll(first.id, patientId).expect(201);
    const refused = await enroll(parallel.body.id, patientId).expect(422);
    expect(refused.body.details).toEqual([
      { field: 'patientId', problem: `the patient is seated in group program Grupp förmiddag (${first.id}), whose sessions overlap this program's`, code: 'group.seated_elsewhere', params: expect.objectContaining({ program: 'Grupp förmiddag', programId: first.id }) },
    ]);
    const seats = await t.db.query(`SELECT count(*)::int AS n FROM group_enrollments WHERE group_program_id = $1`, [parallel.body.id]);
    expect(seats).toEqual([{ n: 0 }]);
    // Once they leave the first cohort, the other takes them.
    await t.http().delete(`/group-programs/${first.id}/enrollments/${patientId}`).set(token).expect(200);
    await enroll(parallel.body.id, patientId).expect(201);
  });
});
