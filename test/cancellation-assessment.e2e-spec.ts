import { acceptedReferral, bearer, bookedAssessment as bookedAssessmentOf, BookedVisit, createClinic } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

type Clinic = Awaited<ReturnType<typeof createClinic>>;
type Visit = BookedVisit;

/**
 * Issue 16, A4: a freed assessment visit starts a waiting patient's whole assessment (never a lone
 * visit), and an assessment that lost one visit gets that one booked again.
 */
describe('the cancellation list and assessments', () => {
  let t: TestApp;
  let c: Clinic;
  let auth: { Authorization: string };

  beforeAll(async () => {
    t = await createTestApp();
    c = await createClinic(t);
    auth = bearer(c.coordinatorToken);
  });
  afterAll(() => t.close());

  const bookedAssessment = (earliestDate: string) => bookedAssessmentOf(t, c, earliestDate);
  const partOf = (visits: Visit[], part: string) => visits.filter((v) => v.part === part && v.status === 'booked');
  const waiting = async () =>
    (await t.http().get('/waitlist').query({ siteId: c.site.id }).set(auth).expect(200)).body.items.map((x: { referralId: string }) => x.referralId);

  it('books no lone visit for a waiting patient: the freed visit opens a whole assessment planned around it, booked at once', async () => {
    const a = await bookedAssessment('2027-03-01');
    const nurseA = partOf(a.visits, 'nurse')[0];
    await t.http().post(`/appointments/${nurseA.id}/cancel`).set(auth).send({ reason: 'sjuk' }).expect(200);
    const b = await acceptedReferral(t, c, { availableAtShortNotice: true });

    const candidates = await t.http().get(`/appointments/${nurseA.id}/cancellation-candidates`).set(auth).expect(200);
    expect(candidates.body.candidates.map((x: { referralId: string }) => x.referralId)).toContain(b.referralId);
    // Still waiting, so the list says the freed visit would start a whole assessment.
    expect(candidates.body.candidates.find((x: { referralId: string }) => x.referralId === b.referralId).assessmentId).toBeNull();
    const lone = await t.http().post(`/appointments/${nurseA.id}/cancellation-candidates/book`).set(auth).send({ referralId: b.referralId }).expect(422);
    expect(lone.body.details).toEqual([{ field: 'referralId', problem: expect.stringContaining('freedAppointmentId'), code: 'waitlist.no_assessment', params: { appointmentId: expect.any(String) } }]);
    const [{ count }] = await t.db.query(`SELECT count(*)::int AS count FROM appointment_patients WHERE patient_id = $1`, [b.patientId]);
    expect(count).toBe(0);
    expect(await waiting()).toContain(b.referralId);

    const proposal = await t.http().post('/assessments/proposals').set(auth).send({ referralId: b.referralId, freedAppointmentId: nurseA.id }).expect(200);
    expect(proposal.body).toMatchObject({ feasible: true, windowStart: nurseA.start.slice(0, 10) });
    expect(proposal.body.visits.map((v: { part: string }) => v.part).sort()).toEqual(['feedback', 'nurse', 'physician', 'physiotherapist', 'psychologist']);
    expect(proposal.body.visits.find((v: { part: string }) => v.part === 'nurse')).toMatchObject({ start: nurseA.start, end: nurseA.end, staffIds: nurseA.staffIds });
    const booked = await t.http().post('/assessments').set(auth).send({ referralId: b.referralId, visits: proposal.body.visits }).expect(201);
    expect(booked.body.visits.filter((v: Visit) => v.status === 'booked')).toHaveLength(5);
    expect(await waiting()).not.toContain(b.referralId);
  });

  it('answers a freed time that cannot start an assessment with the field at fault', async () => {
    const a = await bookedAssessment('2027-04-05');
    const { referralId } = await acceptedReferral(t, c, { availableAtShortNotice: true });
    const physician = partOf(a.visits, 'physician')[0];
    const still = await t.http().post('/assessments/proposals').set(auth).send({ referralId, freedAppointmentId: physician.id }).expect(409);
    expect(still.body.message).toContain('cancelled');
    const feedback = partOf(a.visits, 'feedback')[0];
    await t.http().post(`/appointments/${feedback.id}/cancel`).set(auth).send({ reason: 'läkaren sjuk' }).expect(200);
    const notAVisit = await t.http().post('/assessments/proposals').set(auth).send({ referralId, freedAppointmentId: feedback.id }).expect(422);
    expect(notAVisit.body.details[0].field).toBe('freedAppointmentId');
    const bad = await t.http().post('/assessments/proposals').set(auth).send({ referralId, freedAppointmentId: 'nope' }).expect(400);
    expect(bad.body.details[0].field).toBe('freedAppointmentId');
  });

  it('books again the one visit an assessment lost, within its window and before its feedback, audited', async () => {
    const a = await bookedAssessment('2027-05-03');
    const psychologist = partOf(a.visits, 'psychologist')[0];
    await t.http().post(`/appointments/${psychologist.id}/cancel`).set(auth).send({ reason: 'krockar med arbete' }).expect(200);

    const rebooked = await t.http().post(`/assessments/${a.id}/visits`).set(auth).send({ earliestDate: '2027-05-03' }).expect(201);
    const visits = rebooked.body.visits as Visit[];
    const [again] = partOf(visits, 'psychologist');
    expect(again.id).not.toBe(psychologist.id);
    expect(again.start).not.toBe(psychologist.start);
    expect(again.start.slice(0, 10) >= rebooked.body.windowStart && again.start.slice(0, 10) <= rebooked.body.windowEnd).toBe(true);
    expect(Date.parse(again.end)).toBeLessThanOrEqual(Date.parse(partOf(visits, 'feedback')[0].start));
    for (const part of ['nurse', 'physician', 'physiotherapist', 'psychologist', 'feedback']) expect(partOf(visits, part)).toHaveLength(1);
    const audited = await t.db.query(`SELECT action FROM audit_log WHERE resource = 'assessment' AND $1 = ANY(resource_ids) AND action = 'update'`, [a.id]);
    expect(audited).toHaveLength(1);

    const nothingLost = await t.http().post(`/assessments/${a.id}/visits`).set(auth).send({}).expect(409);
    expect(nothingLost.body.message).toContain('lacks no visit');
    const badDate = await t.http().post(`/assessments/${a.id}/visits`).set(auth).send({ earliestDate: '2027-13-01' }).expect(400);
    expect(badDate.body.details[0].field).toBe('earliestDate');
  });

  it('rebooks a lost visit once when two coordinators ask at the same time', async () => {
    const a = await bookedAssessment('2027-06-07');
    const nurse = partOf(a.visits, 'nurse')[0];
    await t.http().post(`/appointments/${nurse.id}/cancel`).set(auth).send({ reason: 'sjuk' }).expect(200);
    const answers = await Promise.all([0, 1].map(() => t.http().post(`/assessments/${a.id}/visits`).set(auth).send({ earliestDate: '2027-06-07' })));
    expect(answers.map((r) => r.status).sort()).toEqual([201, 409]);
    const [{ count }] = await t.db.query(`SELECT count(*)::int AS count FROM appointments WHERE assessment_id = $1 AND assessment_part = 'nurse' AND status = 'booked'`, [a.id]);
    expect(count).toBe(1);
  });
});
