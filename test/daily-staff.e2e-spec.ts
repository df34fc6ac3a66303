import { bearer, createClinic, createPatient, createSite, createStaff, referralBody, userToken, WEEKDAYS_8_TO_16 } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

type Clinic = Awaited<ReturnType<typeof createClinic>>;

const MORNINGS = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '08:00', end: '12:00' }));

/** Issue 16, B2: a staff member's hours change from a date, they leave, and absences are corrected. */
describe('daily operations: staff', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  function client(clinic: Clinic) {
    const token = bearer(clinic.coordinatorToken);
    const book = (staffId: string, start: string, end: string, patient = 0) =>
      t
        .http()
        .post('/appointments')
        .set(token)
        .send({ kind: 'assessment_visit', siteId: clinic.site.id, roomId: clinic.rooms.office.id, start, end, staffIds: [staffId], patientIds: [clinic.patients[patient].id] });
    return { token, book };
  }

  /** An assessment proposal from 1 February 2027 for a new accepted referral: the planners' view of the site calendar. */
  async function proposal(clinic: Clinic) {
    const token = bearer(clinic.coordinatorToken);
    const patient = await createPatient(t, clinic.site.id);
    const referral = await t.http().post('/referrals').set(token).send(referralBody(patient.id, clinic.site.id)).expect(201);
    await t.http().post(`/referrals/${referral.body.id}/decision`).set(token).send({ decision: 'accepted', reasons: [], decidedBy: 'K' }).expect(200);
    const response = await t.http().post('/assessments/proposals').set(token).send({ referralId: referral.body.id, earliestDate: '2027-02-01' }).expect(200);
    return response.body as { feasible: boolean; visits: { part: string; start: string; staffIds: string[]; roomId: string }[] };
  }
  const visitOf = (plan: Awaited<ReturnType<typeof proposal>>, part: string) => plan.visits.find((visit) => visit.part === part);

  it('changes working hours from a date: the visits left outside are listed and stay, and bookings and plans use the hours of each day', async () => {
    const clinic = await createClinic(t);
    const { token, book } = client(clinic);
    const nurse = clinic.staff.nurse.id;
    const before = (await book(nurse, '2027-03-01T14:00:00+01:00', '2027-03-01T15:00:00+01:00').expect(201)).body.id;
    const afternoon = (await book(nurse, '2027-03-08T14:00:00+01:00', '2027-03-08T15:00:00+01:00', 1).expect(201)).body.id;
    const morning = (await book(nurse, '2027-03-09T09:00:00+01:00', '2027-03-09T10:00:00+01:00', 2).expect(201)).body.id;

    const changed = await t.http().post(`/staff/${nurse}/working-hours`).set(token).send({ from: '2027-03-08', workingHours: MORNINGS }).expect(200);
    expect(changed.body.affectedAppointmentIds).toEqual([afternoon]);
    expect(changed.body.staff.workingHours).toEqual(
      expect.arrayContaining([
        { weekday: 1, start: '08:00', end: '16:00', until: '2027-03-08' },
        { weekday: 1, start: '08:00', end: '12:00', from: '2027-03-08' },
      ]),
    );
    // Nothing moved silently.
    for (const id of [before, afternoon, morning]) {
      const appointment = await t.http().get(`/appointments/${id}`).set(token).expect(200);
      expect(appointment.body.status).toBe('booked');
    }

    // The booking rules read the hours valid on the visit's day.
    const refused = await book(nurse, '2027-03-15T14:00:00+01:00', '2027-03-15T15:00:00+01:00').expect(422);
    expect(refused.body.details).toEqual([{ field: 'staffIds', problem: expect.stringContaining('does not work 2027-03-15 14:00–15:00'), code: 'booking.staff_not_working', params: expect.objectContaining({ date: '2027-03-15', start: '14:00', end: '15:00' }) }]);
    await book(nurse, '2027-03-02T14:00:00+01:00', '2027-03-02T15:00:00+01:00').expect(201);
    await book(nurse, '2027-03-15T10:00:00+01:00', '2027-03-15T11:00:00+01:00').expect(201);

    // Until a date: the earlier week holds again afterwards.
    const physio = clinic.staff.physiotherapist.id;
    await t.http().post(`/staff/${physio}/working-hours`).set(token).send({ from: '2027-03-08', until: '2027-03-15', workingHours: [] }).expect(200);
    await book(physio, '2027-03-10T09:00:00+01:00', '2027-03-10T10:00:00+01:00').expect(422);
    await book(physio, '2027-03-15T13:00:00+01:00', '2027-03-15T14:00:00+01:00', 1).expect(201);

    const audited = await t.db.query(`SELECT count(*) FROM audit_log WHERE resource = 'staff_member' AND $1 = ANY(resource_ids) AND action = 'update'`, [physio]);
    expect(Number(audited[0].count)).toBe(1);
  });

  it('plans with the hours valid on each day, seen at once by a kept site calendar', async () => {
    const clinic = await createClinic(t);
    const { token } = client(clinic);
    const nurse = clinic.staff.nurse.id;
    const first = await proposal(clinic);
    expect(visitOf(first, 'nurse')!.start.slice(0, 10) < '2027-02-08').toBe(true);

    await t.http().post(`/staff/${nurse}/working-hours`).set(token).send({ from: '2027-02-01', until: '2027-02-08', workingHours: [] }).expect(200);
    const second = await proposal(clinic);
    expect(second.feasible).toBe(true);
    expect(visitOf(second, 'nurse')!.start.slice(0, 10) >= '2027-02-08').toBe(true);
  });

  it('refuses bad changes naming the field, and lets only coordinators of the site (and admins) change hours', async () => {
    const clinic = await createClinic(t);
    const { token } = client(clinic);
    const nurse = clinic.staff.nurse.id;
    const backwards = await t.http().post(`/staff/${nurse}/working-hours`).set(token).send({ from: '2027-03-08', until: '2027-03-01', workingHours: MORNINGS }).expect(400);
    expect(backwards.body.details).toEqual([{ field: 'until', problem: 'must be after from', code: 'validation.after', params: expect.objectContaining({ other: 'from' }) }]);
    const blocks = await t
      .http()
      .post(`/staff/${nurse}/working-hours`)
      .set(token)
      .send({ from: 'soon', workingHours: [{ weekday: 1, start: '12:00', end: '08:00' }] })
      .expect(400);
    expect(blocks.body.details.map((d: { field: string }) => d.field)).toEqual(['from']);
    const ends = await t.http().post(`/staff/${nurse}/working-hours`).set(token).send({ from: '2027-03-01', workingHours: [{ weekday: 1, start: '12:00', end: '08:00' }] }).expect(400);
    expect(ends.body.details).toEqual([{ field: 'workingHours.0.end', problem: 'must be after start', code: 'validation.after', params: expect.objectContaining({ other: 'start' }) }]);

    await t.http().post(`/staff/${nurse}/working-hours`).set(bearer(clinic.clinicianToken)).send({ from: '2027-03-01', workingHours: MORNINGS }).expect(403);
    const other = await createSite(t);
    const stranger = await userToken(t, 'coordinator', { siteId: other.id });
    await t.http().post(`/staff/${nurse}/working-hours`).set(bearer(stranger)).send({ from: '2027-03-01', workingHours: MORNINGS }).expect(404);
    await t.http().post(`/staff/${nurse}/deactivate`).set(bearer(stranger)).send({ from: '2027-03-01' }).expect(404);
    await t.http().post(`/staff/${nurse}/working-hours`).set(bearer(t.adminToken)).send({ from: '2027-03-01', workingHours: WEEKDAYS_8_TO_16 }).expect(200);
  });

  it('deactivates a staff member from a date: their visits from then on are listed, and they are no longer booked or planned', async () => {
    const clinic = await createClinic(t);
    const { token, book } = client(clinic);
    const physio = clinic.staff.physiotherapist.id;
    await book(physio, '2027-03-05T09:00:00+01:00', '2027-03-05T10:00:00+01:00').expect(201);
    const later = (await book(physio, '2027-03-10T09:00:00+01:00', '2027-03-10T10:00:00+01:00', 1).expect(201)).body.id;

    const deactivated = await t.http().post(`/staff/${physio}/deactivate`).set(token).send({ from: '2027-03-08' }).expect(200);
    expect(deactivated.body).toMatchObject({ staff: { id: physio, deactivatedFrom: '2027-03-08' }, affectedAppointmentIds: [later] });
    expect((await t.http().get(`/staff/${physio}`).set(token).expect(200)).body.deactivatedFrom).toBe('2027-03-08');

    await book(physio, '2027-03-09T09:00:00+01:00', '2027-03-09T10:00:00+01:00').expect(422);
    await book(physio, '2027-03-04T09:00:00+01:00', '2027-03-04T10:00:00+01:00').expect(201);
    const again = await t.http().post(`/staff/${physio}/deactivate`).set(token).send({ from: '2027-03-20' }).expect(409);
    expect(again.body.message).toContain('2027-03-08');
    await t.http().post(`/staff/${physio}/working-hours`).set(token).send({ from: '2027-04-01', workingHours: MORNINGS }).expect(409);
    const bad = await t.http().post(`/staff/${physio}/deactivate`).set(token).send({}).expect(400);
    expect(bad.body.details[0].field).toBe('from');

    // Out of use from the start of the planning window: the proposal has no physiotherapist to offer.
    const psychologist = clinic.staff.psychologist.id;
    await t.http().post(`/staff/${psychologist}/deactivate`).set(token).send({ from: '2027-01-01' }).expect(200);
    const plan = await proposal(clinic);
    expect(plan.visits.some((visit) => visit.staffIds.includes(psychologist))).toBe(false);
  });

  it('edits and deletes absences: the time is free for booking and planning at once, and a wrong one is a 404', async () => {
    const clinic = await createClinic(t);
    const { token, book } = client(clinic);
    const psychologist = clinic.staff.psychologist.id;
    const away = await t
      .http()
      .post(`/staff/${psychologist}/absences`)
      .set(token)
      .send({ start: '2027-02-01T00:00:00+01:00', end: '2027-02-06T00:00:00+01:00', reason: 'course' })
      .expect(201);
    const absenceId = away.body.id as string;
    const kept = await proposal(clinic);
    expect(visitOf(kept, 'psychologist')!.start.slice(0, 10) >= '2027-02-06').toBe(true);

    await book(psychologist, '2027-02-05T09:00:00+01:00', '2027-02-05T10:00:00+01:00').expect(422);
    const shorter = await t.http().patch(`/staff/${psychologist}/absences/${absenceId}`).set(token).send({ end: '2027-02-05T00:00:00+01:00', note: 'shorter' }).expect(200);
    expect(shorter.body).toMatchObject({ id: absenceId, start: '2027-02-01T00:00:00+01:00', end: '2027-02-05T00:00:00+01:00', reason: 'course', note: 'shorter', affectedAppointmentIds: [] });
    const visit = (await book(psychologist, '2027-02-05T09:00:00+01:00', '2027-02-05T10:00:00+01:00').expect(201)).body.id;
    const longer = await t.http().patch(`/staff/${psychologist}/absences/${absenceId}`).set(token).send({ end: '2027-02-06T00:00:00+01:00' }).expect(200);
    expect(longer.body.affectedAppointmentIds).toEqual([visit]);
    const backwards = await t.http().patch(`/staff/${psychologist}/absences/${absenceId}`).set(token).send({ end: '2027-01-01T00:00:00+01:00' }).expect(400);
    expect(backwards.body.details).toEqual([{ field: 'end', problem: 'must be after start', code: 'validation.after', params: expect.objectContaining({ other: 'start' }) }]);

    await t.http().delete(`/staff/${clinic.staff.nurse.id}/absences/${absenceId}`).set(token).expect(404);
    await t.http().delete(`/staff/${psychologist}/absences/${absenceId}`).set(bearer(clinic.clinicianToken)).expect(403);
    await t.http().delete(`/staff/${psychologist}/absences/${absenceId}`).set(token).expect(204);
    await t.http().delete(`/staff/${psychologist}/absences/${absenceId}`).set(token).expect(404);
    expect((await t.http().get(`/staff/${psychologist}/absences`).set(token).expect(200)).body).toEqual([]);

    // The kept site calendar saw the deletion: the psychologist is planned in the first week again.
    const freed = await proposal(clinic);
    expect(visitOf(freed, 'psychologist')!.start.slice(0, 10) < '2027-02-06').toBe(true);
    await book(psychologist, '2027-02-04T09:00:00+01:00', '2027-02-04T10:00:00+01:00', 1).expect(201);

    const audited = await t.db.query(`SELECT count(*) FROM audit_log WHERE resource = 'staff_absence' AND $1 = ANY(resource_ids)`, [absenceId]);
    expect(Number(audited[0].count)).toBe(4);
  });

  it('proposes, on request, where each visit inside a new absence goes: a colleague of the discipline at its time, or the same member later', async () => {
    const clinic = await createClinic(t);
    const { token, book } = client(clinic);
    const nurse = clinic.staff.nurse.id;
    const colleague = await createStaff(t, clinic.site.id, 'nurse');
    const first = (await book(nurse, '2027-03-03T09:00:00+01:00', '2027-03-03T10:00:00+01:00').expect(201)).body.id;
    const second = (await book(nurse, '2027-03-03T10:00:00+01:00', '2027-03-03T11:00:00+01:00', 1).expect(201)).body.id;
    const sick = { start: '2027-03-03T00:00:00+01:00', end: '2027-03-04T00:00:00+01:00', reason: 'sick' };

    const plain = await t.http().post(`/staff/${nurse}/absences`).set(token).send(sick).expect(201);
    expect(plain.body.affectedAppointmentIds).toEqual([first, second]);
    expect(plain.body.proposals).toBeUndefined();
    await t.http().delete(`/staff/${nurse}/absences/${plain.body.id}`).set(token).expect(204);

    const proposed = await t.http().post(`/staff/${nurse}/absences`).query({ propose: 'true' }).set(token).send(sick).expect(201);
    expect(proposed.body).toMatchObject({ affectedAppointmentIds: [first, second], proposalsComplete: true });
    expect(proposed.body.proposals).toEqual([
      { appointmentId: first, start: '2027-03-03T09:00:00+01:00', end: '2027-03-03T10:00:00+01:00', staffId: colleague.id, roomId: clinic.rooms.office.id, problem: null, code: null, params: null },
      { appointmentId: second, start: '2027-03-03T10:00:00+01:00', end: '2027-03-03T11:00:00+01:00', staffId: colleague.id, roomId: clinic.rooms.office.id, problem: null, code: null, params: null },
    ]);
    // Nothing was booked or moved.
    expect((await t.http().get(`/appointments/${first}`).set(token).expect(200)).body).toMatchObject({ status: 'booked', start: '2027-03-03T09:00:00+01:00' });

    // The only psychologist: the same member, after the absence.
    const psychologist = clinic.staff.psychologist.id;
    const visit = (await book(psychologist, '2027-03-03T13:00:00+01:00', '2027-03-03T14:00:00+01:00', 2).expect(201)).body.id;
    const alone = await t.http().post(`/staff/${psychologist}/absences`).query({ propose: 'true' }).set(token).send(sick).expect(201);
    expect(alone.body.proposals).toEqual([
      { appointmentId: visit, start: '2027-03-04T08:00:00+01:00', end: '2027-03-04T09:00:00+01:00', staffId: psychologist, roomId: expect.any(String), problem: null, code: null, params: null },
    ]);

    // Away for longer than the search reaches: no proposal, and why, as a code to word.
    const later = (await book(psychologist, '2027-03-10T13:00:00+01:00', '2027-03-10T14:00:00+01:00', 2).expect(201)).body.id;
    const course = { start: '2027-03-10T00:00:00+01:00', end: '2027-04-10T00:00:00+02:00', reason: 'course' };
    const away = await t.http().post(`/staff/${psychologist}/absences`).query({ propose: 'true' }).set(token).send(course).expect(201);
    expect(away.body).toMatchObject({ proposalsComplete: true });
    expect(away.body.proposals).toEqual([
      { appointmentId: later, start: null, end: null, staffId: null, roomId: null, problem: 'no free time within 14 days', code: 'cover.no_free_time', params: { days: 14 } },
    ]);

    const bad = await t.http().post(`/staff/${nurse}/absences`).query({ propose: 'yes' }).set(token).send(sick).expect(400);
    expect(bad.body.details[0].field).toBe('propose');
  });
});
