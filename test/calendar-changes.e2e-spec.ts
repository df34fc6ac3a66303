import { BookingService } from '../src/calendar/booking.service';
import { AssessmentBatchService } from '../src/assessments/assessment-batch.service';
import { bearer, createClinic, createPatient, createRoom, referralBody } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

type Clinic = Awaited<ReturnType<typeof createClinic>>;

/** How the service notices calendar changes: the site's calendar version and the kept proposal calendars. */
describe('calendar changes', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  async function acceptedReferral(clinic: Clinic): Promise<string> {
    const token = bearer(clinic.coordinatorToken);
    const patient = await createPatient(t, clinic.site.id);
    const referral = await t.http().post('/referrals').set(token).send(referralBody(patient.id, clinic.site.id)).expect(201);
    await t.http().post(`/referrals/${referral.body.id}/decision`).set(token).send({ decision: 'accepted', reasons: [], decidedBy: 'K' }).expect(200);
    return referral.body.id;
  }

  const version = async (siteId: string): Promise<number> =>
    Number((await t.db.query(`SELECT calendar_version FROM sites WHERE id = $1`, [siteId]))[0].calendar_version);

  it('counts every change the booking rules read, and nothing else', async () => {
    const clinic = await createClinic(t);
    const admin = bearer(t.adminToken);
    const siteId = clinic.site.id;
    let seen = await version(siteId);
    const expectBump = async (change: string) => {
      const now = await version(siteId);
      expect({ change, bumped: now > seen }).toEqual({ change, bumped: true });
      seen = now;
    };

    await t
      .http()
      .post(`/staff/${clinic.staff.nurse.id}/absences`)
      .set(admin)
      .send({ start: '2027-03-01T08:00:00+01:00', end: '2027-03-01T12:00:00+01:00', reason: 'course' })
      .expect(201);
    await expectBump('absence added');
    await t.db.query(`DELETE FROM staff_absences WHERE staff_id = $1`, [clinic.staff.nurse.id]);
    await expectBump('absence removed');
    await t.http().post(`/sites/${siteId}/closures`).set(admin).send({ date: '2027-03-02', reason: 'Studiedag' }).expect(201);
    await expectBump('closure');
    await t.db.query(`UPDATE staff_members SET working_hours = '[]' WHERE id = $1`, [clinic.staff.psychologist.id]);
    await expectBump('working hours');
    await createRoom(t, siteId);
    await expectBump('room');
    await t.db.query(`UPDATE sites SET settings = '{"careGuaranteeDays": 60}' WHERE id = $1`, [siteId]);
    await expectBump('settings');

    // Bookings and harmless edits leave it alone: bookings never queue on the site row.
    const patient = await createPatient(t, siteId);
    await t
      .http()
      .post('/appointments')
      .set(bearer(clinic.coordinatorToken))
      .send({ kind: 'individual_visit', siteId, start: '2027-03-03T09:00:00+01:00', end: '2027-03-03T10:00:00+01:00', staffIds: [clinic.staff.nurse.id], patientIds: [patient.id] })
      .expect(201);
    await t.db.query(`UPDATE staff_members SET name = 'Renamed' WHERE id = $1`, [clinic.staff.nurse.id]);
    expect(await version(siteId)).toBe(seen);
    // And it only ever counts up, whatever a write of the row says.
    await t.db.query(`UPDATE sites SET calendar_version = 0 WHERE id = $1`, [siteId]);
    await expectBump('attempted reset');
  });

  it('refuses planner output checked against an outdated calendar with 409', async () => {
    const clinic = await createClinic(t);
    const patient = await createPatient(t, clinic.site.id);
    const booking = t.app.get(BookingService);
    const draft = {
      siteId: clinic.site.id,
      kind: 'individual_visit' as const,
      roomId: null,
      start: new Date('2027-03-04T09:00:00+01:00'),
      end: new Date('2027-03-04T10:00:00+01:00'),
      staffIds: [clinic.staff.physician.id],
      patientIds: [patient.id],
    };
    const checkedAt = String(await version(clinic.site.id));
    await t
      .http()
      .post(`/staff/${clinic.staff.physician.id}/absences`)
      .set(bearer(t.adminToken))
      .send({ start: '2027-03-04T08:00:00+01:00', end: '2027-03-04T16:00:00+01:00', reason: 'sick' })
      .expect(201);
    await expect(booking.transaction((manager) => booking.bookChecked(manager, clinic.site.id, checkedAt, [draft]))).rejects.toMatchObject({ status: 409 });
    expect(await t.db.query(`SELECT 1 FROM appointment_patients WHERE patient_id = $1`, [patient.id])).toEqual([]);

    const current = String(await version(clinic.site.id));
    const [booked] = await booking.transaction((manager) => booking.bookChecked(manager, clinic.site.id, current, [{ ...draft, start: new Date('2027-03-05T09:00:00+01:00'), end: new Date('2027-03-05T10:00:00+01:00') }]));
    expect(await t.db.query(`SELECT staff_id FROM appointment_staff WHERE appointment_id = $1`, [booked.id])).toEqual([{ staff_id: clinic.staff.physician.id }]);
  });

  it('proposes around a booking made since the last proposal, as a fresh read would', async () => {
    const clinic = await createClinic(t);
    const token = bearer(clinic.coordinatorToken);
    const referralId = await acceptedReferral(clinic);
    const first = await t.http().post('/assessments/proposals').set(token).send({ referralId, earliestDate: '2027-02-01' }).expect(200);
    const nurse = first.body.visits.find((v: { part: string }) => v.part === 'nurse');

    const other = await createPatient(t, clinic.site.id);
    await t
      .http()
      .post('/appointments')
      .set(token)
      .send({ kind: 'individual_visit', siteId: clinic.site.id, start: nurse.start, end: nurse.end, staffIds: [clinic.staff.nurse.id], patientIds: [other.id] })
      .expect(201);
    const second = await t.http().post('/assessments/proposals').set(token).send({ referralId, earliestDate: '2027-02-01' }).expect(200);
    const moved = second.body.visits.find((v: { part: string }) => v.part === 'nurse');
    expect(moved.start).not.toBe(nurse.start);
    expect(moved.start > nurse.start).toBe(true);

    // An absence counts too, and the proposal it leads to books cleanly.
    await t
      .http()
      .post(`/staff/${clinic.staff.nurse.id}/absences`)
      .set(bearer(t.adminToken))
      .send({ start: moved.start, end: moved.end, reason: 'course' })
      .expect(201);
    const third = await t.http().post('/assessments/proposals').set(token).send({ referralId, earliestDate: '2027-02-01' }).expect(200);
    expect(third.body.visits.find((v: { part: string }) => v.part === 'nurse').start).not.toBe(moved.start);
    await t.http().post('/assessments').set(token).send({ referralId, visits: third.body.visits }).expect(201);
  });

  it('books the rest of a batch group one by one when one referral of it can no longer be booked', async () => {
    const clinic = await createClinic(t);
    const token = bearer(clinic.coordinatorToken);
    const referralIds = [await acceptedReferral(clinic), await acceptedReferral(clinic), await acceptedReferral(clinic)];
    // The second is booked by someone else after the batch picked its queue.
    const proposal = await t.http().post('/assessments/proposals').set(token).send({ referralId: referralIds[1], earliestDate: '2027-06-01' }).expect(200);
    await t.http().post('/assessments').set(token).send({ referralId: referralIds[1], visits: proposal.body.visits }).expect(201);

    const actor = { userId: '00000000-0000-0000-0000-000000000000', username: 'test', role: 'admin' as const, siteId: null, staffId: null, patientId: null, endpoint: 'test' };
    const outcomes = await t.app.get(AssessmentBatchService).run(actor, clinic.site.id, referralIds, '2027-02-01', { advance: async () => undefined });
    expect(outcomes.map((o) => [o.referralId, o.status])).toEqual([
      [referralIds[0], 'booked'],
      [referralIds[1], 'not_possible'],
      [referralIds[2], 'booked'],
    ]);
    expect(outcomes[1]).toMatchObject({ reason: 'the referral has a booked assessment already', problems: [expect.objectContaining({ field: 'referralId', code: 'assessment.booked_already' })] });
    const live = await t.db.query(`SELECT count(*)::int AS n FROM assessments WHERE referral_id = ANY($1) AND status = 'booked'`, [referralIds]);
    expect(live).toEqual([{ n: 3 }]);
  });
});
