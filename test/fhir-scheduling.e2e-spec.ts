import type { Appointment, Bundle, Resource, Slot } from '@medplum/fhirtypes';
import { addDays } from '../src/core/time/local-time';
import { validateFhir } from './support/fhir';
import { bearer, createClinic } from './support/fixtures';
import { stockholm, plainWeek } from './support/site-time';
import { createTestApp, TestApp } from './support/test-app';

type Clinic = Awaited<ReturnType<typeof createClinic>>;
const KIND_SYSTEM = 'urn:rehab-scheduler:appointment-kind';
const PROBLEM_CODE_SYSTEM = 'urn:rehab-scheduler:problem-code';

/**
 * Issue 18's done-when through FHIR R4: a client finds a clinician's free slots (Schedule, Slot),
 * books one (POST Appointment, the same path as POST /appointments), sees the patient's
 * appointments and cancels one (PATCH, PUT), with every resource valid by the independent validator.
 */
describe('scheduling through FHIR R4', () => {
  let t: TestApp;
  let c: Clinic;
  let coordinator: { Authorization: string };
  // Reminders are scheduled only ahead of now: the visits are in a plain week to come.
  const monday = plainWeek();
  const tuesday = addDays(monday, 1);
  const nextMonday = addDays(monday, 7);

  beforeAll(async () => {
    t = await createTestApp();
    c = await createClinic(t);
    coordinator = bearer(c.coordinatorToken);
  });
  afterAll(() => t.close());

  /** A FHIR answer: its content type FHIR's, and the resource (every entry of a Bundle too) valid. */
  const fhir = async <T extends Resource>(call: Promise<{ status: number; headers: Record<string, string>; body: T }>, status: number): Promise<T> => {
    const response = await call;
    expect({ status: response.status, body: response.body }).toMatchObject({ status });
    expect(response.headers['content-type']).toMatch(/^application\/fhir\+json/);
    expect(validateFhir(response.body)).toEqual([]);
    for (const entry of (response.body as Bundle).entry ?? []) expect(validateFhir(entry.resource)).toEqual([]);
    return response.body;
  };
  const get = <T extends Resource = Bundle>(path: string, auth = coordinator, status = 200) => fhir<T>(t.http().get(`/fhir/R4/${path}`).set(auth) as never, status);
  const resources = <T extends Resource>(bundle: Bundle) => (bundle.entry ?? []).map((entry) => entry.resource as T);
  const problemCodes = (outcome: { issue: { details?: { coding?: { code?: string }[] }; expression?: string[] }[] }) =>
    outcome.issue.map((issue) => `${issue.expression?.[0] ?? '-'} ${issue.details?.coding?.[0]?.code}`);
  const freeSlots = (scheduleId: string, from: string, to: string, extra = '') => get(`Slot?schedule=Schedule/${scheduleId}&start=ge${from}&start=lt${to}&status=free${extra}`);
  const booking = (patientId: string, slot: Slot): Record<string, unknown> => ({
    resourceType: 'Appointment',
    status: 'booked',
    appointmentType: { coding: [{ system: KIND_SYSTEM, code: 'assessment_visit' }] },
    slot: [{ reference: `Slot/${slot.id}` }],
    participant: [
      { actor: { reference: `Patient/${patientId}` }, status: 'accepted' },
      { actor: { reference: `Practitioner/${c.staff.nurse.id}` }, status: 'accepted' },
      { actor: { reference: `Location/${c.rooms.office.id}` }, status: 'accepted' },
    ],
  });
  const remindersOf = async (appointmentId: string) =>
    (await t.http().get(`/appointments/${appointmentId}/reminders`).set(coordinator).expect(200)).body.map((reminder: { status: string }) => reminder.status);

  it("finds a clinician's free slots, books one, sees it as the patient's and the practitioner's, cancels it and finds the time free again", async () => {
    const [schedule] = resources(await get(`Schedule?actor=Practitioner/${c.staff.nurse.id}`));
    expect(schedule).toMatchObject({ resourceType: 'Schedule', id: c.staff.nurse.id, active: true, actor: [{ reference: `Practitioner/${c.staff.nurse.id}`, display: c.staff.nurse.name }] });

    // Find-a-time's slots: the nurse's assessment visit (90 minutes) on the 15-minute grid, from 08:00.
    const free = resources<Slot>(await freeSlots(schedule.id!, monday, tuesday));
    expect(free.slice(0, 2).map((slot) => [slot.status, slot.start, slot.end, slot.schedule.reference])).toEqual([
      ['free', stockholm(monday, '08:00'), stockholm(monday, '09:30'), `Schedule/${schedule.id}`],
      ['free', stockholm(monday, '08:15'), stockholm(monday, '09:45'), `Schedule/${schedule.id}`],
    ]);
    const slot = free[0];

    const response = await t.http().post('/fhir/R4/Appointment').set(coordinator).set('Content-Type', 'application/fhir+json').send(JSON.stringify(booking(c.patients[0].id, slot)));
    const booked = await fhir<Appointment>(Promise.resolve(response as never), 201);
    expect(response.headers.location).toMatch(new RegExp(`/fhir/R4/Appointment/${booked.id}$`));
    expect(booked).toMatchObject({
      status: 'booked',
      start: slot.start,
      end: slot.end,
      minutesDuration: 90,
      appointmentType: { coding: [{ system: KIND_SYSTEM, code: 'assessment_visit' }] },
      participant: [
        { actor: { reference: `Patient/${c.patients[0].id}` }, status: 'accepted' },
        { actor: { reference: `Practitioner/${c.staff.nurse.id}` }, status: 'accepted' },
        { actor: { reference: `Location/${c.rooms.office.id}` }, status: 'accepted' },
      ],
    });
    // The same reminders as a booking through POST /appointments.
    expect((await remindersOf(booked.id!)).length).toBeGreaterThan(0);
    expect(new Set(await remindersOf(booked.id!))).toEqual(new Set(['scheduled']));

    const week = `date=ge${monday}&date=lt${nextMonday}`;
    expect(resources(await get(`Appointment?patient=Patient/${c.patients[0].id}&${week}`)).map((a) => a.id)).toEqual([booked.id]);
    expect(resources(await get(`Appointment?patient=Patient/${c.patients[0].id}&${week}`, bearer(c.patientToken))).map((a) => a.id)).toEqual([booked.id]);
    expect(resources(await get(`Appointment?practitioner=Practitioner/${c.staff.nurse.id}&${week}&status=booked`)).map((a) => a.id)).toEqual([booked.id]);
    expect(resources(await get(`Appointment?practitioner=Practitioner/${c.staff.nurse.id}&${week}&status=cancelled`))).toEqual([]);
    expect(resources(await get(`Appointment?_id=${booked.id}&status=booked`)).map((a) => a.id)).toEqual([booked.id]);

    // The time is no longer free: the slot reads back busy (the visit holds it), and free slots start after it.
    expect(await get<Slot>(`Slot/${slot.id}`, coordinator)).toMatchObject({ id: slot.id, status: 'busy' });
    expect(resources<Slot>(await freeSlots(schedule.id!, monday, tuesday, '&_count=1'))[0].start).toBe(stockholm(monday, '09:30'));
    expect(resources<Slot>(await get(`Slot?schedule=Schedule/${schedule.id}&start=ge${monday}&start=lt${tuesday}&status=busy`)).map((s) => s.id)).toEqual([slot.id]);

    const cancelled = await fhir<Appointment>(
      t.http().patch(`/fhir/R4/Appointment/${booked.id}`).set(coordinator).set('Content-Type', 'application/json-patch+json').send(JSON.stringify([{ op: 'replace', path: '/status', value: 'cancelled' }])) as never,
      200,
    );
    expect(cancelled).toMatchObject({ id: booked.id, status: 'cancelled', cancelationReason: { text: 'cancelled through FHIR' } });
    expect(await get<Appointment>(`Appointment/${booked.id}`, coordinator)).toMatchObject({ status: 'cancelled' });
    expect((await t.http().get(`/appointments/${booked.id}`).set(coordinator).expect(200)).body).toMatchObject({ status: 'cancelled', cancelCategory: 'unit_cancelled' });
    expect(new Set(await remindersOf(booked.id!))).toEqual(new Set(['cancelled']));
    expect(await get<Slot>(`Slot/${slot.id}`, coordinator)).toMatchObject({ id: slot.id, status: 'free' });
  });

  it('answers booking a taken slot 409 as an OperationOutcome with the booking conflict', async () => {
    const [slot] = resources<Slot>(await freeSlots(c.staff.nurse.id, tuesday, addDays(tuesday, 1)));
    await fhir(t.http().post('/fhir/R4/Appointment').set(coordinator).send(booking(c.patients[1].id, slot)) as never, 201);
    const conflict = await fhir<{ resourceType: 'OperationOutcome'; issue: never[] } & Resource>(
      t.http().post('/fhir/R4/Appointment').set(coordinator).send(booking(c.patients[2].id, slot)) as never,
      409,
    );
    expect(conflict).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'conflict', details: { coding: [{ system: PROBLEM_CODE_SYSTEM, code: expect.stringMatching(/^booking\./) }] } }] });
  });

  it("keeps a patient to their own: another's appointment is not found (and the refusal logged), their own they cancel by their own rule", async () => {
    const [slot] = resources<Slot>(await freeSlots(c.staff.nurse.id, addDays(monday, 2), addDays(monday, 3)));
    const others = await fhir<Appointment>(t.http().post('/fhir/R4/Appointment').set(coordinator).send(booking(c.patients[1].id, slot)) as never, 201);
    const patient = bearer(c.patientToken);
    const refused = await get(`Appointment/${others.id}`, patient, 404);
    expect(problemCodes(refused as never)).toEqual(['- not_found']);
    await get(`Appointment?patient=Patient/${c.patients[1].id}&date=ge${monday}&date=lt${nextMonday}`, patient, 404);
    const audit = (await t.http().get('/audit').query({ outcome: 'refused' }).set(bearer(t.adminToken)).expect(200)).body;
    expect(audit).toContainEqual(expect.objectContaining({ role: 'patient', action: 'read', resource: 'appointment', resourceIds: [others.id], endpoint: 'GET /fhir/R4/:type/:id' }));
    expect(audit).toContainEqual(expect.objectContaining({ role: 'patient', action: 'read', resource: 'patient', resourceIds: [c.patients[1].id], endpoint: 'GET /fhir/R4/:type' }));
    // A patient books nothing through FHIR, as through REST.
    await fhir(t.http().post('/fhir/R4/Appointment').set(patient).send(booking(c.patients[0].id, slot)) as never, 403);

    const [later] = resources<Slot>(await freeSlots(c.staff.nurse.id, addDays(monday, 3), addDays(monday, 4)));
    const own = await fhir<Appointment>(t.http().post('/fhir/R4/Appointment').set(coordinator).send(booking(c.patients[0].id, later)) as never, 201);
    const put = (auth: { Authorization: string }, body: Appointment) => t.http().put(`/fhir/R4/Appointment/${own.id}`).set(auth).send(body) as never;
    const moved = await fhir(put(patient, { ...own, start: later.end, status: 'cancelled' }), 422);
    expect(problemCodes(moved as never)).toEqual(['start fhir.only_status_changes']);
    const cancelled = await fhir<Appointment>(put(patient, { ...own, status: 'cancelled', cancelationReason: { text: 'förkyld' } }), 200);
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelationReason: { text: 'förkyld' } });
    expect((await t.http().get(`/appointments/${own.id}`).set(coordinator).expect(200)).body).toMatchObject({ cancelCategory: 'patient_cancelled' });
  });

  it('pages a search with _count and the next link', async () => {
    const first = await freeSlots(c.staff.psychologist.id, monday, tuesday, '&_count=2');
    expect(first.entry).toHaveLength(2);
    expect(first.total).toBeGreaterThan(4);
    const next = first.link!.find((link) => link.relation === 'next')!.url;
    const second = await get(next.slice(next.indexOf('/fhir/R4/') + '/fhir/R4/'.length));
    expect(resources<Slot>(second).map((slot) => slot.start)).toEqual([stockholm(monday, '08:30'), stockholm(monday, '08:45')]);
    expect(second.total).toBe(first.total);
  });

  it("has a room's schedule with its busy slots, and refuses what it cannot answer as OperationOutcomes naming the parameter", async () => {
    const [room] = resources(await get(`Schedule?actor=Location/${c.rooms.office.id}`));
    expect(room).toMatchObject({ id: c.rooms.office.id, actor: [{ reference: `Location/${c.rooms.office.id}` }] });
    const busy = resources<Slot>(await get(`Slot?schedule=Schedule/${room.id}&start=ge${tuesday}&start=lt${addDays(tuesday, 1)}`));
    expect(busy.map((slot) => [slot.status, slot.start])).toEqual([['busy', stockholm(tuesday, '08:00')]]);

    const refusals: [string, string][] = [
      [`Slot?schedule=Schedule/${room.id}&status=free`, 'status fhir.free_slots_of_staff'],
      [`Slot?schedule=Schedule/${c.staff.nurse.id}&start=ge${monday}&start=lt${addDays(monday, 40)}`, 'start fhir.date_window'],
      [`Slot?schedule=Schedule/${c.staff.nurse.id}&start=ge11 January`, 'start fhir.date_value'],
      [`Slot?schedule=Schedule/${c.staff.nurse.id}&start=ge2199-01-01`, 'start validation.date_window'],
      [`Slot?schedule=Schedule/${c.staff.nurse.id}&status=tentative`, 'status validation.not_one_of'],
      ['Slot?status=free', 'schedule validation.required'],
      [`Appointment?patient=Patient/${c.patients[0].id}`, 'date fhir.date_window'],
      [`Appointment?patient=Patient/${c.patients[0].id}&date=ge${monday}&date=lt${addDays(monday, 100)}`, 'date fhir.date_window'],
    ];
    for (const [path, problem] of refusals) expect(problemCodes((await get(path, coordinator, 400)) as never)).toEqual([problem]);
    const patch = await fhir(t.http().patch(`/fhir/R4/Appointment/${c.patients[0].id}`).set(coordinator).send([{ op: 'replace', path: '/start', value: 'x' }]) as never, 422);
    expect(problemCodes(patch as never)).toEqual(['patch fhir.patch_unsupported']);
    const unfit = await fhir(t.http().post('/fhir/R4/Appointment').set(coordinator).send({ resourceType: 'Appointment', status: 'proposed' }) as never, 400);
    expect(problemCodes(unfit as never)).toContain('status validation.not_one_of');
    await get(`Slot/${c.staff.nurse.id}.x.90`, coordinator, 404);
    // An id is found as a read finds it: one not of ours is not found, even left empty.
    for (const type of ['Appointment', 'Schedule']) for (const id of ['not-an-id', '']) expect(problemCodes((await get(`${type}?_id=${id}`, coordinator, 404)) as never)).toEqual(['- not_found']);
    expect(resources(await get(`Schedule?_id=${c.rooms.office.id}`)).map((schedule) => schedule.id)).toEqual([c.rooms.office.id]);
  });
});
