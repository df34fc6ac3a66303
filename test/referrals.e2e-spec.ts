import { bearer, createClinic, createPatient, createStaff, referralBody, userToken } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

type Clinic = Awaited<ReturnType<typeof createClinic>>;

describe('referrals, triage, waiting list and cancellation list', () => {
  let t: TestApp;
  let c: Clinic;
  let coordinator: { Authorization: string };

  beforeAll(async () => {
    t = await createTestApp();
    c = await createClinic(t);
    coordinator = bearer(c.coordinatorToken);
  });
  afterAll(() => t.close());

  async function refer(overrides: Record<string, unknown> = {}, site = c) {
    const patient = await createPatient(t, site.site.id);
    const response = await t.http().post('/referrals').set(bearer(site.coordinatorToken)).send(referralBody(patient.id, site.site.id, overrides)).expect(201);
    return response.body;
  }
  const decide = (id: string, decision: string, reasons: string[] = [], token = c.coordinatorToken) =>
    t.http().post(`/referrals/${id}/decision`).set(bearer(token)).send({ decision, reasons, decidedBy: 'Koordinator Karin' });

  describe('intake', () => {
    it('stores a complete referral awaiting a decision, with a triage suggestion and the 90-day deadline', async () => {
      const referral = await refer();
      expect(referral).toMatchObject({
        status: 'awaiting_decision',
        receivedDate: '2026-12-01',
        careGuaranteeDeadline: '2027-03-01',
        missingContents: [],
        missingFields: [],
        triageSuggestion: { outcome: 'eligible', reasons: [] },
      });
    });

    it('stores a referral lacking contents as incomplete with the list of what is missing', async () => {
      const referral = await refer({ painLocation: undefined, medications: '', consentToRecordAccess: undefined });
      expect(referral.status).toBe('incomplete');
      expect(referral.missingContents).toEqual(['pain location', 'current medications', "the patient's consent to reading their records"]);
      expect(referral.missingFields).toEqual(['painLocation', 'medications', 'consentToRecordAccess']);
    });

    it('treats a refused consent to reading records as missing', async () => {
      const referral = await refer({ consentToRecordAccess: false });
      expect(referral.status).toBe('incomplete');
      expect(referral.missingContents).toEqual(["the patient's consent to reading their records"]);
      await decide(referral.id, 'accepted').expect(409);
    });

    it('refuses wrong types with 400 naming each field, and an unknown patient with 422', async () => {
      const patient = await createPatient(t, c.site.id);
      const bad = await t
        .http()
        .post('/referrals')
        .set(coordinator)
        .send(referralBody(patient.id, c.site.id, { painDurationMonths: 'long', painType: 'sharp', receivedDate: '2027-13-01', referrer: { name: 'x' } }))
        .expect(400);
      expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual(
        ['painDurationMonths', 'painType', 'receivedDate', 'referrer.contact', 'referrer.unit', 'referrer.unitKind'].sort(),
      );
      const unknown = await t
        .http()
        .post('/referrals')
        .set(coordinator)
        .send(referralBody('00000000-0000-4000-8000-000000000000', c.site.id))
        .expect(422);
      expect(unknown.body.details[0].field).toBe('patientId');
    });

    it('completing an incomplete referral makes it await a decision', async () => {
      const referral = await refer({ painLocation: undefined });
      const completed = await t.http().patch(`/referrals/${referral.id}`).set(coordinator).send({ painLocation: 'nacke' }).expect(200);
      expect(completed.body).toMatchObject({ status: 'awaiting_decision', missingContents: [] });
    });
  });

  describe('triage at the thresholds', () => {
    it.each([
      [{ painDurationMonths: 3 }, 'eligible', []],
      [{ painDurationMonths: 2 }, 'not_eligible', ['pain duration 2 months < 3']],
      [{ meddMgPerDay: 60 }, 'eligible', []],
      [{ meddMgPerDay: 61 }, 'not_eligible', ['MEDD 61 > 60']],
      [{ earlierMmrCompletedOn: '2024-12-01' }, 'eligible', []],
      [{ earlierMmrCompletedOn: '2024-12-02' }, 'not_eligible', ['multimodal rehabilitation completed 2024-12-02, within 2 years']],
      [{ painType: 'neuropathic' }, 'not_eligible', ['neuropathic pain: the pain clinic assesses it first']],
      [{ activeRheumaticDisease: true }, 'not_eligible', ['active rheumatic disease not in remission']],
      [{ malignantCause: true }, 'not_eligible', ['malignant cause of the pain']],
      [{ ongoingOrPlannedIntervention: true }, 'not_eligible', ['ongoing or planned medical intervention (e.g. planned surgery)']],
      [{ substanceUseDisorderNeedingTreatment: true }, 'not_eligible', ['known substance use disorder that needs treatment first']],
      [{ severePsychiatricIllness: true }, 'not_eligible', ['severe psychiatric illness']],
      [{ psychiatricDiagnosisWithoutPainComorbidity: true }, 'not_eligible', ['exhaustion, depression or anxiety without pain comorbidity']],
      [{ medicallyFullyInvestigated: false }, 'not_eligible', ['not medically fully investigated for other serious disease']],
      [{ fullSicknessCompensation: true }, 'needs_consultation', ['applies for or has full sickness compensation: contact us, an assessment can still be worth it']],
    ])('%j → %s', async (overrides, outcome, reasons) => {
      const referral = await refer(overrides);
      expect(referral.triageSuggestion.outcome).toBe(outcome);
      expect(referral.triageSuggestion.reasons.map((r: { text: string }) => r.text)).toEqual(reasons);
    });

    it('checks working age on the day the referral arrived', async () => {
      const patient = await t
        .http()
        .post('/patients')
        .set(coordinator)
        .send({ siteId: c.site.id, personalNumber: '19581130-1232', name: 'Äldre Patient', reminderChannel: 'none' })
        .expect(201);
      const referral = await t.http().post('/referrals').set(coordinator).send(referralBody(patient.body.id, c.site.id, { receivedDate: '2026-01-04' })).expect(201);
      expect(referral.body.triageSuggestion).toEqual({ outcome: 'eligible', reasons: [] }); // 67 on 2026-01-04
      const later = await t.http().post('/referrals').set(coordinator).send(referralBody(patient.body.id, c.site.id, { receivedDate: '2026-11-30' })).expect(201);
      expect(later.body.triageSuggestion.reasons.map((r: { text: string }) => r.text)).toEqual(['age 68 outside working age 18–67']);
    });

    it('uses the site’s own criteria when it changes them', async () => {
      const other = await createClinic(t);
      await t.http().patch(`/sites/${other.site.id}/settings`).set(bearer(other.coordinatorToken)).send({ triage: { minPainMonths: 6 }, careGuaranteeDays: 60 }).expect(200);
      const referral = await refer({ painDurationMonths: 5 }, other);
      expect(referral.triageSuggestion.reasons.map((r: { text: string }) => r.text)).toEqual(['pain duration 5 months < 6']);
      expect(referral.careGuaranteeDeadline).toBe('2027-01-30');
      const settings = await t.http().get(`/sites/${other.site.id}/settings`).set(bearer(other.coordinatorToken)).expect(200);
      expect(settings.body).toMatchObject({ careGuaranteeDays: 60, atRiskDays: 14, triage: { minPainMonths: 6, maxMeddMgPerDay: 60 } });
    });
  });

  describe('decisions and the referral answer', () => {
    it('keeps a decision that differs from the suggestion beside it', async () => {
      const referral = await refer({ meddMgPerDay: 61 });
      const accepted = await decide(referral.id, 'accepted', ['tapering started, accept anyway']).expect(200);
      expect(accepted.body.status).toBe('accepted');
      const read = await t.http().get(`/referrals/${referral.id}`).set(coordinator).expect(200);
      expect(read.body.decisions).toEqual([
        expect.objectContaining({ decision: 'accepted', suggestedOutcome: 'not_eligible', reasons: ['tapering started, accept anyway'], decidedBy: 'Koordinator Karin' }),
      ]);
      expect(read.body.triageSuggestion.outcome).toBe('not_eligible');
    });

    it('answers the referrer of a rejected referral with the reasons and other measures', async () => {
      const referral = await refer({ painType: 'neuropathic' });
      await t.http().get(`/referrals/${referral.id}/answer`).set(coordinator).expect(409);
      await decide(referral.id, 'rejected', []).expect(422);
      await decide(referral.id, 'rejected', ['neuropatisk smärta']).expect(200);
      const answer = await t.http().get(`/referrals/${referral.id}/answer`).set(coordinator).expect(200);
      expect(answer.body).toMatchObject({
        decision: 'rejected',
        to: { name: 'Dr. Lisa Ek', unit: 'Vårdcentralen Skultuna' },
        reasons: ['neuropatisk smärta'],
        suggestedMeasures: ['Remiss till smärtmottagningen för bedömning av den neuropatiska smärtan.'],
      });
      expect(answer.body.text).toContain('Förslag på andra åtgärder');
    });

    it('lets a physician decide, but not another clinician', async () => {
      const referral = await refer();
      const psychologistToken = await userToken(t, 'clinician', { staffId: c.staff.psychologist.id });
      await decide(referral.id, 'accepted', [], psychologistToken).expect(403);
      await decide(referral.id, 'more_information_requested', ['MR-svar saknas'], c.clinicianToken).expect(200);
    });
  });

  describe('the waiting list', () => {
    it('orders by deadline, then priority, then arrival, with days left and the 14-day boundary', async () => {
      const site = await createClinic(t);
      const make = async (receivedDate: string, priority: number) => {
        const referral = await refer({ receivedDate, priority }, site);
        await decide(referral.id, 'accepted', [], site.coordinatorToken).expect(200);
        return referral.id;
      };
      const late = await make('2026-01-20', 2); // deadline 2026-04-20
      const urgent = await make('2026-01-10', 1); // deadline 2026-04-10
      const normal = await make('2026-01-10', 2); // same deadline, lower priority
      const older = await make('2026-01-05', 3); // deadline 2026-04-05
      const notAccepted = await refer({ receivedDate: '2026-01-01' }, site);

      const list = await t.http().get('/waitlist').query({ siteId: site.site.id, asOf: '2026-03-22' }).set(bearer(site.coordinatorToken)).expect(200);
      expect(list.body.items.map((i: { referralId: string }) => i.referralId)).toEqual([older, urgent, normal, late]);
      expect(list.body.items.map((i: { referralId: string }) => i.referralId)).not.toContain(notAccepted.id);
      expect(list.body.items.map((i: { daysLeft: number; status: string }) => [i.daysLeft, i.status])).toEqual([
        [14, 'at_risk'],
        [19, 'ok'],
        [19, 'ok'],
        [29, 'ok'],
      ]);
      expect(list.body).toMatchObject({ total: 4, atRisk: 1, breached: 0 });

      const later = await t.http().get('/waitlist').query({ siteId: site.site.id, asOf: '2026-04-06' }).set(bearer(site.coordinatorToken)).expect(200);
      expect(later.body.items.map((i: { daysLeft: number; status: string }) => [i.daysLeft, i.status])).toEqual([
        [-1, 'breached'],
        [4, 'at_risk'],
        [4, 'at_risk'],
        [14, 'at_risk'],
      ]);
      expect(later.body).toMatchObject({ total: 4, atRisk: 3, breached: 1 });
    });

    it('counts the deadline in local calendar days across a daylight-saving change', async () => {
      const site = await createClinic(t);
      const referral = await refer({ receivedDate: '2026-01-02' }, site); // deadline 2026-04-02; summer time begins 2026-03-29
      await decide(referral.id, 'accepted', [], site.coordinatorToken).expect(200);
      expect(referral.careGuaranteeDeadline).toBe('2026-04-02');
      const before = await t.http().get('/waitlist').query({ siteId: site.site.id, asOf: '2026-03-28' }).set(bearer(site.coordinatorToken)).expect(200);
      const after = await t.http().get('/waitlist').query({ siteId: site.site.id, asOf: '2026-03-30' }).set(bearer(site.coordinatorToken)).expect(200);
      expect([before.body.items[0].daysLeft, after.body.items[0].daysLeft]).toEqual([5, 3]);
    });

    it('lets the first booked visit end the wait', async () => {
      const site = await createClinic(t);
      const referral = await refer({}, site);
      await decide(referral.id, 'accepted', [], site.coordinatorToken).expect(200);
      const booked = await t
        .http()
        .post('/appointments')
        .set(bearer(site.coordinatorToken))
        .send({
          kind: 'assessment_visit',
          siteId: site.site.id,
          start: '2027-02-02T09:00:00+01:00',
          end: '2027-02-02T10:30:00+01:00',
          staffIds: [site.staff.nurse.id],
          patientIds: [referral.patientId],
          referralId: referral.id,
        })
        .expect(201);
      expect(booked.body.referralId).toBe(referral.id);
      const list = await t.http().get('/waitlist').query({ siteId: site.site.id }).set(bearer(site.coordinatorToken)).expect(200);
      expect(list.body.total).toBe(0);
      await t.http().post(`/appointments/${booked.body.id}/cancel`).set(bearer(site.coordinatorToken)).send({ reason: 'återbud' }).expect(200);
      const again = await t.http().get('/waitlist').query({ siteId: site.site.id }).set(bearer(site.coordinatorToken)).expect(200);
      expect(again.body.total).toBe(1);
    });
  });

  describe('transfer between sites', () => {
    it('keeps the received date and the deadline, and moves the patient along', async () => {
      const from = await createClinic(t);
      const to = await createClinic(t);
      const referral = await refer({ receivedDate: '2026-01-15' }, from);
      await decide(referral.id, 'accepted', [], from.coordinatorToken).expect(200);
      const moved = await t.http().post(`/referrals/${referral.id}/transfer`).set(bearer(from.coordinatorToken)).send({ toSiteId: to.site.id, reason: 'närmare hemmet' }).expect(200);
      expect(moved.body).toMatchObject({ siteId: to.site.id, receivedDate: '2026-01-15', careGuaranteeDeadline: '2026-04-15', status: 'accepted' });
      const list = await t.http().get('/waitlist').query({ siteId: to.site.id }).set(bearer(to.coordinatorToken)).expect(200);
      expect(list.body.items.map((i: { referralId: string }) => i.referralId)).toEqual([referral.id]);
      await t.http().get(`/patients/${referral.patientId}`).set(bearer(to.coordinatorToken)).expect(200);
      await t.http().get(`/referrals/${referral.id}`).set(bearer(from.coordinatorToken)).expect(404);
      const read = await t.http().get(`/referrals/${referral.id}`).set(bearer(to.coordinatorToken)).expect(200);
      expect(read.body.transfers).toEqual([expect.objectContaining({ fromSiteId: from.site.id, toSiteId: to.site.id, reason: 'närmare hemmet' })]);
      const [episode] = (await t.http().get('/episodes').query({ referralId: referral.id }).set(bearer(to.coordinatorToken)).expect(200)).body;
      await t.http().get(`/episodes/${episode.id}`).set(bearer(to.coordinatorToken)).expect(200);
      await t.http().get(`/episodes/${episode.id}`).set(bearer(from.coordinatorToken)).expect(404);
    });
  });

  describe('who sees referrals', () => {
    it('keeps them from patients and from other sites, and audits every read', async () => {
      const referral = await refer();
      await t.http().get(`/referrals/${referral.id}`).set(bearer(c.patientToken)).expect(403);
      await t.http().get('/referrals').set(bearer(c.patientToken)).expect(403);
      await t.http().get('/waitlist').set(bearer(c.patientToken)).expect(403);
      const other = await createClinic(t);
      await t.http().get(`/referrals/${referral.id}`).set(bearer(other.clinicianToken)).expect(404);
      const list = await t.http().get('/referrals').set(bearer(other.clinicianToken)).expect(200);
      expect(list.body).toEqual([]);

      const nurse = await userToken(t, 'clinician', { staffId: (await createStaff(t, c.site.id, 'nurse')).id });
      await t.http().get(`/referrals/${referral.id}`).set(bearer(nurse)).expect(200);
      const log = await t.http().get('/audit').query({ patientId: referral.patientId }).set(bearer(t.adminToken)).expect(200);
      expect(log.body[0]).toMatchObject({ action: 'read', resource: 'referral', resourceIds: [referral.id], endpoint: 'GET /referrals/:id', role: 'clinician' });
    });
  });

  describe('the cancellation list', () => {
    it('offers a cancelled time to waiting patients who can come at short notice and are free, in queue order, and books one in one call', async () => {
      const site = await createClinic(t);
      const accept = async (overrides: Record<string, unknown>) => {
        const referral = await refer(overrides, site);
        await decide(referral.id, 'accepted', [], site.coordinatorToken).expect(200);
        return referral;
      };
      const first = await accept({ receivedDate: '2026-01-05', availableAtShortNotice: true });
      const second = await accept({ receivedDate: '2026-01-06', availableAtShortNotice: true });
      await accept({ receivedDate: '2026-01-04', availableAtShortNotice: false });
      const busy = await accept({ receivedDate: '2026-01-03', availableAtShortNotice: true });

      const slot = { start: '2027-02-03T09:00:00+01:00', end: '2027-02-03T10:30:00+01:00' };
      const token = bearer(site.coordinatorToken);
      // The busy patient has another appointment at that time.
      await t
        .http()
        .post('/appointments')
        .set(token)
        .send({ kind: 'other', siteId: site.site.id, ...slot, staffIds: [site.staff.psychologist.id], patientIds: [busy.patientId] })
        .expect(201);
      const original = await t
        .http()
        .post('/appointments')
        .set(token)
        // Not an assessment visit: that starts a whole assessment (test/cancellation-assessment.e2e-spec.ts).
        .send({ kind: 'other', siteId: site.site.id, roomId: site.rooms.office.id, ...slot, staffIds: [site.staff.physiotherapist.id], patientIds: [site.patients[0].id] })
        .expect(201);
      await t.http().get(`/appointments/${original.body.id}/cancellation-candidates`).set(token).expect(409);
      await t.http().post(`/appointments/${original.body.id}/cancel`).set(token).send({ reason: 'patienten sjuk' }).expect(200);

      const candidates = await t.http().get(`/appointments/${original.body.id}/cancellation-candidates`).set(token).expect(200);
      expect(candidates.body.candidates.map((x: { referralId: string }) => x.referralId)).toEqual([first.id, second.id]);

      const filled = await t.http().post(`/appointments/${original.body.id}/cancellation-candidates/book`).set(token).send({ referralId: second.id }).expect(201);
      expect(filled.body).toMatchObject({
        start: slot.start,
        end: slot.end,
        kind: 'other',
        roomId: site.rooms.office.id,
        staffIds: [site.staff.physiotherapist.id],
        patientIds: [second.patientId],
        referralId: second.id,
      });
      const list = await t.http().get('/waitlist').query({ siteId: site.site.id }).set(token).expect(200);
      expect(list.body.items.map((x: { referralId: string }) => x.referralId)).not.toContain(second.id);
      // The slot is taken now; the next candidate cannot have it too.
      await t.http().post(`/appointments/${original.body.id}/cancellation-candidates/book`).set(token).send({ referralId: first.id }).expect(409);
      await t.http().post(`/appointments/${original.body.id}/cancellation-candidates/book`).set(token).send({ referralId: busy.id }).expect(422);
    });
  });
});
