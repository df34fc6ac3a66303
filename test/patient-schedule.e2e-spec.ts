import type { Response } from 'superagent';
import { DEFAULT_SITE_SETTINGS } from '../src/core/rules/site-settings';
import { localTimeOf } from '../src/core/time/local-time';
import { assessedPatient, bearer, createClinic, createRoom, individualProgramRequest, userToken } from './support/fixtures';
import { pdfTextLines } from './support/pdf-text';
import { swedishWhen } from './support/site-time';
import { createTestApp, TestApp } from './support/test-app';

/** Issue 16, B9: the patient's printable schedule, and the text a visit's reminders will send. */
describe('the printed schedule and the reminder preview', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof createClinic>>;
  let coordinator: { Authorization: string };

  beforeAll(async () => {
    t = await createTestApp();
    c = await createClinic(t);
    coordinator = bearer(c.coordinatorToken);
    await createRoom(t, c.site.id, 'gym');
  });
  afterAll(() => t.close());

  /** Reads the answer as bytes (supertest would not buffer an application/pdf body). */
  const binary = (res: Response, done: (error: Error | null, body: Buffer) => void) => {
    // In Node the answer handed to a parser is the HTTP stream itself.
    const stream = res as unknown as NodeJS.ReadableStream;
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => done(null, Buffer.concat(chunks)));
  };

  it('prints each coming visit with its local time, place, profession and how to cancel, for the patient and their site', async () => {
    const patientId = await assessedPatient(t, c, 'individual_rehab');
    const proposal = await t.http().post('/individual-programs/proposals').set(coordinator).send(individualProgramRequest(patientId)).expect(200);
    const program = await t.http().post('/individual-programs').set(coordinator).send({ ...individualProgramRequest(patientId), visits: proposal.body.visits }).expect(201);
    const [cancelled, ...coming] = program.body.visits;
    await t.http().post(`/appointments/${cancelled.id}/cancel`).set(coordinator).send({ reason: 'sjuk' }).expect(200);
    await t.http().patch(`/sites/${c.site.id}/settings`).set(bearer(t.adminToken)).send({ patientService: { phone: '021-17 30 00' } }).expect(200);

    const own = bearer(await userToken(t, 'patient', { patientId }));
    const response = await t.http().get(`/patients/${patientId}/schedule.pdf`).set(own).buffer(true).parse(binary).expect(200);
    expect(response.headers['content-type']).toMatch(/^application\/pdf/);
    const pdf = response.body as Buffer;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfTextLines(pdf).join('\n');
    expect(text).toContain(`Dina besök – ${c.site.name}`);
    const lines = text.split('\n').filter((line) => line.includes('Individuellt besök'));
    expect(lines).toHaveLength(coming.length);
    const rooms = new Map<string, string>((await t.db.query(`SELECT id, name FROM rooms WHERE site_id = $1`, [c.site.id])).map((r: { id: string; name: string }) => [r.id, r.name]));
    coming.forEach((visit: { start: string; end: string; roomId: string }, i: number) => {
      // The time on the unit's clock (summer time from 28 March 2027 included), the place, the profession.
      expect(lines[i]).toContain(`${swedishWhen(visit.start)}–${localTimeOf(new Date(visit.end), 'Europe/Stockholm')}`);
      expect(lines[i]).toContain(`${c.site.name}, ${rooms.get(visit.roomId)}`);
      expect(lines[i]).toMatch(/\((fysioterapeut|psykolog)\)$/);
    });
    expect(text).not.toContain(swedishWhen(cancelled.start));
    expect(text).toContain('Om du inte kan komma: ring 021-17 30 00 så snart som möjligt.');

    // Staff of the site print it too; another site's, and another patient, are answered as for no such patient.
    await t.http().get(`/patients/${patientId}/schedule.pdf`).set(coordinator).buffer(true).parse(binary).expect(200);
    await t.http().get(`/patients/${patientId}/schedule.pdf`).set(bearer(c.patientToken)).expect(404);
    const elsewhere = await createClinic(t);
    await t.http().get(`/patients/${patientId}/schedule.pdf`).set(bearer(elsewhere.coordinatorToken)).expect(404);
    await t.http().get(`/patients/not-a-uuid/schedule.pdf`).set(coordinator).expect(400);
  });

  it('previews the text a visit’s reminders will send, with the site’s words on cancelling', async () => {
    const patientId = await assessedPatient(t, c, 'individual_rehab');
    const start = '2027-04-06T10:00:00+02:00';
    const visit = await t
      .http()
      .post('/appointments')
      .set(coordinator)
      .send({ kind: 'follow_up_visit', siteId: c.site.id, roomId: c.rooms.office.id, start, end: '2027-04-06T11:00:00+02:00', staffIds: [c.staff.physician.id], patientIds: [patientId] })
      .expect(201);
    const own = bearer(await userToken(t, 'patient', { patientId }));
    const preview = await t.http().get(`/appointments/${visit.body.id}/reminder-preview`).set(own).expect(200);
    expect(preview.body).toEqual({
      appointmentId: visit.body.id,
      subject: `Påminnelse: Uppföljningsbesök ${swedishWhen(start)}`,
      text: `Påminnelse: uppföljningsbesök ${swedishWhen(start)} på ${c.site.name}, ${c.rooms.office.name}. ${DEFAULT_SITE_SETTINGS.reminders.howToCancel}`,
    });
    await t.http().get(`/appointments/${visit.body.id}/reminder-preview`).set(coordinator).expect(200);
    await t.http().get(`/appointments/${visit.body.id}/reminder-preview`).set(bearer(c.patientToken)).expect(404);
    const elsewhere = await createClinic(t);
    await t.http().get(`/appointments/${visit.body.id}/reminder-preview`).set(bearer(elsewhere.coordinatorToken)).expect(404);
  });
});
