import { DateTime } from 'luxon';
import { bearer, createClinic, createPatient, createSite, userToken } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

type Clinic = Awaited<ReturnType<typeof createClinic>>;

/** The next weekday at 10:00 in Stockholm at least three hours from now: inside working hours, within a week. */
function soonInWorkingHours(daysLater = 0): DateTime {
  let day = DateTime.now().setZone('Europe/Stockholm').plus({ hours: 3 }).startOf('day').plus({ days: daysLater });
  for (;;) {
    const start = day.set({ hour: 10 });
    if (start.weekday <= 5 && start.toMillis() > Date.now() + 3 * 3_600_000) return start;
    day = day.plus({ days: 1 });
  }
}

/** Issue 16, B4(a): a cancellation says who or what cancelled; late ones and no-shows count on the patient. */
describe('cancellation categories, late cancellations and no-shows', () => {
  let t: TestApp;
  let c: Clinic;
  let auth: { Authorization: string };

  beforeAll(async () => {
    t = await createTestApp();
    c = await createClinic(t);
    auth = bearer(c.coordinatorToken);
  });
  afterAll(() => t.close());

  const book = (patientId: string, start: DateTime | string, staffId = c.staff.nurse.id) => {
    const from = typeof start === 'string' ? DateTime.fromISO(start) : start;
    return t
      .http()
      .post('/appointments')
      .set(auth)
      .send({ kind: 'other', siteId: c.site.id, start: from.toISO(), end: from.plus({ minutes: 30 }).toISO(), staffIds: [staffId], patientIds: [patientId] })
      .expect(201);
  };
  const cancel = (id: string, body: Record<string, unknown>) => t.http().post(`/appointments/${id}/cancel`).set(auth).send(body);

  it('records the category, and counts the patient’s own cancellations within the site’s hours as late', async () => {
    const patient = await createPatient(t, c.site.id, 'Dag Dahl');
    // Far ahead: not late under the default 24 hours, whoever cancels.
    const early = await book(patient.id, '2027-02-01T09:00:00+01:00');
    const cancelled = await cancel(early.body.id, { reason: 'bortrest', category: 'patient_cancelled' }).expect(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelReason: 'bortrest', cancelCategory: 'patient_cancelled', lateCancellation: false });

    // The site counts a week as late: visits in the coming days are late when the patient gives them up.
    await t.http().patch(`/sites/${c.site.id}/settings`).set(bearer(t.adminToken)).send({ lateCancellationHours: 168 }).expect(200);
    const byPatient = await book(patient.id, soonInWorkingHours());
    const ill = await book(patient.id, soonInWorkingHours().plus({ hours: 1 }));
    const byUnit = await book(patient.id, soonInWorkingHours().plus({ hours: 2 }));
    expect((await cancel(byPatient.body.id, { reason: 'kan inte', category: 'patient_cancelled' }).expect(200)).body.lateCancellation).toBe(true);
    expect((await cancel(ill.body.id, { reason: 'feber', category: 'illness' }).expect(200)).body.lateCancellation).toBe(true);
    const unit = await cancel(byUnit.body.id, { reason: 'personal sjuk', category: 'unit_cancelled' }).expect(200);
    expect(unit.body).toMatchObject({ cancelCategory: 'unit_cancelled', lateCancellation: false });
    const plain = await book(patient.id, '2027-02-02T09:00:00+01:00');
    expect((await cancel(plain.body.id, { reason: 'som förr' }).expect(200)).body).toMatchObject({ cancelCategory: null, lateCancellation: false });

    // A visit that has taken place without the patient.
    const past = await book(patient.id, '2026-11-02T09:00:00+01:00');
    await t.http().post(`/appointments/${past.body.id}/attendance`).set(auth).send({ patientId: patient.id, participation: 'no_show' }).expect(200);

    const record = await t.http().get(`/patients/${patient.id}/attendance`).set(auth).expect(200);
    expect(record.body).toEqual({
      patientId: patient.id,
      lateCancellations: 2,
      noShows: 1,
      cancellations: { patient_cancelled: 2, unit_cancelled: 1, illness: 1, uncategorised: 1 },
    });
    const audited = await t.db.query(`SELECT action FROM audit_log WHERE patient_id = $1 AND resource = 'patient' AND action = 'read'`, [patient.id]);
    expect(audited.length).toBeGreaterThanOrEqual(1);
  });

  it('shows the record to the patient themself and their site’s staff only', async () => {
    const own = await t.http().get(`/patients/${c.patients[0].id}/attendance`).set(bearer(c.patientToken)).expect(200);
    expect(own.body).toMatchObject({ patientId: c.patients[0].id, lateCancellations: 0, noShows: 0 });
    await t.http().get(`/patients/${c.patients[1].id}/attendance`).set(bearer(c.patientToken)).expect(404);
    const other = await createClinic(t);
    await t.http().get(`/patients/${c.patients[0].id}/attendance`).set(bearer(other.coordinatorToken)).expect(404);
    const clinician = await userToken(t, 'clinician', { staffId: c.staff.psychologist.id });
    await t.http().get(`/patients/${c.patients[0].id}/attendance`).set(bearer(clinician)).expect(200);
  });

  it('400 naming the field for an unknown category or a late-cancellation setting out of range', async () => {
    const visit = await book(c.patients[2].id, '2027-02-03T09:00:00+01:00');
    expect((await cancel(visit.body.id, { reason: 'x', category: 'weather' }).expect(400)).body.details[0].field).toBe('category');
    const setting = await t.http().patch(`/sites/${c.site.id}/settings`).set(bearer(t.adminToken)).send({ lateCancellationHours: -1 }).expect(400);
    expect(setting.body.details[0].field).toBe('lateCancellationHours');
    const fresh = await createSite(t);
    expect((await t.http().get(`/sites/${fresh.id}/settings`).set(bearer(t.adminToken)).expect(200)).body.lateCancellationHours).toBe(24);
  });
});
