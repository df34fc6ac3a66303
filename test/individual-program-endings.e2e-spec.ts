import { addDays } from '../src/core/time/local-time';
import { assessedPatient, bearer, createClinic, createRoom, createStaff, individualProgramRequest } from './support/fixtures';
import { plainWeek } from './support/site-time';
import { createTestApp, TestApp } from './support/test-app';

/** Issue 16, B6: individual programs listed and ended early, and a group program combined with individual visits. */
describe('individual programs: the list, ending early, and the combination with a group', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof createClinic>>;
  let coordinator: { Authorization: string };

  beforeAll(async () => {
    t = await createTestApp();
    c = await createClinic(t);
    coordinator = bearer(c.coordinatorToken);
    await createRoom(t, c.site.id, 'gym');
    await createStaff(t, c.site.id, 'occupational_therapist');
  });
  afterAll(() => t.close());

  it('gives a patient offered the combination a group program and individual visits beside it, never at the same time, and ends the individual one early', async () => {
    const patientId = await assessedPatient(t, c, 'combined_rehab');
    const monday = plainWeek();
    const group = await t
      .http()
      .post('/group-programs')
      .set(coordinator)
      .send({ siteId: c.site.id, name: 'Grupp', roomId: c.rooms.groupRoom.id, startDate: addDays(monday, 1), startTime: '09:00', durationMinutes: 120 })
      .expect(201);
    const enrolled = await t.http().post(`/group-programs/${group.body.id}/enrollments`).set(coordinator).send({ patientId }).expect(201);
    expect(enrolled.body).toMatchObject({ status: 'enrolled', conflicts: [] });
    const sessions: { id: string; starts_at: Date; ends_at: Date }[] = await t.db.query(
      `SELECT id, starts_at, ends_at FROM appointments WHERE group_program_id = $1 ORDER BY starts_at`,
      [group.body.id],
    );

    const request = individualProgramRequest(patientId, { startDate: monday, maxVisitsPerDay: 3 });
    const proposal = await t.http().post('/individual-programs/proposals').set(coordinator).send(request).expect(200);
    // The plan leaves the patient's sessions free.
    for (const visit of proposal.body.visits) {
      const [start, end] = [Date.parse(visit.start), Date.parse(visit.end)];
      expect(sessions.some((s) => start < s.ends_at.getTime() && s.starts_at.getTime() < end)).toBe(false);
    }

    // Moved onto the first session (with a psychologist who leads none), a visit is refused by the database: the patient is taken.
    const free = await createStaff(t, c.site.id, 'psychologist');
    const visits = proposal.body.visits.map((v: object) => ({ ...v }));
    const i = visits.findIndex((v: { week: number; discipline: string }) => v.week === 1 && v.discipline === 'psychologist');
    const first = sessions[0];
    visits[i] = { ...visits[i], staffId: free.id, start: first.starts_at.toISOString(), end: new Date(first.starts_at.getTime() + 3_600_000).toISOString() };
    const clash = await t.http().post('/individual-programs').set(coordinator).send({ ...request, visits }).expect(409);
    expect(clash.body).toMatchObject({ conflictingAppointmentId: first.id, details: [expect.objectContaining({ field: 'patientIds' })] });
    expect(await t.db.query(`SELECT count(*)::int AS n FROM individual_programs WHERE patient_id = $1`, [patientId])).toEqual([{ n: 0 }]);

    const program = await t.http().post('/individual-programs').set(coordinator).send({ ...request, visits: proposal.body.visits }).expect(201);
    expect(program.body).toMatchObject({ status: 'active', endedOn: null, endReason: null });
    const [episode] = (await t.http().get('/episodes').query({ patientId }).set(coordinator).expect(200)).body;
    const detail = (await t.http().get(`/episodes/${episode.id}`).set(coordinator).expect(200)).body;
    expect(detail.phase).toBe('group_rehab'); // the first program booked began the rehabilitation
    expect(detail.programs).toEqual(expect.arrayContaining([{ kind: 'group', id: group.body.id }, { kind: 'individual', id: program.body.id }]));

    // The list, by patient and status, bounded.
    const list = async (query: Record<string, string | number>) => (await t.http().get('/individual-programs').query(query).set(coordinator).expect(200)).body;
    expect(await list({ patientId })).toEqual([expect.objectContaining({ id: program.body.id, status: 'active', siteId: c.site.id })]);
    expect(await list({ patientId, status: 'ended' })).toEqual([]);
    await t.http().get('/individual-programs').query({ status: 'paused' }).set(coordinator).expect(400);
    await t.http().get('/individual-programs').query({ limit: 201 }).set(coordinator).expect(400);

    // Ending it early: another site and patients cannot; the coming visits are cancelled, the group goes on.
    const elsewhere = await createClinic(t);
    await t.http().post(`/individual-programs/${program.body.id}/end`).set(bearer(elsewhere.coordinatorToken)).send({ reason: 'dropout' }).expect(404);
    await t.http().get('/individual-programs').query({ siteId: elsewhere.site.id }).set(coordinator).expect(403);
    expect((await t.http().get('/individual-programs').set(bearer(elsewhere.coordinatorToken)).expect(200)).body).toEqual([]);
    await t.http().post(`/individual-programs/${program.body.id}/end`).set(coordinator).send({ reason: 'tired' }).expect(400);
    const ended = await t.http().post(`/individual-programs/${program.body.id}/end`).set(coordinator).send({ reason: 'dropout' }).expect(200);
    expect(ended.body).toMatchObject({ status: 'ended', endReason: 'dropout' });
    expect(new Set(ended.body.visits.map((v: { status: string }) => v.status))).toEqual(new Set(['cancelled']));
    const visitIds = ended.body.visits.map((v: { id: string }) => v.id);
    expect(await t.db.query(`SELECT DISTINCT status FROM reminders WHERE appointment_id = ANY($1)`, [visitIds])).toEqual([{ status: 'cancelled' }]);
    const seats = await t.db.query(`SELECT DISTINCT participation FROM appointment_patients WHERE patient_id = $1 AND appointment_id = ANY($2)`, [patientId, sessions.map((s) => s.id)]);
    expect(seats).toEqual([{ participation: 'booked' }]);
    const again = await t.http().post(`/individual-programs/${program.body.id}/end`).set(coordinator).send({ reason: 'dropout' }).expect(409);
    expect(again.body).toMatchObject({ status: 'ended' });
    expect(await list({ status: 'ended' })).toEqual([expect.objectContaining({ id: program.body.id, endReason: 'dropout' })]);
  });

  it('keeps individual programs from patients offered the group alone', async () => {
    const patientId = await assessedPatient(t, c, 'group_rehab');
    const refused = await t.http().post('/individual-programs/proposals').set(coordinator).send(individualProgramRequest(patientId)).expect(422);
    expect(refused.body.details).toEqual([expect.objectContaining({ field: 'patientId' })]);
    await t.http().get('/individual-programs').set(bearer(c.patientToken)).expect(403);
  });
});
