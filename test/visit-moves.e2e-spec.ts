import { assessedPatient, bearer, bookedAssessment as bookedAssessmentOf, BookedVisit, createClinic, createRoom, createStaff, individualProgramRequest } from './support/fixtures';
import { addDays, weekdayOf } from '../src/core/time/local-time';
import { stockholm } from './support/site-time';
import { createTestApp, TestApp } from './support/test-app';

type Clinic = Awaited<ReturnType<typeof createClinic>>;
type Visit = BookedVisit;
type Move = { appointmentId: string; assessmentPart: string | null; requested: boolean; from: { start: string }; to: { start: string; end: string }; why: object[] };

const MINUTE = 60_000;
const later = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * MINUTE).toISOString();

/**
 * Issue 16, B4: a visit moves with a proposal first, under the rules of its assessment or program,
 * saying what else must move; the move itself takes only what the coordinator confirmed.
 */
describe('moving a visit: the proposal first, then the move', () => {
  let t: TestApp;
  let c: Clinic;
  let auth: { Authorization: string };

  beforeAll(async () => {
    t = await createTestApp();
    c = await createClinic(t);
    auth = bearer(c.coordinatorToken);
    await createRoom(t, c.site.id, 'gym', 2);
  });
  afterAll(() => t.close());

  const bookedAssessment = (earliestDate: string) => bookedAssessmentOf(t, c, earliestDate);
  const preview = (id: string, body: object) => t.http().post(`/appointments/${id}/move-preview`).set(auth).send(body);
  const move = (id: string, body: object) => t.http().patch(`/appointments/${id}`).set(auth).send(body);
  const startOf = async (id: string) => (await t.http().get(`/appointments/${id}`).set(auth).expect(200)).body.start as string;
  const reminderTimes = async (id: string) =>
    (await t.db.query(`SELECT due_at, status FROM reminders WHERE appointment_id = $1 ORDER BY due_at`, [id])).map((r: { due_at: Date; status: string }) => `${r.due_at.toISOString()} ${r.status}`);

  it('moves an assessment visit by half an hour over its own old time, the feedback staying', async () => {
    const a = await bookedAssessment('2027-03-01');
    const nurse = a.visits.find((v) => v.part === 'nurse')!;
    const feedback = a.visits.find((v) => v.part === 'feedback')!;
    const to = later(nurse.start, 30);

    const looked = await preview(nurse.id, { start: to }).expect(200);
    expect(looked.body).toMatchObject({ fits: true, problems: [] });
    expect(looked.body.moves).toEqual([
      expect.objectContaining({ appointmentId: nurse.id, assessmentPart: 'nurse', requested: true, from: expect.objectContaining({ start: nurse.start }), why: [] }),
    ]);
    expect(Date.parse(looked.body.moves[0].to.start)).toBe(Date.parse(to));
    expect(await startOf(nurse.id)).toBe(nurse.start); // a preview changes nothing

    const moved = await move(nurse.id, { start: to }).expect(200);
    expect(Date.parse(moved.body.start)).toBe(Date.parse(to));
    expect(await startOf(feedback.id)).toBe(feedback.start);
  });

  it('says that the feedback must move and why, refuses to move it unasked, and moves both when confirmed', async () => {
    const a = await bookedAssessment('2027-03-08');
    const [first] = a.visits;
    const feedback = a.visits.find((v) => v.part === 'feedback')!;
    // The first visit onto the feedback's day, an hour before it: the feedback no longer comes days after the last visit.
    const day = feedback.start.slice(0, 10);
    const to = stockholm(day, '08:00');
    const feedbackReminders = await reminderTimes(feedback.id);

    const looked = await preview(first.id, { start: to }).expect(200);
    expect(looked.body.fits).toBe(true);
    const moves = looked.body.moves as Move[];
    expect(moves.map((m) => [m.appointmentId, m.requested])).toEqual([[first.id, true], [feedback.id, false]]);
    // Each reason coded, for the web app to word: no field, as it is not the coordinator's input.
    const feedbackDay = feedback.start.slice(0, 10);
    expect(moves[1].why).toEqual(
      expect.arrayContaining([
        {
          code: 'assessment.feedback_too_early',
          params: { discipline: 'feedback', date: feedbackDay, start: feedback.start.slice(11, 16), end: feedback.end.slice(11, 16), earliest: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) },
          problem: expect.stringMatching(/^feedback visit .*: must be on or after \d{4}-\d{2}-\d{2}, after the last visit$/),
        },
      ]),
    );
    expect(Date.parse(moves[1].to.start)).toBeGreaterThan(Date.parse(feedback.start));
    expect(await reminderTimes(feedback.id)).toEqual(feedbackReminders); // rolled back with the preview

    const unasked = await move(first.id, { start: to }).expect(409);
    expect(unasked.body).toMatchObject({ alsoMove: [feedback.id], details: [{ field: 'alsoMove', problem: expect.stringContaining('feedback') }] });
    expect(await startOf(first.id)).toBe(first.start);
    expect(await startOf(feedback.id)).toBe(feedback.start);

    await move(first.id, { start: to, alsoMove: [feedback.id] }).expect(200);
    expect(Date.parse(await startOf(first.id))).toBe(Date.parse(to));
    expect(Date.parse(await startOf(feedback.id))).toBe(Date.parse(moves[1].to.start));
    // The assessment as a whole still keeps every rule: its own reschedule finds the booked plan valid.
    const view = (await t.http().get(`/assessments/${a.id}`).set(auth).expect(200)).body;
    const booked = (view.visits as Visit[]).filter((v) => v.status === 'booked');
    const lastVisit = booked.filter((v) => v.part !== 'feedback').map((v) => v.end).sort().at(-1)!;
    expect(Date.parse(booked.find((v) => v.part === 'feedback')!.start)).toBeGreaterThan(Date.parse(lastVisit));
    expect(await reminderTimes(feedback.id)).not.toEqual(feedbackReminders);
    const audited = await t.db.query(`SELECT resource_id FROM audit_log, unnest(resource_ids) AS resource_id WHERE resource = 'appointment' AND action = 'update' AND resource_id = ANY($1)`, [[first.id, feedback.id]]);
    expect(audited.map((r: { resource_id: string }) => r.resource_id).sort()).toEqual([first.id, feedback.id].sort());
  });

  it('refuses a time that breaks the assessment’s rules, naming them, and moves nothing', async () => {
    const a = await bookedAssessment('2027-03-15');
    const nurse = a.visits.find((v) => v.part === 'nurse')!;
    const other = a.visits.find((v) => v.part !== 'nurse' && v.part !== 'feedback' && v.start.slice(0, 10) !== nurse.start.slice(0, 10))!;
    // After the window: before issue 16 PATCH took it, as the calendar alone allowed it.
    const outside = stockholm('2027-05-03', '09:00');
    const looked = await preview(nurse.id, { start: outside }).expect(200);
    const outsideWindow = {
      field: 'start',
      problem: expect.stringMatching(/^nurse: nurse visit 2027-05-03 09:00–10:30: outside the window 2027-03-15–/),
      code: 'assessment.visit_outside_window',
      params: { discipline: 'nurse', date: '2027-05-03', start: '09:00', end: '10:30', first: '2027-03-15', last: expect.any(String) },
    };
    expect(looked.body).toMatchObject({ fits: false, problems: [outsideWindow] });
    const refused = await move(nurse.id, { start: outside }).expect(422);
    expect(refused.body.details).toEqual([outsideWindow]);
    // Onto another visit's time.
    const onto = await move(nurse.id, { start: other.start }).expect(422);
    expect(onto.body.details).toContainEqual(
      expect.objectContaining({ code: 'visit.overlaps', params: expect.objectContaining({ discipline: other.part, date: other.start.slice(0, 10), otherDiscipline: 'nurse' }) }),
    );
    // A physician for the nurse's visit.
    const wrong = await move(nurse.id, { staffIds: [c.staff.physician.id] }).expect(422);
    expect(wrong.body.details[0]).toMatchObject({ code: 'visit.wrong_discipline', params: { discipline: 'nurse', staff: c.staff.physician.name } });
    expect(await startOf(nurse.id)).toBe(nurse.start);
  });

  it('lets one of two coordinators moving two visits of one assessment onto one day win, the other told why', async () => {
    const a = await bookedAssessment('2027-09-13');
    const feedback = a.visits.find((v) => v.part === 'feedback')!;
    const [nurse, physician] = ['nurse', 'physician'].map((part) => a.visits.find((v) => v.part === part)!);
    // A day after the feedback: each move alone fits, taking the feedback later with it.
    const day = dayAfter(feedback.start);
    const answers = await Promise.all([
      move(nurse.id, { start: stockholm(day, '08:00'), alsoMove: [feedback.id] }),
      move(physician.id, { start: stockholm(day, '13:00'), alsoMove: [feedback.id] }),
    ]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 422]);
    const refused = answers.find((r) => r.status === 422)!;
    expect(refused.body.details).toEqual([
      { field: 'start', problem: expect.stringMatching(new RegExp(`^(nurse|physician): 2 assessment visits on ${day}, at most 1 allowed$`)), code: 'assessment.visits_a_day', params: { discipline: expect.stringMatching(/^(nurse|physician)$/), count: 2, date: day, max: 1 } },
    ]);
  });

  it('shows a time another booking holds as a problem naming it, and the move as a 409', async () => {
    const plain = (start: string, patient: number) => ({
      kind: 'follow_up_visit',
      siteId: c.site.id,
      roomId: null,
      start,
      end: later(start, 60),
      staffIds: [c.staff.psychologist.id],
      patientIds: [c.patients[patient].id],
    });
    const held = await t.http().post('/appointments').set(auth).send(plain(stockholm('2027-09-06', '09:00'), 1)).expect(201);
    const mine = await t.http().post('/appointments').set(auth).send(plain(stockholm('2027-09-06', '13:00'), 2)).expect(201);
    const target = stockholm('2027-09-06', '09:30');
    const looked = await preview(mine.body.id, { start: target }).expect(200);
    expect(looked.body).toMatchObject({ fits: false, conflictingAppointmentId: held.body.id, problems: [{ field: 'staffIds', problem: expect.stringContaining('already booked') }] });
    const clash = await move(mine.body.id, { start: target }).expect(409);
    expect(clash.body.conflictingAppointmentId).toBe(held.body.id);
    expect(await startOf(mine.body.id)).toBe(mine.body.start);
    // An assessment's visit meets the same time through its planner's calendar, named as busy.
    const a = await bookedAssessment('2027-04-05');
    const b = await bookedAssessment('2027-04-05');
    const nurseA = a.visits.find((v) => v.part === 'nurse')!;
    const nurseB = b.visits.find((v) => v.part === 'nurse')!;
    const busy = await preview(nurseB.id, { start: nurseA.start }).expect(200);
    expect(busy.body.fits).toBe(false);
    expect(busy.body.problems).toContainEqual(expect.objectContaining({ field: 'start', code: 'booking.staff_busy', params: expect.objectContaining({ discipline: 'nurse', staff: c.staff.nurse.name }) }));
  });

  it('moves an individual program’s visit within the program’s weeks and one visit a day', async () => {
    const patientId = await assessedPatient(t, c, 'individual_rehab');
    const request = individualProgramRequest(patientId);
    const proposal = await t.http().post('/individual-programs/proposals').set(auth).send(request).expect(200);
    const program = await t.http().post('/individual-programs').set(auth).send({ ...request, visits: proposal.body.visits }).expect(201);
    const visits = (program.body.visits as Visit[]).sort((x, y) => x.start.localeCompare(y.start));
    const [first, second] = visits;

    const sameDay = stockholm(second.start.slice(0, 10), first.start.slice(11, 16) === second.start.slice(11, 16) ? '14:00' : first.start.slice(11, 16));
    const crowded = await preview(first.id, { start: sameDay }).expect(200);
    const day = second.start.slice(0, 10);
    expect(crowded.body).toMatchObject({ fits: false, problems: expect.arrayContaining([{ field: 'start', problem: `2 visits on ${day}, at most 1 allowed`, code: 'individual.visits_a_day', params: { count: 2, date: day, max: 1 } }]) });
    const beyond = await move(first.id, { start: stockholm('2027-06-14', '09:00') }).expect(422);
    expect(beyond.body.details).toContainEqual(expect.objectContaining({ field: 'start', code: 'individual.week_out_of_range', params: expect.objectContaining({ date: '2027-06-14', weeks: 8 }) }));
    // The weekday before one of its visits, a day without another visit of the program: allowed.
    const isWeekday = (date: string) => weekdayOf(date) <= 5;
    const free = visits.find((v, i) => i > 0 && isWeekday(dayBefore(v.start)) && !visits.some((w) => w.start.slice(0, 10) === dayBefore(v.start)))!;
    const to = stockholm(dayBefore(free.start), '13:00');
    await move(free.id, { start: to }).expect(200);
    expect(Date.parse(await startOf(free.id))).toBe(Date.parse(to));
  });

  it('moves a group session only within the program’s order, one meeting a day, its leaders unchanged here', async () => {
    const body = { siteId: c.site.id, name: 'Grupp flytt', roomId: c.rooms.groupRoom.id, startDate: '2031-03-04', startTime: '09:00', durationMinutes: 120 };
    await createStaff(t, c.site.id, 'occupational_therapist');
    const booked = await t.http().post('/group-programs').set(auth).send(body).expect(201);
    const sessions = booked.body.sessions as { appointmentId: string; date: string; start: string }[];
    const [, second, third] = sessions;
    const onFirstDay = await move(second.appointmentId, { start: stockholm(sessions[0].date, '13:00') }).expect(422);
    expect(onFirstDay.body.details).toEqual([{ field: 'start', problem: `session 1 is on ${sessions[0].date} already: the group meets once a day`, code: 'group.same_day', params: expect.objectContaining({ session: 1, date: sessions[0].date }) }]);
    const pastNext = await preview(second.appointmentId, { start: stockholm(dayAfter(third.date), '09:00') }).expect(200);
    expect(pastNext.body).toMatchObject({ fits: false, problems: [{ field: 'start', problem: expect.stringContaining('must come before session 3') }] });
    const leaders = await move(second.appointmentId, { staffIds: [c.staff.nurse.id] }).expect(422);
    expect(leaders.body.details[0].field).toBe('staffIds');
    // Friday instead of Thursday: between its neighbours.
    const to = stockholm(dayAfter(second.date), '09:00');
    await move(second.appointmentId, { start: to }).expect(200);
    expect(Date.parse(await startOf(second.appointmentId))).toBe(Date.parse(to));
    // The program's own PATCH of a session keeps the same rules.
    await t.http().patch(`/group-programs/${booked.body.id}/sessions/${third.appointmentId}`).set(auth).send({ start: stockholm(dayAfter(second.date), '13:00') }).expect(422);
  });

  it('moves nothing into the past, answers bad input with the field, and lets only coordinators look', async () => {
    const a = await bookedAssessment('2027-04-19');
    const nurse = a.visits.find((v) => v.part === 'nurse')!;
    const past = await preview(nurse.id, { start: '2026-01-05T09:00:00+01:00' }).expect(200);
    expect(past.body).toMatchObject({ fits: false, problems: [{ field: 'start', problem: expect.stringContaining('future') }] });
    const backwards = await preview(nurse.id, { start: nurse.start, end: nurse.start }).expect(400);
    expect(backwards.body.details).toEqual([{ field: 'end', problem: 'must be after start', code: 'validation.after', params: expect.objectContaining({ other: 'start' }) }]);
    const badAlso = await move(nurse.id, { start: later(nurse.start, 30), alsoMove: ['x'] }).expect(400);
    expect(badAlso.body.details[0].field).toMatch(/^alsoMove/);
    await t.http().post(`/appointments/${nurse.id}/move-preview`).set(bearer(c.clinicianToken)).send({ start: later(nurse.start, 30) }).expect(403);
    await t.http().post(`/appointments/${nurse.id}/move-preview`).set(bearer(c.patientToken)).send({ start: later(nurse.start, 30) }).expect(403);
    await preview('00000000-0000-4000-8000-000000000000', { start: later(nurse.start, 30) }).expect(404);
  });
});

const dayBefore = (iso: string) => addDays(iso.slice(0, 10), -1);
const dayAfter = (iso: string) => addDays(iso.slice(0, 10), 1);
