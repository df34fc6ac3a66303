import { bearer, createClinic, createPatient, createRoom, createStaff, referralBody } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';
import { problemAt } from '../src/core/problem-codes';

type Clinic = Awaited<ReturnType<typeof createClinic>>;

describe('assessment booking', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  /** A clinic where the physiotherapist works in the gym, with an accepted referral received 2026-12-01 (deadline 2027-03-01). */
  async function clinicWithReferral(c?: Clinic) {
    const clinic = c ?? (await createClinic(t));
    const token = bearer(clinic.coordinatorToken);
    const patient = await createPatient(t, clinic.site.id);
    const referral = await t.http().post('/referrals').set(token).send(referralBody(patient.id, clinic.site.id)).expect(201);
    await t.http().post(`/referrals/${referral.body.id}/decision`).set(token).send({ decision: 'accepted', reasons: [], decidedBy: 'K' }).expect(200);
    return { clinic, token, referralId: referral.body.id as string, patientId: patient.id };
  }

  it('proposes five visits, one per discipline then the feedback conversation, inside the rules, and books them', async () => {
    const { clinic, token, referralId, patientId } = await clinicWithReferral();
    const proposal = await t.http().post('/assessments/proposals').set(token).send({ referralId, earliestDate: '2027-02-01' }).expect(200);
    expect(proposal.body).toMatchObject({ feasible: true, windowStart: '2027-02-01', windowEnd: '2027-02-28', careGuaranteeDeadline: '2027-03-01', meetsCareGuarantee: true, daysLate: 0 });
    const parts = proposal.body.visits.map((v: { part: string }) => v.part);
    expect(parts.slice(0, 4).sort()).toEqual(['nurse', 'physician', 'physiotherapist', 'psychologist']);
    expect(parts[4]).toBe('feedback');
    // One visit per day, 90 minutes each, the earliest possible: Mon–Thu, feedback two working days after.
    expect(proposal.body.visits.map((v: { start: string; end: string }) => [v.start, v.end])).toEqual([
      ['2027-02-01T08:00:00+01:00', '2027-02-01T09:30:00+01:00'],
      ['2027-02-02T08:00:00+01:00', '2027-02-02T09:30:00+01:00'],
      ['2027-02-03T08:00:00+01:00', '2027-02-03T09:30:00+01:00'],
      ['2027-02-04T08:00:00+01:00', '2027-02-04T09:30:00+01:00'],
      ['2027-02-08T08:00:00+01:00', '2027-02-08T09:00:00+01:00'],
    ]);
    expect(proposal.body.visits[4].staffIds[0]).toBe(clinic.staff.physician.id);

    // A proposal books nothing.
    const none = await t.http().get('/appointments').query({ patientId, from: '2027-02-01T00:00:00+01:00', to: '2027-03-01T00:00:00+01:00' }).set(token).expect(200);
    expect(none.body).toEqual([]);

    const booked = await t.http().post('/assessments').set(token).send({ referralId, visits: proposal.body.visits }).expect(201);
    expect(booked.body).toMatchObject({ status: 'booked', referralId, meetsCareGuarantee: true });
    expect(booked.body.visits).toHaveLength(5);
    const nurseWeek = await t
      .http()
      .get('/appointments')
      .query({ staffId: clinic.staff.nurse.id, from: '2027-02-01T00:00:00+01:00', to: '2027-02-08T00:00:00+01:00' })
      .set(token)
      .expect(200);
    expect(nurseWeek.body.map((a: { assessmentId: string }) => a.assessmentId)).toEqual([booked.body.id]);
    const waitlist = await t.http().get('/waitlist').query({ siteId: clinic.site.id }).set(token).expect(200);
    expect(waitlist.body.items.map((i: { referralId: string }) => i.referralId)).not.toContain(referralId);
    await t.http().post('/assessments/proposals').set(token).send({ referralId }).expect(409);
  });

  it('plans around appointments that are not part of any assessment', async () => {
    const { clinic, token, referralId } = await clinicWithReferral();
    const other = await createPatient(t, clinic.site.id);
    for (const day of ['2027-02-01', '2027-02-02']) {
      await t
        .http()
        .post('/appointments')
        .set(token)
        .send({ kind: 'individual_visit', siteId: clinic.site.id, start: `${day}T08:00:00+01:00`, end: `${day}T16:00:00+01:00`, staffIds: [clinic.staff.nurse.id], patientIds: [other.id] })
        .expect(201);
    }
    const proposal = await t.http().post('/assessments/proposals').set(token).send({ referralId, earliestDate: '2027-02-01' }).expect(200);
    const nurse = proposal.body.visits.find((v: { part: string }) => v.part === 'nurse');
    expect(nurse.start.slice(0, 10) >= '2027-02-03').toBe(true);
    await t.http().post('/assessments').set(token).send({ referralId, visits: proposal.body.visits }).expect(201);
  });

  it('adds an occupational therapist when the referral asks for one', async () => {
    const clinic = await createClinic(t);
    const ot = await createStaff(t, clinic.site.id, 'occupational_therapist');
    const token = bearer(clinic.coordinatorToken);
    const patient = await createPatient(t, clinic.site.id);
    const referral = await t.http().post('/referrals').set(token).send(referralBody(patient.id, clinic.site.id, { occupationalTherapistNeeded: true })).expect(201);
    await t.http().post(`/referrals/${referral.body.id}/decision`).set(token).send({ decision: 'accepted', reasons: [], decidedBy: 'K' }).expect(200);
    const proposal = await t.http().post('/assessments/proposals').set(token).send({ referralId: referral.body.id, earliestDate: '2027-02-01' }).expect(200);
    expect(proposal.body.visits).toHaveLength(6);
    expect(proposal.body.visits.find((v: { part: string }) => v.part === 'occupational_therapist').staffIds).toEqual([ot.id]);
    const booked = await t.http().post('/assessments').set(token).send({ referralId: referral.body.id, visits: proposal.body.visits }).expect(201);
    expect(booked.body.visits).toHaveLength(6);
  });

  it('says so when the first visit cannot meet the care guarantee', async () => {
    const { token, referralId } = await clinicWithReferral();
    const proposal = await t.http().post('/assessments/proposals').set(token).send({ referralId, earliestDate: '2027-03-09' }).expect(200);
    expect(proposal.body).toMatchObject({ feasible: true, meetsCareGuarantee: false, daysLate: 8 });
  });

  it('names the discipline without capacity when no plan exists', async () => {
    const clinic = await createClinic(t);
    await t
      .http()
      .post(`/staff/${clinic.staff.psychologist.id}/absences`)
      .set(bearer(clinic.coordinatorToken))
      .send({ start: '2027-01-01T00:00:00+01:00', end: '2027-07-01T00:00:00+02:00', reason: 'vacation' })
      .expect(201);
    const { token, referralId } = await clinicWithReferral(clinic);
    const proposal = await t.http().post('/assessments/proposals').set(token).send({ referralId, earliestDate: '2027-02-01' }).expect(200);
    expect(proposal.body.feasible).toBe(false);
    expect(proposal.body.reasons.map((r: { discipline: string }) => r.discipline)).toContain('psychologist');
  });

  it('follows the patient’s preferences: unavailable mornings and a preferred staff member', async () => {
    const { clinic, token, referralId } = await clinicWithReferral();
    const otherNurse = await createStaff(t, clinic.site.id, 'nurse');
    const proposal = await t
      .http()
      .post('/assessments/proposals')
      .set(token)
      .send({ referralId, earliestDate: '2027-02-01', preferences: { unavailable: [{ start: '08:00', end: '12:00' }], preferredStaff: { nurse: otherNurse.id } } })
      .expect(200);
    for (const visit of proposal.body.visits) expect(visit.start.slice(11, 16) >= '12:00').toBe(true);
    expect(proposal.body.visits.find((v: { part: string }) => v.part === 'nurse').staffIds).toEqual([otherNurse.id]);
  });

  it('refuses an edited plan that breaks a rule with 422, and books nothing', async () => {
    const { token, referralId, patientId } = await clinicWithReferral();
    const proposal = await t.http().post('/assessments/proposals').set(token).send({ referralId, earliestDate: '2027-02-01' }).expect(200);
    const visits = proposal.body.visits.map((v: object) => ({ ...v }));
    visits[4] = { ...visits[4], start: '2027-02-05T08:00:00+01:00', end: '2027-02-05T09:00:00+01:00' }; // one working day after
    const response = await t.http().post('/assessments').set(token).send({ referralId, visits }).expect(422);
    expect(response.body.details).toEqual([
      problemAt('visits', 'assessment.feedback_too_early', { discipline: 'feedback', date: '2027-02-05', start: '08:00', end: '09:00', earliest: '2027-02-08' }),
    ]);
    const none = await t.http().get('/appointments').query({ patientId, from: '2027-02-01T00:00:00+01:00', to: '2027-03-01T00:00:00+01:00' }).set(token).expect(200);
    expect(none.body).toEqual([]);
    const twoPhysicians = proposal.body.visits.map((v: { part: string }) => (v.part === 'nurse' ? { ...v, part: 'physician' } : v));
    const missing = await t.http().post('/assessments').set(token).send({ referralId, visits: twoPhysicians }).expect(422);
    expect(missing.body.details.map((d: { problem: string }) => d.problem)).toContain('a nurse visit is missing');
    await t.http().post('/assessments').set(token).send({ referralId, visits: visits.slice(1) }).expect(400);
  });

  it('names each rule an edited plan breaks with its code and the visits by discipline, date and times', async () => {
    const { clinic, token, referralId } = await clinicWithReferral();
    const proposal = await t.http().post('/assessments/proposals').set(token).send({ referralId, earliestDate: '2027-02-01' }).expect(200);
    type Visit = { part: string; start: string; end: string; staffIds: string[] };
    const [first, second, , fourth] = proposal.body.visits as Visit[];
    const named = (part: string, date: string, start: string, end: string) => ({ discipline: part, date, start, end });
    const other = first.part === 'psychologist' ? clinic.staff.nurse : clinic.staff.psychologist;
    const edited = (proposal.body.visits as Visit[]).map((v) => {
      // Onto the first visit (two visits a day are allowed then: an edited plan sets how many a day).
      if (v === second) return { ...v, start: first.start, end: first.end };
      if (v === fourth) return { ...v, start: '2027-03-01T08:00:00+01:00', end: '2027-03-01T09:30:00+01:00' }; // the day after the window
      if (v === first) return { ...v, staffIds: [other.id] }; // a clinician of another discipline
      return v;
    });
    const refused = await t.http().post('/assessments').set(token).send({ referralId, visits: edited }).expect(422);
    expect(refused.body.code).toBe('rules.broken');
    expect(refused.body.details).toEqual(
      expect.arrayContaining([
        problemAt('visits', 'visit.wrong_discipline', { ...named(first.part, '2027-02-01', '08:00', '09:30'), staff: other.name }),
        problemAt('visits', 'assessment.visit_outside_window', { ...named(fourth.part, '2027-03-01', '08:00', '09:30'), first: '2027-02-01', last: '2027-02-28' }),
        problemAt('visits', 'visit.overlaps', { ...named(first.part, '2027-02-01', '08:00', '09:30'), otherDiscipline: second.part, otherDate: '2027-02-01', otherStart: '08:00', otherEnd: '09:30' }),
      ]),
    );
  });

  it('lets exactly one of two coordinators racing for the same proposal book it', async () => {
    const { token, referralId } = await clinicWithReferral();
    const proposal = await t.http().post('/assessments/proposals').set(token).send({ referralId, earliestDate: '2027-02-01' }).expect(200);
    const [a, b] = await Promise.all([
      t.http().post('/assessments').set(token).send({ referralId, visits: proposal.body.visits }),
      t.http().post('/assessments').set(token).send({ referralId, visits: proposal.body.visits }),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    const count = await t.db.query(`SELECT count(*)::int AS n FROM assessments WHERE referral_id = $1`, [referralId]);
    expect(count[0].n).toBe(1);
  });

  it('cancels every visit and puts the referral back on the waiting list', async () => {
    const { clinic, token, referralId } = await clinicWithReferral();
    const proposal = await t.http().post('/assessments/proposals').set(token).send({ referralId, earliestDate: '2027-02-01' }).expect(200);
    const booked = await t.http().post('/assessments').set(token).send({ referralId, visits: proposal.body.visits }).expect(201);
    const cancelled = await t.http().post(`/assessments/${booked.body.id}/cancel`).set(token).send({ reason: 'patienten avböjer' }).expect(200);
    expect(cancelled.body.status).toBe('cancelled');
    expect(cancelled.body.visits.every((v: { status: string }) => v.status === 'cancelled')).toBe(true);
    const waitlist = await t.http().get('/waitlist').query({ siteId: clinic.site.id }).set(token).expect(200);
    expect(waitlist.body.items.map((i: { referralId: string }) => i.referralId)).toContain(referralId);
  });

  it('books the whole waiting list in queue order with no overlap anywhere, reporting each referral', async () => {
    const clinic = await createClinic(t);
    const token = bearer(clinic.coordinatorToken);
    for (const discipline of ['nurse', 'physician', 'physiotherapist', 'psychologist'] as const) await createStaff(t, clinic.site.id, discipline);
    for (let i = 0; i < 3; i++) await createRoom(t, clinic.site.id, 'office');
    const referralIds: string[] = [];
    for (let i = 0; i < 200; i++) {
      const patient = await createPatient(t, clinic.site.id, `Batch ${i}`);
      const referral = await t
        .http()
        .post('/referrals')
        .set(token)
        .send(referralBody(patient.id, clinic.site.id, { receivedDate: `2026-11-${String(1 + (i % 28)).padStart(2, '0')}` }))
        .expect(201);
      await t.http().post(`/referrals/${referral.body.id}/decision`).set(token).send({ decision: 'accepted', reasons: [], decidedBy: 'K' }).expect(200);
      referralIds.push(referral.body.id);
    }
    const job = await t.http().post('/assessments/batch').set(token).send({ siteId: clinic.site.id, earliestDate: '2027-02-01' }).expect(202);
    let status = job.body;
    for (let i = 0; i < 600 && status.status === 'running'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      status = (await t.http().get(`/jobs/${job.body.id}`).set(token).expect(200)).body;
    }
    expect(status).toMatchObject({ status: 'done', done: 200, total: 200 });
    expect(status.result).toHaveLength(200);
    const booked = status.result.filter((r: { status: string }) => r.status === 'booked');
    expect(booked.length).toBeGreaterThan(20);
    expect(status.result.map((r: { referralId: string }) => r.referralId).sort()).toEqual([...referralIds].sort());
    // Queue order: each referral gets the soonest plan left, so no one behind in the queue is through sooner.
    const through = booked.map((r: { lastVisitEnd: string }) => r.lastVisitEnd);
    expect(through).toEqual([...through].sort());

    const overlaps = await t.db.query(`
      SELECT
        (SELECT count(*) FROM appointment_staff a JOIN appointment_staff b ON a.staff_id = b.staff_id AND a.appointment_id < b.appointment_id AND a.during && b.during WHERE a.active AND b.active)::int AS staff,
        (SELECT count(*) FROM appointment_patients a JOIN appointment_patients b ON a.patient_id = b.patient_id AND a.appointment_id < b.appointment_id AND a.during && b.during WHERE a.active AND b.active)::int AS patients,
        (SELECT count(*) FROM appointments a JOIN appointments b ON a.room_id = b.room_id AND a.id < b.id AND a.during && b.during WHERE a.status <> 'cancelled' AND b.status <> 'cancelled')::int AS rooms`);
    expect(overlaps[0]).toEqual({ staff: 0, patients: 0, rooms: 0 });
    const perAssessment = await t.db.query(
      `SELECT count(*)::int AS n FROM appointments a JOIN assessments s ON s.id = a.assessment_id WHERE s.site_id = $1 GROUP BY s.id`,
      [clinic.site.id],
    );
    expect(perAssessment.every((row: { n: number }) => row.n === 5)).toBe(true);
    expect(perAssessment).toHaveLength(booked.length);
  });

  it('reports every referral it cannot book, with the reason', async () => {
    const clinic = await createClinic(t);
    await t
      .http()
      .post(`/staff/${clinic.staff.psychologist.id}/absences`)
      .set(bearer(clinic.coordinatorToken))
      .send({ start: '2027-01-01T00:00:00+01:00', end: '2027-12-31T00:00:00+01:00', reason: 'vacation' })
      .expect(201);
    const first = await clinicWithReferral(clinic);
    const second = await clinicWithReferral(clinic);
    const job = await t.http().post('/assessments/batch').set(first.token).send({ siteId: clinic.site.id, earliestDate: '2027-02-01' }).expect(202);
    let status = job.body;
    while (status.status === 'running') {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = (await t.http().get(`/jobs/${job.body.id}`).set(first.token).expect(200)).body;
    }
    // Same deadline, priority and arrival: their order is arbitrary, their outcome is not.
    expect(status.result).toHaveLength(2);
    expect(status.result).toEqual(
      expect.arrayContaining(
        [first.referralId, second.referralId].map((referralId) => ({
          referralId,
          status: 'not_possible',
          reason: expect.stringContaining('psychologist'),
          // The same, coded, for a client to word in its own language.
          problems: [expect.objectContaining({ field: 'referralId', code: 'assessment.no_slot', params: expect.objectContaining({ discipline: 'psychologist' }) })],
        })),
      ),
    );
  });

  it('offers a cancelled assessment visit to a patient whose assessment lacks that discipline, and books it into their assessment', async () => {
    const clinic = await createClinic(t);
    const a = await clinicWithReferral(clinic);
    const b = await clinicWithReferral(clinic);
    await t.http().patch(`/referrals/${b.referralId}`).set(b.token).send({ availableAtShortNotice: true }).expect(200);
    const planA = await t.http().post('/assessments/proposals').set(a.token).send({ referralId: a.referralId, earliestDate: '2027-02-01' }).expect(200);
    const bookedA = await t.http().post('/assessments').set(a.token).send({ referralId: a.referralId, visits: planA.body.visits }).expect(201);
    const planB = await t.http().post('/assessments/proposals').set(b.token).send({ referralId: b.referralId, earliestDate: '2027-02-01' }).expect(200);
    const bookedB = await t.http().post('/assessments').set(b.token).send({ referralId: b.referralId, visits: planB.body.visits }).expect(201);
    // B's physiotherapist visit is cancelled and not yet rebooked: B has a hole for that discipline.
    const physioB = bookedB.body.visits.find((v: { part: string }) => v.part === 'physiotherapist');
    await t.http().post(`/appointments/${physioB.id}/cancel`).set(b.token).send({ reason: 'krockar med arbete' }).expect(200);
    // Then A cancels their physiotherapist visit: its time goes to B.
    const physioA = bookedA.body.visits.find((v: { part: string }) => v.part === 'physiotherapist');
    await t.http().post(`/appointments/${physioA.id}/cancel`).set(a.token).send({ reason: 'sjuk' }).expect(200);
    const candidates = await t.http().get(`/appointments/${physioA.id}/cancellation-candidates`).set(a.token).expect(200);
    expect(candidates.body.candidates.map((c: { referralId: string }) => c.referralId)).toEqual([b.referralId]);
    const filled = await t.http().post(`/appointments/${physioA.id}/cancellation-candidates/book`).set(a.token).send({ referralId: b.referralId }).expect(201);
    expect(filled.body).toMatchObject({ assessmentId: bookedB.body.id, patientIds: [b.patientId], start: physioA.start });
    const assessmentB = await t.http().get(`/assessments/${bookedB.body.id}`).set(b.token).expect(200);
    expect(assessmentB.body.visits.filter((v: { part: string; status: string }) => v.part === 'physiotherapist' && v.status === 'booked')).toHaveLength(1);
  });

  it('reschedules one visit, moving the feedback conversation only when it no longer fits', async () => {
    const { token, referralId } = await clinicWithReferral();
    const proposal = await t.http().post('/assessments/proposals').set(token).send({ referralId, earliestDate: '2027-02-01' }).expect(200);
    const booked = await t.http().post('/assessments').set(token).send({ referralId, visits: proposal.body.visits }).expect(201);
    const visit = (body: { visits: { part: string; start: string; status: string; id: string }[] }, part: string) =>
      body.visits.find((v) => v.part === part && v.status === 'booked')!;

    const first = booked.body.visits[0];
    const moved = await t.http().post(`/assessments/${booked.body.id}/visits/${first.id}/reschedule`).set(token).send({ earliestDate: '2027-02-01' }).expect(200);
    const movedFirst = visit(moved.body, first.part);
    expect(movedFirst.start).toBe('2027-02-01T09:30:00+01:00'); // its old time is never offered again
    expect(visit(moved.body, 'feedback').start).toBe(visit(booked.body, 'feedback').start);

    const last = booked.body.visits[3];
    const later = await t.http().post(`/assessments/${booked.body.id}/visits/${last.id}/reschedule`).set(token).send({ earliestDate: '2027-02-08' }).expect(200);
    expect(visit(later.body, last.part).start.slice(0, 10)).toBe('2027-02-08');
    // Two working days after Monday 2027-02-08 at the earliest.
    expect(visit(later.body, 'feedback').start.slice(0, 10) >= '2027-02-10').toBe(true);
    expect(later.body.visits.filter((v: { status: string }) => v.status === 'booked')).toHaveLength(5);

    const outside = await t.http().post(`/assessments/${booked.body.id}/visits/${first.id}/reschedule`).set(token).send({ earliestDate: '2027-03-20' }).expect(422);
    expect(outside.body.details[0].field).toBe('visitId');
  });
});
