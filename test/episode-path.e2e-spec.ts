import { DateTime } from 'luxon';
import { addDays, localDateOf } from '../src/core/time/local-time';
import { assessedPatient, bearer, createClinic, createRoom, createStaff, individualProgramRequest } from './support/fixtures';
import { plainWeek } from './support/site-time';
import { createTestApp, TestApp } from './support/test-app';

/** Issue 16, A9 and A10: the questionnaire a year on, and discharge on its real date ending what was still booked. */
describe('the patient path at discharge', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof createClinic>>;
  let coordinator: { Authorization: string };
  const notes = { closingNote: 'Målen nådda.', rehabilitationPlan: 'Fortsatt träning.', recommendations: 'Gradvis upptrappning.' };
  const today = () => localDateOf(new Date(), 'Europe/Stockholm');

  beforeAll(async () => {
    t = await createTestApp();
    c = await createClinic(t);
    coordinator = bearer(c.coordinatorToken);
    await createRoom(t, c.site.id, 'gym');
    await createStaff(t, c.site.id, 'occupational_therapist'); // a group program's modules need one
  });
  afterAll(() => t.close());

  const episodeOf = async (patientId: string) => (await t.http().get('/episodes').query({ patientId }).set(coordinator).expect(200)).body[0].id as string;

  it('discharges on the real date, not before the last attended visit nor after today, and cancels the individual visits still to come', async () => {
    const patientId = await assessedPatient(t, c, 'individual_rehab');
    const booked = (await t.http().get('/appointments').query({ patientId, from: '2026-08-01T00:00:00Z', to: '2026-10-31T00:00:00Z' }).set(coordinator).expect(200)).body;
    const lastVisit = booked.filter((a: { kind: string }) => a.kind === 'assessment_visit').at(-1);
    await t.http().post(`/appointments/${lastVisit.id}/attendance`).set(coordinator).send({ patientId, participation: 'attended' }).expect(200);
    const attendedOn = lastVisit.start.slice(0, 10);

    const proposal = await t.http().post('/individual-programs/proposals').set(coordinator).send(individualProgramRequest(patientId)).expect(200);
    const program = await t.http().post('/individual-programs').set(coordinator).send({ ...individualProgramRequest(patientId), visits: proposal.body.visits }).expect(201);
    const visitIds = program.body.visits.map((v: { id: string }) => v.id);
    expect(await t.db.query(`SELECT DISTINCT status FROM reminders WHERE appointment_id = ANY($1)`, [visitIds])).toEqual([{ status: 'scheduled' }]);
    const episodeId = await episodeOf(patientId);

    const future = await t.http().post(`/episodes/${episodeId}/discharge`).set(coordinator).send({ ...notes, on: addDays(today(), 1) });
    expect(future.status).toBe(400);
    expect(future.body.details.map((d: { field: string }) => d.field)).toEqual(['on']);
    const early = await t.http().post(`/episodes/${episodeId}/discharge`).set(coordinator).send({ ...notes, on: addDays(attendedOn, -1) }).expect(422);
    expect(early.body.details).toEqual([{ field: 'on', problem: `must not be before the last attended visit, on ${attendedOn}`, code: 'episode.before_last_visit', params: expect.objectContaining({ date: attendedOn }) }]);
    await t.http().post(`/episodes/${episodeId}/discharge`).set(coordinator).send({ ...notes, on: 'yesterday' }).expect(400);

    const on = addDays(today(), -3);
    const discharged = await t.http().post(`/episodes/${episodeId}/discharge`).set(coordinator).send({ ...notes, on }).expect(200);
    expect(discharged.body.discharge.on).toBe(on);
    expect(discharged.body.transitions.at(-1)).toMatchObject({ to: 'discharged', onDate: on });
    expect(discharged.body.tasks.map((task: { dueOn: string }) => task.dueOn)).toEqual([on, DateTime.fromISO(on).plus({ years: 1 }).toISODate()]);
    // Every visit of the program lay ahead: all are cancelled, and none will be reminded of.
    expect([...discharged.body.ended.cancelledVisitIds].sort()).toEqual([...visitIds].sort());
    expect(discharged.body.ended.leftSessionIds).toEqual([]);
    expect(await t.db.query(`SELECT DISTINCT status FROM appointments WHERE id = ANY($1)`, [visitIds])).toEqual([{ status: 'cancelled' }]);
    expect(await t.db.query(`SELECT DISTINCT status FROM reminders WHERE appointment_id = ANY($1)`, [visitIds])).toEqual([{ status: 'cancelled' }]);
    const ended = await t.http().get(`/individual-programs/${program.body.id}`).set(coordinator).expect(200);
    expect(ended.body).toMatchObject({ status: 'ended', endedOn: on, endReason: 'discharged' });
  });

  it('takes the patient off the group sessions to come, which go on for the others', async () => {
    const patientId = await assessedPatient(t, c, 'group_rehab');
    const other = await assessedPatient(t, c, 'group_rehab');
    const start = addDays(plainWeek(), 1);
    const group = await t
      .http()
      .post('/group-programs')
      .set(coordinator)
      .send({ siteId: c.site.id, name: 'Grupp', roomId: c.rooms.groupRoom.id, startDate: start, startTime: '09:00', durationMinutes: 120 })
      .expect(201);
    for (const id of [patientId, other]) await t.http().post(`/group-programs/${group.body.id}/enrollments`).set(coordinator).send({ patientId: id }).expect(201);
    const sessionIds = (await t.db.query(`SELECT id FROM appointments WHERE group_program_id = $1`, [group.body.id])).map((row: { id: string }) => row.id);

    const episodeId = await episodeOf(patientId);
    const beforeStart = await t.http().post(`/episodes/${episodeId}/discharge`).set(coordinator).send({ ...notes, on: '2026-07-31' }).expect(422);
    expect(beforeStart.body.details).toEqual([{ field: 'on', problem: 'must not be before the episode began, on 2026-08-01', code: 'episode.before_start', params: expect.objectContaining({ date: '2026-08-01' }) }]);
    const discharged = await t.http().post(`/episodes/${episodeId}/discharge`).set(coordinator).send(notes).expect(200);
    expect(discharged.body.discharge.on).toBe(today());
    expect([...discharged.body.ended.leftSessionIds].sort()).toEqual([...sessionIds].sort());
    expect(discharged.body.ended.cancelledVisitIds).toEqual([]);
    const seats = await t.db.query(
      `SELECT p.patient_id, array_agg(DISTINCT p.participation) AS participation, array_agg(DISTINCT a.status) AS session
         FROM appointment_patients p JOIN appointments a ON a.id = p.appointment_id WHERE a.group_program_id = $1 GROUP BY p.patient_id`,
      [group.body.id],
    );
    expect(seats).toEqual(
      expect.arrayContaining([
        { patient_id: patientId, participation: ['cancelled'], session: ['booked'] },
        { patient_id: other, participation: ['booked'], session: ['booked'] },
      ]),
    );
    const reminders = await t.db.query(`SELECT DISTINCT patient_id, status FROM reminders WHERE appointment_id = ANY($1) AND patient_id = $2`, [sessionIds, patientId]);
    expect(reminders).toEqual([{ patient_id: patientId, status: 'cancelled' }]);
  });

  it('records the questionnaire a year on only from a month before it is due, naming the due date', async () => {
    const patientId = await assessedPatient(t, c, 'individual_rehab');
    const proposal = await t.http().post('/individual-programs/proposals').set(coordinator).send(individualProgramRequest(patientId)).expect(200);
    await t.http().post('/individual-programs').set(coordinator).send({ ...individualProgramRequest(patientId), visits: proposal.body.visits }).expect(201);
    const episodeId = await episodeOf(patientId);
    const episode = (await t.http().post(`/episodes/${episodeId}/discharge`).set(coordinator).send(notes).expect(200)).body;
    const [atDischarge, oneYear] = episode.tasks;
    expect(oneYear.kind).toBe('nrs_one_year');

    const early = await t.http().post(`/episodes/${episodeId}/tasks/${oneYear.id}/done`).set(coordinator).expect(409);
    expect(early.body.message).toContain(`due on ${oneYear.dueOn}`);
    expect(early.body).toMatchObject({ dueOn: oneYear.dueOn });
    expect((await t.http().get(`/episodes/${episodeId}`).set(coordinator).expect(200)).body.phase).toBe('discharged');
    await t.http().post(`/episodes/${episodeId}/tasks/${atDischarge.id}/done`).set(coordinator).expect(200);

    // Eleven months on (the due date brought near, as time would): the questionnaire is open.
    await t.db.query(`UPDATE episode_tasks SET due_on = $2 WHERE id = $1`, [oneYear.id, addDays(today(), 30)]);
    const done = await t.http().post(`/episodes/${episodeId}/tasks/${oneYear.id}/done`).set(coordinator).expect(200);
    expect(done.body.phase).toBe('followed_up');
  });
});
