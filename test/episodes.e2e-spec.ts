import fc from 'fast-check';
import { addDays } from '../src/core/time/local-time';
import { bearer, createClinic, createPatient, createRoom, createStaff, individualProgramRequest as individualProgram, referralBody, userToken } from './support/fixtures';
import { plainWeek, stockholm } from './support/site-time';
import { createTestApp, TestApp } from './support/test-app';

type Clinic = Awaited<ReturnType<typeof createClinic>>;

describe('episodes and sick-leave responsibility', () => {
  let t: TestApp;
  let c: Clinic;
  let coordinator: { Authorization: string };
  let physician: { Authorization: string };
  let admin: { Authorization: string };

  beforeAll(async () => {
    t = await createTestApp();
    c = await createClinic(t);
    coordinator = bearer(c.coordinatorToken);
    physician = bearer(c.clinicianToken); // c.staff.physician
    admin = bearer(t.adminToken);
    await createRoom(t, c.site.id, 'gym');
    await createStaff(t, c.site.id, 'occupational_therapist');
  });
  afterAll(() => t.close());

  /** A referral received 2026-08-01 for a patient working half time (so on sick leave): its episode. */
  const referredPatient = async (overrides: Record<string, unknown> = {}) => {
    const patient = await createPatient(t, c.site.id, 'Greta Holm');
    const referral = await t.http().post('/referrals').set(coordinator).send(referralBody(patient.id, c.site.id, { receivedDate: '2026-08-01', ...overrides })).expect(201);
    const [episode] = (await t.http().get('/episodes').query({ referralId: referral.body.id }).set(coordinator).expect(200)).body;
    return { patientId: patient.id, referralId: referral.body.id as string, episodeId: episode.id as string };
  };
  const episodeOf = async (id: string, as = coordinator) => (await t.http().get(`/episodes/${id}`).set(as).expect(200)).body;

  it('follows one patient from referral to group rehabilitation and discharge, with the sick-leave responsibility handed over and back', async () => {
    const discharge = { closingNote: 'Målen nådda; åter i arbete 75 %.', rehabilitationPlan: 'Fortsatt träning två gånger i veckan.', recommendations: 'Gradvis upptrappning i arbete.' };
    const { patientId, referralId, episodeId } = await referredPatient();
    let episode = await episodeOf(episodeId);
    expect(episode.phase).toBe('referred');
    expect(episode.actions).toEqual(['propose_handover']);
    expect(episode.sickLeave.timeline).toEqual([expect.objectContaining({ holder: 'referrer', from: '2026-08-01', to: null })]);

    // Assessment booked (held in autumn 2026), outcome individual rehabilitation.
    await t.http().post(`/referrals/${referralId}/decision`).set(coordinator).send({ decision: 'accepted', reasons: [], decidedBy: 'K' }).expect(200);
    const proposal = await t.http().post('/assessments/proposals').set(coordinator).send({ referralId, earliestDate: '2026-09-01' }).expect(200);
    const assessment = await t.http().post('/assessments').set(coordinator).send({ referralId, visits: proposal.body.visits }).expect(201);
    expect((await episodeOf(episodeId)).phase).toBe('assessment');
    const early = await t.http().post(`/episodes/${episodeId}/discharge`).set(coordinator).send(discharge).expect(409);
    expect(early.body).toMatchObject({ phase: 'assessment' });
    await t.http().post(`/assessments/${assessment.body.id}/outcome`).set(coordinator).send({ outcome: 'group_rehab' }).expect(200);
    expect((await episodeOf(episodeId)).phase).toBe('assessment');

    // The group program starts (first session on a Tuesday to come; enrolment books only sessions
    // ahead): the episode enters group rehabilitation and the unit is asked to take over.
    const start = addDays(plainWeek(), 1);
    const program = { siteId: c.site.id, name: 'Grupp vår', roomId: c.rooms.groupRoom.id, startDate: start, startTime: '09:00', durationMinutes: 120 };
    const group = await t.http().post('/group-programs').set(coordinator).send(program).expect(201);
    await t.http().post(`/group-programs/${group.body.id}/enrollments`).set(coordinator).send({ patientId }).expect(201);
    episode = await episodeOf(episodeId);
    expect(episode.phase).toBe('group_rehab');
    expect(episode.actions).toContain('discharge');
    const inPhase = async (phase: string) => (await t.http().get(`/episodes?phase=${phase}`).set(coordinator).expect(200)).body.map((e: { id: string }) => e.id);
    expect(await inPhase('group_rehab')).toContain(episodeId);
    expect(await inPhase('referred')).not.toContain(episodeId);
    await t.http().get('/episodes?phase=waiting').set(coordinator).expect(400);
    expect(episode.programs).toEqual([{ kind: 'group', id: group.body.id }]);
    // Visits as GET /appointments shows them, in the site's own offset.
    expect(episode.appointments.map((a: { start: string }) => a.start)).toContain(stockholm(start, '09:00'));
    expect(episode.transitions.map((tr: { from: string | null; to: string }) => `${tr.from}→${tr.to}`)).toEqual([
      'null→referred',
      'referred→assessment',
      'assessment→group_rehab',
    ]);
    const [toUnit] = episode.sickLeave.handovers;
    expect(toUnit).toMatchObject({ to: 'rehab_unit', physicianId: c.staff.physician.id, effectiveFrom: start, status: 'proposed' });
    // Until it is accepted, the referrer stays responsible.
    expect(episode.sickLeave.timeline).toHaveLength(1);

    const handovers = `/episodes/${episodeId}/sick-leave/handovers`;
    await t.http().post(`${handovers}/${toUnit.id}/accept`).set(coordinator).expect(403); // the unit's physician answers for the unit
    // Preventive sick pay: the unit's physician certifies a patient working at least half time (50 % here).
    const certificate = { physicianId: c.staff.physician.id, issuedOn: start, from: start, to: addDays(start, 52) };
    const sickPay = await t.http().post(`/episodes/${episodeId}/preventive-sick-pay`).set(physician).send(certificate).expect(201);
    expect(sickPay.body).toEqual([expect.objectContaining({ physicianId: c.staff.physician.id, from: start, to: addDays(start, 52), workingFraction: 50 })]);

    const accepted = await t.http().post(`${handovers}/${toUnit.id}/accept`).set(physician).expect(200);
    expect(accepted.body).toMatchObject({ status: 'accepted', tookEffectOn: start });
    expect((await episodeOf(episodeId)).sickLeave.timeline).toEqual([
      expect.objectContaining({ holder: 'referrer', from: '2026-08-01', to: addDays(start, -1) }),
      expect.objectContaining({ holder: 'rehab_unit', physicianId: c.staff.physician.id, from: start, to: null }),
    ]);

    // A handover dated before the current holder began is refused, naming the field.
    const backdated = await t.http().post(handovers).set(coordinator).send({ to: 'referrer', effectiveFrom: addDays(start, -43), reason: 'x' }).expect(422);
    expect(backdated.body.details).toEqual([{ field: 'effectiveFrom', problem: `must be after ${start}, when the current holder's responsibility began`, code: 'sick_leave.handover_before_holder', params: { date: start } }]);
    await t.http().post(handovers).set(bearer(await userToken(t, 'clinician', { staffId: c.staff.nurse.id }))).send({ to: 'referrer', effectiveFrom: addDays(start, 49), reason: 'x' }).expect(403);
    // And one to the holder itself: the unit's physician holds it already.
    const same = await t.http().post(handovers).set(coordinator).send({ to: 'rehab_unit', physicianId: c.staff.physician.id, effectiveFrom: addDays(start, 49), reason: 'x' }).expect(422);
    expect(same.body.details).toEqual([{ field: 'to', problem: 'the current holder (rehab_unit) holds it already', code: 'sick_leave.holds_already', params: { holder: 'rehab_unit' } }]);

    // Discharge proposes the way back to the referrer; a coordinator records the referrer's acceptance.
    episode = (await t.http().post(`/episodes/${episodeId}/discharge`).set(coordinator).send(discharge).expect(200)).body;
    expect(episode.phase).toBe('discharged');
    expect(episode.actions).not.toContain('discharge');
    expect(episode.actions).toContain('book_follow_up');
    expect(episode.discharge).toMatchObject({ closingNote: discharge.closingNote, rehabilitationPlan: discharge.rehabilitationPlan });
    // The NRS questionnaires: today and a year from now, with the patient reminded on the day.
    const today = episode.discharge.on;
    expect(episode.tasks.map((task: { kind: string; dueOn: string; status: string }) => `${task.kind} ${task.dueOn} ${task.status}`)).toEqual([
      `nrs_at_discharge ${today} open`,
      `nrs_one_year ${String(Number(today.slice(0, 4)) + 1)}${today.slice(4)} open`,
    ]);
    const questionnaires = await t.db.query(`SELECT channel, status FROM reminders WHERE task_id = ANY($1)`, [episode.tasks.map((task: { id: string }) => task.id)]);
    expect(questionnaires).toEqual([
      { channel: 'sms', status: 'scheduled' },
      { channel: 'sms', status: 'scheduled' },
    ]);
    const list = await t.http().get('/episodes/tasks').set(coordinator).expect(200);
    expect(list.body.map((task: { id: string }) => task.id)).toEqual(expect.arrayContaining(episode.tasks.map((task: { id: string }) => task.id)));
    const back = episode.sickLeave.handovers.find((h: { status: string }) => h.status === 'proposed');
    expect(back).toMatchObject({ to: 'referrer', effectiveFrom: addDays(start, 1) });
    await t.http().post(`${handovers}/${back.id}/accept`).set(physician).expect(403);
    await t.http().post(`${handovers}/${back.id}/accept`).set(coordinator).expect(200);
    await t.http().post(`${handovers}/${back.id}/accept`).set(coordinator).expect(409);
    const patientView = bearer(await userToken(t, 'patient', { patientId }));
    const own = await t.http().get(`/episodes/${episodeId}/sick-leave`).set(patientView).expect(200);
    expect(own.body.timeline.map((p: { holder: string; from: string }) => `${p.holder} ${p.from}`)).toEqual([
      'referrer 2026-08-01',
      `rehab_unit ${start}`,
      `referrer ${addDays(start, 1)}`,
    ]);
    await t.http().get(`/episodes/${episodeId}`).set(bearer(c.patientToken)).expect(404);
    const again = await t.http().post(`/episodes/${episodeId}/discharge`).set(coordinator).send(discharge).expect(409);
    expect(again.body).toMatchObject({ phase: 'discharged' });

    // The referral answer and the follow-up visit offered, which books as it is.
    const answer = await t.http().get(`/episodes/${episodeId}/referral-answer`).set(coordinator).expect(200);
    expect(answer.body.text).toContain('Till: Dr. Lisa Ek, Vårdcentralen Skultuna');
    expect(answer.body.text).toContain('Rehabilitering i grupp');
    // Discharged before the program began: discharge took the patient off every session (issue 16).
    expect(answer.body.text).toContain('Närvaro: 0 av 16 tillfällen, 0 uteblivna, 16 inställda.');
    expect(answer.body.text).toContain('Rekommendationer\nGradvis upptrappning i arbete.');
    expect(answer.body.text).toContain(`Sjukskrivningsansvaret återgår till remittenten från ${addDays(start, 1)}.`);
    const followUp = await t.http().get(`/episodes/${episodeId}/follow-up-proposal`).set(coordinator).expect(200);
    expect(followUp.body).toMatchObject({ kind: 'follow_up_visit', staffIds: [c.staff.physician.id], patientIds: [patientId] });
    expect(followUp.body.start.slice(0, 10) >= addDays(today, 84)).toBe(true);
    await t.http().post('/appointments').set(coordinator).send(followUp.body).expect(201);

    // Answering the questionnaires; the one a year on completes the episode.
    const [atDischarge, oneYear] = episode.tasks;
    await t.http().post(`/episodes/${episodeId}/tasks/${atDischarge.id}/done`).set(coordinator).expect(200);
    expect((await episodeOf(episodeId)).phase).toBe('discharged');
    // Not on the day of discharge (issue 16): only once the year has (nearly) passed, brought near here as time would.
    await t.http().post(`/episodes/${episodeId}/tasks/${oneYear.id}/done`).set(coordinator).expect(409);
    await t.db.query(`UPDATE episode_tasks SET due_on = $2 WHERE id = $1`, [oneYear.id, today]);
    const done = await t.http().post(`/episodes/${episodeId}/tasks/${oneYear.id}/done`).set(coordinator).expect(200);
    expect(done.body.phase).toBe('followed_up');
    expect(await t.db.query(`SELECT status FROM reminders WHERE task_id = $1`, [oneYear.id])).toEqual([{ status: 'cancelled' }]);

    const audited = await t.db.query(`SELECT DISTINCT action, resource FROM audit_log WHERE patient_id = $1 AND resource LIKE 'sick_leave%' ORDER BY 1, 2`, [patientId]);
    expect(audited).toEqual([
      { action: 'read', resource: 'sick_leave' },
      { action: 'update', resource: 'sick_leave_handover' },
    ]);
  });

  it('warns when the unit has not taken over five working days into rehabilitation', async () => {
    const { patientId, referralId, episodeId } = await referredPatient();
    await t.http().post(`/referrals/${referralId}/decision`).set(coordinator).send({ decision: 'accepted', reasons: [], decidedBy: 'K' }).expect(200);
    const proposal = await t.http().post('/assessments/proposals').set(coordinator).send({ referralId, earliestDate: '2026-09-01' }).expect(200);
    const assessment = await t.http().post('/assessments').set(coordinator).send({ referralId, visits: proposal.body.visits }).expect(201);
    await t.http().post(`/assessments/${assessment.body.id}/outcome`).set(coordinator).send({ outcome: 'individual_rehab' }).expect(200);
    // Starting on a Monday to come: a program already under way would be late with its handover at once.
    const request = individualProgram(patientId, { startDate: plainWeek() });
    const plan = await t.http().post('/individual-programs/proposals').set(coordinator).send(request).expect(200);
    await t.http().post('/individual-programs').set(coordinator).send({ ...request, visits: plan.body.visits }).expect(201);
    expect((await episodeOf(episodeId)).sickLeave.warnings).toEqual([]);
    // As if the program had begun three weeks ago.
    await t.db.query(`UPDATE referrals SET rehabilitation_started_on = CURRENT_DATE - 21 WHERE id = $1`, [referralId]);
    expect((await episodeOf(episodeId)).sickLeave.warnings).toEqual([expect.stringMatching(/has not accepted the sick-leave responsibility after 5 working days/)]);
  });

  it('refuses preventive sick pay under half-time work, and outside rehabilitation', async () => {
    const { episodeId } = await referredPatient({ workingFraction: 25 });
    const certificate = { physicianId: c.staff.physician.id, issuedOn: '2027-03-15', from: '2027-03-15', to: '2027-05-09' };
    const early = await t.http().post(`/episodes/${episodeId}/preventive-sick-pay`).set(physician).send(certificate).expect(409);
    expect(early.body).toMatchObject({ phase: 'referred' });
    await t.db.query(`UPDATE episodes SET phase = 'group_rehab' WHERE id = $1`, [episodeId]);
    const refused = await t.http().post(`/episodes/${episodeId}/preventive-sick-pay`).set(physician).send(certificate).expect(422);
    expect(refused.body.details).toEqual([{ field: 'workingFraction', problem: 'preventive sick pay needs work of at least half time; the recorded working fraction is 25 %', code: 'sick_leave.working_fraction_low', params: expect.objectContaining({ percent: 25 }) }]);
  });

  it('lists episodes under way with no appointment for eight weeks', async () => {
    const idle = await referredPatient();
    const busy = await referredPatient();
    const lapsed = await referredPatient();
    // All entered assessment long ago; only the second has a visit ahead.
    await t.db.query(`UPDATE episodes SET phase = 'assessment' WHERE id = ANY($1)`, [[idle.episodeId, busy.episodeId, lapsed.episodeId]]);
    // The third had a visit in August, long enough ago.
    await t
      .http()
      .post('/appointments')
      .set(coordinator)
      .send({ kind: 'other', siteId: c.site.id, start: '2026-08-04T10:00:00+02:00', end: '2026-08-04T11:00:00+02:00', staffIds: [c.staff.nurse.id], patientIds: [lapsed.patientId] })
      .expect(201);
    await t
      .http()
      .post('/appointments')
      .set(coordinator)
      .send({ kind: 'other', siteId: c.site.id, start: stockholm(plainWeek(), '13:00'), end: stockholm(plainWeek(), '14:00'), staffIds: [c.staff.nurse.id], patientIds: [busy.patientId] })
      .expect(201);
    const stalled = await t.http().get('/episodes/stalled').set(coordinator).expect(200);
    const ids = stalled.body.map((e: { id: string }) => e.id);
    expect(ids).toContain(idle.episodeId);
    expect(ids).not.toContain(busy.episodeId);
    expect(stalled.body.find((e: { id: string }) => e.id === idle.episodeId)).toMatchObject({ phase: 'assessment', lastAppointment: null });
    expect(stalled.body.find((e: { id: string }) => e.id === lapsed.episodeId)).toMatchObject({ lastAppointment: '2026-08-04T10:00:00+02:00' });
    await t.http().get('/episodes/stalled').set(physician).expect(403);
  });

  it('starts a patient at work with nobody holding the responsibility, corrects a wrong entry, and never rewrites the history', async () => {
    const { episodeId } = await referredPatient({ workingFraction: 100 });
    const [entry] = (await episodeOf(episodeId)).sickLeave.timeline;
    expect(entry).toMatchObject({ holder: 'none', from: '2026-08-01' });

    // The patient was on sick leave after all: a correction from the same day.
    const corrections = `/episodes/${episodeId}/sick-leave/corrections`;
    const corrected = await t.http().post(corrections).set(coordinator).send({ entryId: entry.id, holder: 'referrer', reason: 'sjukskriven 50 % sedan juni' }).expect(201);
    expect(corrected.body.timeline).toEqual([expect.objectContaining({ holder: 'referrer', from: '2026-08-01', to: null })]);
    expect(corrected.body.history.map((h: { holder: string; correctsEntryId: string | null }) => [h.holder, h.correctsEntryId])).toEqual([
      ['none', null],
      ['referrer', entry.id],
    ]);
    const twice = await t.http().post(corrections).set(coordinator).send({ entryId: entry.id, holder: 'none', reason: 'x' }).expect(422);
    expect(twice.body.details[0].field).toBe('entryId');
    await expect(t.db.query(`UPDATE sick_leave_entries SET holder = 'referrer' WHERE episode_id = $1`, [episodeId])).rejects.toThrow(/never rewritten/);
    await expect(t.db.query(`DELETE FROM sick_leave_entries WHERE episode_id = $1`, [episodeId])).rejects.toThrow(/never rewritten/);
  });

  it('keeps exactly one holder on every date over random handover sequences (checked by SQL)', async () => {
    const operation = fc.oneof(
      fc.record({ kind: fc.constant('propose' as const), to: fc.constantFrom('referrer', 'rehab_unit', 'none'), offset: fc.integer({ min: -20, max: 400 }) }),
      fc.record({ kind: fc.constantFrom('accept' as const, 'reject' as const) }),
      fc.record({ kind: fc.constant('correct' as const), to: fc.constantFrom('referrer', 'rehab_unit', 'none'), which: fc.nat() }),
    );
    let checked = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 10 }), async (operations) => {
        const { episodeId } = await referredPatient();
        const handovers = `/episodes/${episodeId}/sick-leave/handovers`;
        let open: string | undefined;
        for (const op of operations) {
          if (op.kind === 'propose') {
            const body = { to: op.to, effectiveFrom: addDays('2026-08-01', op.offset), reason: 'random', ...(op.to === 'rehab_unit' ? { physicianId: c.staff.physician.id } : {}) };
            const response = await t.http().post(handovers).set(admin).send(body);
            expect([201, 409, 422]).toContain(response.status);
            if (response.status === 201) open = response.body.id;
          } else if (op.kind === 'correct') {
            const { timeline } = (await t.http().get(`/episodes/${episodeId}/sick-leave`).set(admin).expect(200)).body;
            const entryId = timeline[op.which % timeline.length].id;
            const body = { entryId, holder: op.to, reason: 'random', ...(op.to === 'rehab_unit' ? { physicianId: c.staff.physician.id } : {}) };
            await t.http().post(`/episodes/${episodeId}/sick-leave/corrections`).set(admin).send(body).expect(201);
          } else if (open) {
            const response = await t.http().post(`${handovers}/${open}/${op.kind}`).set(admin).send({ reason: 'random' });
            expect([200, 409]).toContain(response.status);
            open = undefined;
          }
        }
        const [{ dates_without_exactly_one }] = await t.db.query(
          `SELECT count(*)::int AS dates_without_exactly_one
             FROM generate_series(DATE '2026-08-01', DATE '2026-08-01' + 500, interval '1 day') d
            WHERE (SELECT count(*) FROM sick_leave_timeline tl WHERE tl.episode_id = $1 AND tl.during @> d::date) <> 1`,
          [episodeId],
        );
        expect(dates_without_exactly_one).toBe(0);
        checked++;
      }),
      { numRuns: 25, seed: 20261123 },
    );
    expect(checked).toBe(25);
    // The sequences did hand over: some episodes have several holders.
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM sick_leave_entries WHERE recorded_by = 'test-admin'`);
    expect(n).toBeGreaterThan(5);
  }, 120_000);
});
