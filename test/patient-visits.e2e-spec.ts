import { DateTime } from 'luxon';
import { bearer, createClinic, userToken } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

/** Issue 16, B7 (a)–(c): the patient's side of their visits. */
describe('the patient’s side of their visits', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof createClinic>>;
  let other: Awaited<ReturnType<typeof createClinic>>;
  let coordinator: { Authorization: string };
  let patient: { Authorization: string };

  beforeAll(async () => {
    t = await createTestApp();
    c = await createClinic(t);
    other = await createClinic(t);
    coordinator = bearer(c.coordinatorToken);
    patient = bearer(c.patientToken);
  });
  afterAll(() => t.close());

  const book = (start: DateTime, patientId = c.patients[0].id) =>
    t
      .http()
      .post('/appointments')
      .set(coordinator)
      .send({
        kind: 'individual_visit',
        siteId: c.site.id,
        roomId: c.rooms.office.id,
        start: start.toISO(),
        end: start.plus({ hours: 1 }).toISO(),
        staffIds: [c.staff.psychologist.id],
        patientIds: [patientId],
      })
      .expect(201)
      .then((response) => response.body.id as string);
  /** `hour`:00 on the first weekday at least `days` days ahead, in the site's zone (each test its own hour, so none collide). */
  const weekdayAhead = (days: number, hour: number) => {
    let day = DateTime.now().setZone('Europe/Stockholm').plus({ days }).set({ hour, minute: 0, second: 0, millisecond: 0 });
    while (day.weekday > 5) day = day.plus({ days: 1 });
    return day;
  };
  const settings = (patientService: Record<string, unknown>) => t.http().patch(`/sites/${c.site.id}/settings`).set(coordinator).send({ patientService }).expect(200);
  const requests = () => t.http().get('/worklists/visit-requests').set(coordinator).expect(200);

  it('shows the unit’s phone, address and cancellation rule with the patient’s visits', async () => {
    const defaults = await t.http().get(`/sites/${c.site.id}/settings`).set(coordinator).expect(200);
    expect(defaults.body.patientService).toEqual({ phone: null, address: null, cancelHoursBefore: 24 });
    const changed = await settings({ phone: '021-17 30 00', address: 'Ingång 29, Västerås', cancelHoursBefore: 48 });
    expect(changed.body.patientService).toEqual({ phone: '021-17 30 00', address: 'Ingång 29, Västerås', cancelHoursBefore: 48 });

    const start = weekdayAhead(20, 10);
    const id = await book(start);
    const mine = await t.http().get('/me/appointments').set(patient).expect(200);
    const visit = mine.body.find((entry: { id: string }) => entry.id === id);
    expect(visit.selfService).toEqual({
      unitPhone: '021-17 30 00',
      unitAddress: 'Ingång 29, Västerås',
      cancelHoursBefore: 48,
      selfCancelUntil: start.minus({ hours: 48 }).toISO({ suppressMilliseconds: true }),
      moveRequest: null,
    });
    await settings({ phone: null });
    expect((await t.http().get(`/sites/${c.site.id}/settings`).set(coordinator).expect(200)).body.patientService.phone).toBeNull();
  });

  it('lets the patient cancel their visit in time: the time is free at once, audited, and on the worklist', async () => {
    await settings({ cancelHoursBefore: 24 });
    const start = weekdayAhead(10, 11);
    const id = await book(start);
    const cancelled = await t.http().post(`/me/appointments/${id}/cancel`).set(patient).send({ reason: 'förkyld' }).expect(200);
    expect(cancelled.body).toMatchObject({ id, status: 'cancelled', cancelReason: 'förkyld', cancelCategory: 'patient_cancelled' });
    // The freed time can be booked again for someone else straight away.
    await book(start, c.patients[1].id);
    const log = await t.http().get('/audit').query({ patientId: c.patients[0].id, action: 'update' }).set(bearer(t.adminToken)).expect(200);
    expect(log.body.some((entry: { endpoint: string; role: string }) => entry.endpoint === 'POST /me/appointments/:id/cancel' && entry.role === 'patient')).toBe(true);
    const open = await requests();
    expect(open.body).toContainEqual(expect.objectContaining({ kind: 'cancellation', appointmentId: id, patientId: c.patients[0].id, patientName: 'Anna Andersson', note: 'förkyld' }));
    const again = await t.http().post(`/me/appointments/${id}/cancel`).set(patient).send({}).expect(409);
    expect(again.body.message).toBe('the appointment is cancelled');
  });

  it('answers 409 naming the rule when it is too late to cancel', async () => {
    await settings({ cancelHoursBefore: 336 });
    const id = await book(weekdayAhead(3, 12));
    const late = await t.http().post(`/me/appointments/${id}/cancel`).set(patient).send({}).expect(409);
    expect(late.body).toEqual({ statusCode: 409, error: 'Conflict', code: 'visit_request.too_late', params: { hours: 336 }, message: 'a visit can be cancelled here until 336 hours before it starts; call the unit' });
    const visit = await t.http().get(`/appointments/${id}`).set(coordinator).expect(200);
    expect(visit.body.status).toBe('booked');
    await settings({ cancelHoursBefore: 24 });
  });

  it('hides another patient’s visit, and keeps the door shut to staff', async () => {
    const someoneElses = await book(weekdayAhead(12, 13), c.patients[2].id);
    await t.http().post(`/me/appointments/${someoneElses}/cancel`).set(patient).send({}).expect(404);
    await t.http().post(`/me/appointments/${someoneElses}/move-requests`).set(patient).send({ note: 'x' }).expect(404);
    await t.http().post(`/me/appointments/${someoneElses}/cancel`).set(coordinator).send({}).expect(403);
    await t.http().get('/worklists/visit-requests').set(patient).expect(403);
  });

  it('lets the patient ask to move a visit, once, and a coordinator resolve it', async () => {
    const id = await book(weekdayAhead(14, 14));
    const asked = await t.http().post(`/me/appointments/${id}/move-requests`).set(patient).send({ note: 'helst förmiddag veckan efter' }).expect(201);
    expect(asked.body).toMatchObject({ kind: 'move', appointmentId: id, patientId: c.patients[0].id, note: 'helst förmiddag veckan efter' });
    await t.http().post(`/me/appointments/${id}/move-requests`).set(patient).send({ note: 'igen' }).expect(409);
    await t.http().post(`/me/appointments/${id}/move-requests`).set(patient).send({}).expect(400);

    expect((await requests()).body.map((row: { id: string }) => row.id)).toContain(asked.body.id);
    await t.http().post(`/worklists/visit-requests/${asked.body.id}/resolve`).set(bearer(other.coordinatorToken)).send({}).expect(404);
    await t.http().post(`/worklists/visit-requests/${asked.body.id}/resolve`).set(coordinator).send({ resolution: 'ny tid bokad' }).expect(200);
    await t.http().post(`/worklists/visit-requests/${asked.body.id}/resolve`).set(coordinator).send({}).expect(409);
    expect((await requests()).body.map((row: { id: string }) => row.id)).not.toContain(asked.body.id);
    // Resolved, the patient may ask again.
    await t.http().post(`/me/appointments/${id}/move-requests`).set(patient).send({ note: 'ändå inte' }).expect(201);
  });

  it('lists each visit with the patient’s own open move request, until the unit resolves it', async () => {
    const start = weekdayAhead(16, 9);
    const session = (
      await t
        .http()
        .post('/appointments')
        .set(coordinator)
        .send({ kind: 'group_session', siteId: c.site.id, roomId: c.rooms.groupRoom.id, start: start.toISO(), end: start.plus({ hours: 1 }).toISO(), staffIds: [c.staff.physiotherapist.id], patientIds: [c.patients[0].id, c.patients[1].id] })
        .expect(201)
    ).body.id as string;
    const alone = await book(weekdayAhead(16, 11));
    const bo = bearer(await userToken(t, 'patient', { patientId: c.patients[1].id }));
    const moveRequestOf = async (who: { Authorization: string }, id: string) =>
      (await t.http().get('/me/appointments').set(who).expect(200)).body.find((entry: { id: string }) => entry.id === id).selfService.moveRequest;

    const asked = await t.http().post(`/me/appointments/${session}/move-requests`).set(bo).send({ note: 'helst efter lunch' }).expect(201);
    await t.http().post(`/me/appointments/${alone}/move-requests`).set(patient).send({ note: 'en annan vecka' }).expect(201);
    expect(await moveRequestOf(bo, session)).toEqual({ sentAt: asked.body.createdAt, note: 'helst efter lunch' });
    expect(asked.body.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+0[12]:00$/);
    // Anna is on the same group session: Bo's request is his, not hers.
    expect(await moveRequestOf(patient, session)).toBeNull();
    expect(await moveRequestOf(patient, alone)).toEqual(expect.objectContaining({ note: 'en annan vecka' }));

    await t.http().post(`/worklists/visit-requests/${asked.body.id}/resolve`).set(coordinator).send({}).expect(200);
    expect(await moveRequestOf(bo, session)).toBeNull();
  });
});
