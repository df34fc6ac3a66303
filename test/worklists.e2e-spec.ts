import { DateTime } from 'luxon';
import { acceptedReferral, bearer, createClinic, createPatient, referralBody, userToken } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

/** Issue 16, B8: the lists the start pages read. */
describe('worklists', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof createClinic>>;
  let other: Awaited<ReturnType<typeof createClinic>>;
  let coordinator: { Authorization: string };
  let clinician: { Authorization: string };

  beforeAll(async () => {
    t = await createTestApp();
    c = await createClinic(t);
    other = await createClinic(t);
    coordinator = bearer(c.coordinatorToken);
    clinician = bearer(c.clinicianToken);
  });
  afterAll(() => t.close());

  const ids = (rows: { referralId?: string; appointmentId?: string; id?: string }[]) => rows.map((row) => row.referralId ?? row.appointmentId ?? row.id);
  const today = () => DateTime.now().setZone('Europe/Stockholm').startOf('day');

  describe('visits without attendance after they ended', () => {
    let physicians: string;
    let nurses: string;
    let recorded: string;

    beforeAll(async () => {
      const book = (start: string, end: string, staffId: string, patientId = c.patients[1].id) =>
        t
          .http()
          .post('/appointments')
          .set(coordinator)
          .send({ kind: 'individual_visit', siteId: c.site.id, roomId: c.rooms.office.id, start, end, staffIds: [staffId], patientIds: [patientId] })
          .expect(201)
          .then((response) => response.body.id as string);
      physicians = await book('2026-11-02T09:00:00+01:00', '2026-11-02T10:00:00+01:00', c.staff.physician.id);
      nurses = await book('2026-11-03T09:00:00+01:00', '2026-11-03T10:00:00+01:00', c.staff.nurse.id);
      recorded = await book('2026-11-04T09:00:00+01:00', '2026-11-04T10:00:00+01:00', c.staff.physician.id);
      await t.http().post(`/appointments/${recorded}/attendance`).set(clinician).send({ patientId: c.patients[1].id, participation: 'attended' }).expect(200);
      await book('2030-01-15T09:00:00+01:00', '2030-01-15T10:00:00+01:00', c.staff.physician.id);
      // Another site's forgotten visit is not this site's to record.
      await t
        .http()
        .post('/appointments')
        .set(bearer(other.coordinatorToken))
        .send({ kind: 'individual_visit', siteId: other.site.id, start: '2026-11-02T09:00:00+01:00', end: '2026-11-02T10:00:00+01:00', staffIds: [other.staff.nurse.id], patientIds: [other.patients[0].id] })
        .expect(201);
    });

    it('lists the site’s for a coordinator, the earliest first, with the patients still unrecorded', async () => {
      const list = await t.http().get('/worklists/unrecorded-visits').set(coordinator).expect(200);
      expect(ids(list.body)).toEqual([physicians, nurses]);
      expect(list.body[0]).toEqual({
        appointmentId: physicians,
        siteId: c.site.id,
        kind: 'individual_visit',
        start: '2026-11-02T09:00:00+01:00',
        end: '2026-11-02T10:00:00+01:00',
        staff: [{ id: c.staff.physician.id, name: c.staff.physician.name }],
        patients: [{ id: c.patients[1].id, name: 'Bo Berg' }],
      });
    });

    it('lists a clinician’s own only, and logs the patients as read', async () => {
      const list = await t.http().get('/worklists/unrecorded-visits').set(clinician).expect(200);
      expect(ids(list.body)).toEqual([physicians]);
      const log = await t.http().get('/audit').query({ patientId: c.patients[1].id, action: 'read' }).set(bearer(t.adminToken)).expect(200);
      expect(log.body.some((entry: { endpoint: string }) => entry.endpoint === 'GET /worklists/unrecorded-visits')).toBe(true);
    });

    it('refuses another site’s list and a patient', async () => {
      await t.http().get('/worklists/unrecorded-visits').query({ siteId: other.site.id }).set(coordinator).expect(403);
      await t.http().get('/worklists/unrecorded-visits').set(bearer(c.patientToken)).expect(403);
    });
  });

  describe('referrals awaiting a decision', () => {
    it('lists the site’s complete referrals without a decision, the earliest received first', async () => {
      const patient = await createPatient(t, c.site.id, 'Dag Dahl');
      const later = await t.http().post('/referrals').set(coordinator).send(referralBody(patient.id, c.site.id, { receivedDate: '2026-11-20' })).expect(201);
      const earlier = await t.http().post('/referrals').set(coordinator).send(referralBody(c.patients[2].id, c.site.id, { receivedDate: '2026-11-10' })).expect(201);
      await acceptedReferral(t, c);
      await t.http().post('/referrals').set(bearer(other.coordinatorToken)).send(referralBody(other.patients[1].id, other.site.id)).expect(201);

      const list = await t.http().get('/worklists/referrals-awaiting-decision').set(coordinator).expect(200);
      expect(ids(list.body)).toEqual([earlier.body.id, later.body.id]);
      expect(list.body[1]).toEqual({
        referralId: later.body.id,
        siteId: c.site.id,
        patientId: patient.id,
        patientName: 'Dag Dahl',
        receivedDate: '2026-11-20',
        careGuaranteeDeadline: '2027-02-18',
        triageOutcome: later.body.triageSuggestion.outcome,
      });
      await t.http().get('/worklists/referrals-awaiting-decision').set(clinician).expect(403);
    });
  });

  describe('care-guarantee deadlines', () => {
    it('lists waiting referrals breached or due within the days asked for, with the days left', async () => {
      const received = (daysLeft: number) => today().minus({ days: 90 - daysLeft }).toISODate()!;
      const breached = await acceptedReferral(t, c, { receivedDate: received(-5) });
      const inAWeek = await acceptedReferral(t, c, { receivedDate: received(7) });
      await acceptedReferral(t, c, { receivedDate: received(60) });
      await acceptedReferral(t, other, { receivedDate: received(-5) });

      const fortnight = await t.http().get('/worklists/care-guarantee-due').set(coordinator).expect(200);
      expect(ids(fortnight.body)).toEqual([breached.referralId, inAWeek.referralId]);
      expect(fortnight.body.map((row: { daysLeft: number; breached: boolean }) => [row.daysLeft, row.breached])).toEqual([
        [-5, true],
        [7, false],
      ]);
      const threeDays = await t.http().get('/worklists/care-guarantee-due').query({ withinDays: 3 }).set(coordinator).expect(200);
      expect(ids(threeDays.body)).toEqual([breached.referralId]);

      const bad = await t.http().get('/worklists/care-guarantee-due').query({ withinDays: 91 }).set(coordinator).expect(400);
      expect(bad.body.details).toEqual([{ field: 'withinDays', problem: expect.any(String), code: 'validation.too_large', params: { max: expect.any(Number) } }]);
    });
  });

  describe('stalled episodes', () => {
    it('answers what the episodes’ own query of stalled episodes answers', async () => {
      const { referralId, patientId } = await acceptedReferral(t, c, { receivedDate: '2026-05-04' });
      const proposal = await t.http().post('/assessments/proposals').set(coordinator).send({ referralId, earliestDate: '2026-06-01' }).expect(200);
      await t.http().post('/assessments').set(coordinator).send({ referralId, visits: proposal.body.visits }).expect(201);

      const list = await t.http().get('/worklists/stalled-episodes').set(coordinator).expect(200);
      expect(list.body.map((row: { patientId: string }) => row.patientId)).toContain(patientId);
      expect(list.body).toEqual((await t.http().get('/episodes/stalled').set(coordinator).expect(200)).body);
      await t.http().get('/worklists/stalled-episodes').set(clinician).expect(403);
      const admin = await t.http().get('/worklists/stalled-episodes').query({ siteId: c.site.id }).set(bearer(await userToken(t, 'admin'))).expect(200);
      expect(admin.body).toEqual(list.body);
    });
  });
});
