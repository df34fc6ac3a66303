import { DateTime } from 'luxon';
import { InterpreterNeed1764840000000 } from '../migrations/1764840000000-interpreter-need';
import { luhnCheckDigit } from '../src/core/rules/personal-number';
import { acceptedReferral, bearer, createClinic, createPatient, referralBody } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

type Clinic = Awaited<ReturnType<typeof createClinic>>;

/** Issue 16, intake: interpreter need, the referrer, the received date, a second episode, personal numbers. */
describe('referral intake (issue 16)', () => {
  let t: TestApp;
  let c: Clinic;
  let coordinator: { Authorization: string };

  beforeAll(async () => {
    t = await createTestApp();
    c = await createClinic(t);
    coordinator = bearer(c.coordinatorToken);
  });
  afterAll(() => t.close());

  const siteToday = () => DateTime.now().setZone('Europe/Stockholm').toISODate()!;
  const daysFromToday = (days: number) => DateTime.now().setZone('Europe/Stockholm').plus({ days }).toISODate()!;
  const post = (body: Record<string, unknown>) => t.http().post('/referrals').set(coordinator).send(body);
  async function refer(overrides: Record<string, unknown> = {}) {
    const patient = await createPatient(t, c.site.id);
    const response = await post(referralBody(patient.id, c.site.id, overrides)).expect(201);
    return response.body;
  }
  const fields = (body: { details?: { field: string }[] }) => (body.details ?? []).map((d) => d.field);

  describe('interpreter need (A1)', () => {
    it('counts a referral that does not say whether an interpreter is needed as incomplete', async () => {
      const referral = await refer({ interpreterNeeded: undefined });
      expect(referral.status).toBe('incomplete');
      expect(referral.missingFields).toEqual(['interpreterNeeded']);
      expect(referral.missingContents).toEqual(['interpreter need yes/no']);
      const completed = await t.http().patch(`/referrals/${referral.id}`).set(coordinator).send({ interpreterNeeded: false }).expect(200);
      expect(completed.body).toMatchObject({ status: 'awaiting_decision', missingFields: [], contents: { interpreterNeeded: false } });
    });

    it('refuses a needed interpreter without a language, and a language without the need, naming interpreterLanguage', async () => {
      const patient = await createPatient(t, c.site.id);
      for (const answer of [{ interpreterNeeded: true }, { interpreterNeeded: true, interpreterLanguage: '  ' }, { interpreterNeeded: false, interpreterLanguage: 'arabiska' }, { interpreterNeeded: undefined, interpreterLanguage: 'arabiska' }]) {
        const response = await post(referralBody(patient.id, c.site.id, answer)).expect(400);
        expect(fields(response.body)).toEqual(['interpreterLanguage']);
      }
      const referral = await refer({ interpreterNeeded: true, interpreterLanguage: 'tigrinja' });
      const refused = await t.http().patch(`/referrals/${referral.id}`).set(coordinator).send({ interpreterLanguage: '' }).expect(400);
      expect(fields(refused.body)).toEqual(['interpreterLanguage']);
      // "Not needed" drops the language given before.
      const changed = await t.http().patch(`/referrals/${referral.id}`).set(coordinator).send({ interpreterNeeded: false }).expect(200);
      expect(changed.body.contents.interpreterNeeded).toBe(false);
      expect(changed.body.contents).not.toHaveProperty('interpreterLanguage');
    });

    it('shows the interpreter on every visit of the patient who needs one, in the visit answers and the calendars', async () => {
      const clinic = await createClinic(t);
      const token = bearer(clinic.coordinatorToken);
      const needs = await acceptedReferral(t, clinic, { interpreterNeeded: true, interpreterLanguage: 'somaliska' });
      const other = clinic.patients[1].id;
      const visit = await t
        .http()
        .post('/appointments')
        .set(token)
        .send({
          kind: 'other',
          siteId: clinic.site.id,
          start: '2027-02-02T09:00:00+01:00',
          end: '2027-02-02T10:00:00+01:00',
          staffIds: [clinic.staff.nurse.id],
          patientIds: [needs.patientId, other],
        })
        .expect(201);
      const interpreters = (participants: { patientId: string; interpreter: unknown }[]) => Object.fromEntries(participants.map((p) => [p.patientId, p.interpreter]));
      expect(interpreters(visit.body.participants)).toEqual({ [needs.patientId]: { language: 'somaliska' }, [other]: null });
      const read = await t.http().get(`/appointments/${visit.body.id}`).set(token).expect(200);
      expect(interpreters(read.body.participants)).toEqual({ [needs.patientId]: { language: 'somaliska' }, [other]: null });

      const calendar = await t
        .http()
        .get(`/sites/${clinic.site.id}/calendar`)
        .query({ from: '2027-02-02T00:00:00+01:00', to: '2027-02-03T00:00:00+01:00' })
        .set(token)
        .expect(200);
      const entry = calendar.body.appointments.find((a: { id: string }) => a.id === visit.body.id);
      expect(Object.fromEntries(entry.patients.map((p: { id: string; interpreter: unknown }) => [p.id, p.interpreter]))).toEqual({
        [needs.patientId]: { language: 'somaliska' },
        [other]: null,
      });
    });

    it('lengthens a single visit of a patient who needs an interpreter by the site’s interpreterExtraMinutes', async () => {
      const clinic = await createClinic(t);
      const token = bearer(clinic.coordinatorToken);
      const needs = await acceptedReferral(t, clinic, { interpreterNeeded: true, interpreterLanguage: 'dari' });
      const lengths = async (patientId: string, extra: Record<string, unknown> = {}) => {
        const query = { siteId: clinic.site.id, kind: 'other', discipline: 'nurse', patientId, from: '2027-02-01', limit: 1, ...extra };
        const [slot] = (await t.http().get('/appointments/free-slots').query(query).set(token).expect(200)).body;
        return (Date.parse(slot.end) - Date.parse(slot.start)) / 60_000;
      };
      expect(await lengths(needs.patientId)).toBe(60); // the default: no extra time
      const settings = await t.http().patch(`/sites/${clinic.site.id}/settings`).set(token).send({ interpreterExtraMinutes: 30 }).expect(200);
      expect(settings.body.interpreterExtraMinutes).toBe(30);
      expect(await lengths(needs.patientId)).toBe(90);
      expect(await lengths(clinic.patients[1].id)).toBe(60);
      expect(await lengths(needs.patientId, { minutes: 45 })).toBe(45); // a length asked for stays as asked
      const refused = await t.http().patch(`/sites/${clinic.site.id}/settings`).set(token).send({ interpreterExtraMinutes: -5 }).expect(400);
      expect(fields(refused.body)).toEqual(['interpreterExtraMinutes']);
    });

    it('plans and books the assessment of a patient who needs an interpreter with visits the site’s interpreterExtraMinutes longer', async () => {
      const clinic = await createClinic(t);
      const token = bearer(clinic.coordinatorToken);
      await t.http().patch(`/sites/${clinic.site.id}/settings`).set(token).send({ interpreterExtraMinutes: 30 }).expect(200);
      const needs = await acceptedReferral(t, clinic, { interpreterNeeded: true, interpreterLanguage: 'arabiska' });
      const other = await acceptedReferral(t, clinic);
      type Visit = { part: string; start: string; end: string };
      const minutes = (visits: Visit[]) => Object.fromEntries(visits.map((v) => [v.part, (Date.parse(v.end) - Date.parse(v.start)) / 60_000]));
      const propose = async (referralId: string) => (await t.http().post('/assessments/proposals').set(token).send({ referralId, earliestDate: '2027-02-01' }).expect(200)).body;
      const longer = await propose(needs.referralId);
      expect(minutes(longer.visits)).toEqual({ nurse: 120, physician: 120, physiotherapist: 120, psychologist: 120, feedback: 90 });
      expect(minutes((await propose(other.referralId)).visits)).toEqual({ nurse: 90, physician: 90, physiotherapist: 90, psychologist: 90, feedback: 60 });
      // Booking checks the same lengths: the longer plan is valid for this patient.
      await t.http().post('/assessments').set(token).send({ referralId: needs.referralId, visits: longer.visits }).expect(201);
    });

    it('leaves referrals taken in before without the answer: the migration marks them as missing it', async () => {
      const referral = await refer();
      await t.db.query(`UPDATE referrals SET contents = contents - 'interpreterNeeded', missing_contents = '{}', status = 'awaiting_decision' WHERE id = $1`, [referral.id]);
      const decided = await acceptedReferral(t, c);
      await t.db.query(`UPDATE referrals SET contents = contents - 'interpreterNeeded' WHERE id = $1`, [decided.referralId]);
      const runner = t.db.createQueryRunner();
      try {
        await new InterpreterNeed1764840000000().up(runner);
      } finally {
        await runner.release();
      }
      const read = await t.http().get(`/referrals/${referral.id}`).set(coordinator).expect(200);
      expect(read.body).toMatchObject({ status: 'incomplete', missingContents: ['interpreter need yes/no'], missingFields: ['interpreterNeeded'] });
      expect(read.body.contents).not.toHaveProperty('interpreterNeeded');
      const accepted = await t.http().get(`/referrals/${decided.referralId}`).set(coordinator).expect(200);
      expect(accepted.body).toMatchObject({ status: 'accepted', missingContents: ['interpreter need yes/no'] });
    });
  });

  describe('the referrer (A2)', () => {
    it('is required, with a bounded name and unit, each a 400 naming the field', async () => {
      const patient = await createPatient(t, c.site.id);
      const body = referralBody(patient.id, c.site.id);
      const { referrer, ...withoutReferrer } = body;
      expect(fields((await post(withoutReferrer).expect(400)).body)).toEqual(['referrer']);
      expect(fields((await post({ ...body, referrer: null }).expect(400)).body)).toEqual(['referrer']);
      for (const field of ['name', 'unit'] as const) {
        const { [field]: _left, ...rest } = referrer;
        expect(fields((await post({ ...body, referrer: rest }).expect(400)).body)).toEqual([`referrer.${field}`]);
        expect(fields((await post({ ...body, referrer: { ...referrer, [field]: '' } }).expect(400)).body)).toEqual([`referrer.${field}`]);
        expect(fields((await post({ ...body, referrer: { ...referrer, [field]: 'x'.repeat(201) } }).expect(400)).body)).toEqual([`referrer.${field}`]);
      }
      const list = await t.http().get('/referrals').query({ siteId: c.site.id }).set(coordinator).expect(200);
      expect(list.body.filter((r: { patientId: string }) => r.patientId === patient.id)).toEqual([]);
    });
  });

  describe('the received date (A3)', () => {
    it('refuses a referral received after the site’s today, naming receivedDate', async () => {
      const patient = await createPatient(t, c.site.id);
      for (const receivedDate of [daysFromToday(1), daysFromToday(300)]) {
        const response = await post(referralBody(patient.id, c.site.id, { receivedDate }));
        expect([400, 422]).toContain(response.status);
        expect(fields(response.body)).toEqual(['receivedDate']);
      }
      await post(referralBody(patient.id, c.site.id, { receivedDate: siteToday() })).expect(201);
    });

    it('lets a coordinator correct it, audited, and moves the care-guarantee deadline and the waiting-list place with it', async () => {
      const clinic = await createClinic(t);
      const token = bearer(clinic.coordinatorToken);
      const first = await acceptedReferral(t, clinic, { receivedDate: '2026-10-01' }); // deadline 2026-12-30
      const second = await acceptedReferral(t, clinic, { receivedDate: '2026-10-10' }); // deadline 2027-01-08
      const order = async () =>
        (await t.http().get('/waitlist').query({ siteId: clinic.site.id, asOf: '2026-12-01' }).set(token).expect(200)).body.items.map((i: { referralId: string }) => i.referralId);
      expect(await order()).toEqual([first.referralId, second.referralId]);

      const clinicianRefused = await t.http().patch(`/referrals/${first.referralId}`).set(bearer(clinic.clinicianToken)).send({ receivedDate: '2026-10-20' });
      expect(clinicianRefused.status).toBe(403);
      const future = await t.http().patch(`/referrals/${first.referralId}`).set(token).send({ receivedDate: daysFromToday(1) });
      expect([400, 422]).toContain(future.status);
      expect(fields(future.body)).toEqual(['receivedDate']);

      const corrected = await t.http().patch(`/referrals/${first.referralId}`).set(token).send({ receivedDate: '2026-10-20' }).expect(200);
      expect(corrected.body).toMatchObject({ receivedDate: '2026-10-20', careGuaranteeDeadline: '2027-01-18', status: 'accepted' });
      expect(await order()).toEqual([second.referralId, first.referralId]);
      const waiting = (await t.http().get('/waitlist').query({ siteId: clinic.site.id, asOf: '2026-12-01' }).set(token).expect(200)).body.items;
      expect(waiting.find((i: { referralId: string }) => i.referralId === first.referralId)).toMatchObject({ receivedDate: '2026-10-20', daysLeft: 48 });

      const log = await t.http().get('/audit').query({ patientId: first.patientId }).set(bearer(t.adminToken)).expect(200);
      expect(log.body).toContainEqual(expect.objectContaining({ action: 'update', resource: 'referral', resourceIds: [first.referralId], role: 'coordinator' }));
    });
  });

  describe('a second referral while an episode is under way (A11)', () => {
    it('warns at triage naming the open episode, and accepts only with confirmSecondEpisode', async () => {
      const clinic = await createClinic(t);
      const token = bearer(clinic.coordinatorToken);
      const { referralId, patientId } = await acceptedReferral(t, clinic);
      const proposal = await t.http().post('/assessments/proposals').set(token).send({ referralId, earliestDate: '2027-02-01' }).expect(200);
      await t.http().post('/assessments').set(token).send({ referralId, visits: proposal.body.visits }).expect(201);
      const [episode] = (await t.http().get('/episodes').query({ referralId }).set(token).expect(200)).body;

      const second = await t.http().post('/referrals').set(token).send(referralBody(patientId, clinic.site.id)).expect(201);
      const warning = { code: 'open_episode', episodeId: episode.id, referralId, phase: 'assessment', text: expect.stringContaining(episode.id) };
      expect(second.body.warnings).toEqual([warning]);
      expect((await t.http().get(`/referrals/${second.body.id}`).set(token).expect(200)).body.warnings).toEqual([warning]);
      // The first referral's own episode is no warning to itself.
      expect((await t.http().get(`/referrals/${referralId}`).set(token).expect(200)).body.warnings).toEqual([]);

      const decide = (extra: Record<string, unknown>) =>
        t.http().post(`/referrals/${second.body.id}/decision`).set(token).send({ decision: 'accepted', reasons: [], decidedBy: 'K', ...extra });
      const refused = await decide({});
      expect([409, 422]).toContain(refused.status);
      expect(fields(refused.body)).toEqual(['confirmSecondEpisode']);
      expect((await decide({ confirmSecondEpisode: false })).status).toBe(refused.status);
      const accepted = await decide({ confirmSecondEpisode: true }).expect(200);
      expect(accepted.body).toMatchObject({ status: 'accepted', warnings: [warning] });
      // Rejecting needs no confirmation.
      const third = await t.http().post('/referrals').set(token).send(referralBody(patientId, clinic.site.id)).expect(201);
      await t.http().post(`/referrals/${third.body.id}/decision`).set(token).send({ decision: 'rejected', reasons: ['pågående utredning'], decidedBy: 'K' }).expect(200);
    });
  });

  describe('personal numbers (A12)', () => {
    const number = (date: string, day = date.slice(6, 8)) => {
      const nine = `${date.slice(2, 6)}${day}123`;
      return `${date.slice(0, 6)}${day}-123${luhnCheckDigit(nine)}`;
    };
    const create = (personalNumber: string) =>
      t.http().post('/patients').set(bearer(t.adminToken)).send({ siteId: c.site.id, personalNumber, name: 'Ny Patient', phone: '+46701234567', reminderChannel: 'sms' });

    it('refuses a date of birth in the future or before 1900, naming personalNumber, and keeps coordination numbers', async () => {
      const tomorrow = DateTime.now().setZone('UTC+14').plus({ days: 1 }).toFormat('yyyyMMdd');
      for (const personalNumber of [number(tomorrow), number('18991231'), number(tomorrow, String(Number(tomorrow.slice(6, 8)) + 60))]) {
        const response = await create(personalNumber).expect(400);
        expect(fields(response.body)).toEqual(['personalNumber']);
      }
      await create(number('19000101')).expect(201);
      await create(number('19900512', '72')).expect(201);
    });
  });
});
