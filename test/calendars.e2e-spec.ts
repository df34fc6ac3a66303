import ICAL from 'ical.js';
import { bearer, createClinic, createSite, userToken } from './support/fixtures';
import { nextSummerTimeChange, plainWeek, stockholm } from './support/site-time';
import { createTestApp, TestApp } from './support/test-app';
import { addDays } from '../src/core/time/local-time';

type Clinic = Awaited<ReturnType<typeof createClinic>>;

/** Events of an iCalendar text, read back with Mozilla's parser (independent of the generator). */
function eventsOf(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  return calendar.getAllSubcomponents('vevent').map((event) => ({
    uid: String(event.getFirstPropertyValue('uid')),
    start: (event.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().toISOString(),
    end: (event.getFirstPropertyValue('dtend') as ICAL.Time).toJSDate().toISOString(),
    summary: String(event.getFirstPropertyValue('summary')),
    location: String(event.getFirstPropertyValue('location')),
    status: String(event.getFirstPropertyValue('status')),
    sequence: Number(event.getFirstPropertyValue('sequence')),
  }));
}

describe('calendars', () => {
  let t: TestApp;
  let c: Clinic;
  let coordinator: { Authorization: string };
  let ids: { visit: string; group: string; cancelled: string; annaCancelled: string; nurseVisit: string; summer: string };
  // The working week before the next change of summer time, and a Monday after it: feeds are in UTC
  // across the change, and the feed shows the coming year, so any year's change will do.
  const { monday, mondayAfter } = nextSummerTimeChange();
  const [tuesday, wednesday, thursday, friday] = [1, 2, 3, 4].map((i) => addDays(monday, i));
  const week = { from: stockholm(monday, '00:00'), to: stockholm(addDays(monday, 5), '00:00') };
  const utc = (date: string, time: string) => new Date(stockholm(date, time)).toISOString();

  beforeAll(async () => {
    t = await createTestApp();
    c = await createClinic(t);
    coordinator = bearer(c.coordinatorToken);
    const book = async (body: Record<string, unknown>) =>
      (await t.http().post('/appointments').set(coordinator).send({ siteId: c.site.id, ...body }).expect(201)).body.id as string;
    const [anna, bo, cia] = c.patients;
    const physician = c.staff.physician.id;
    ids = {
      // Monday 09:00 local, before the change.
      visit: await book({ kind: 'individual_visit', roomId: c.rooms.office.id, start: stockholm(monday, '09:00'), end: stockholm(monday, '10:00'), staffIds: [physician], patientIds: [anna.id] }),
      group: await book({ kind: 'group_session', roomId: c.rooms.groupRoom.id, start: stockholm(tuesday, '13:00'), end: stockholm(tuesday, '14:30'), staffIds: [physician, c.staff.nurse.id], patientIds: [anna.id, bo.id] }),
      cancelled: await book({ kind: 'individual_visit', start: stockholm(wednesday, '09:00'), end: stockholm(wednesday, '10:00'), staffIds: [physician], patientIds: [bo.id] }),
      annaCancelled: await book({ kind: 'individual_visit', start: stockholm(wednesday, '11:00'), end: stockholm(wednesday, '12:00'), staffIds: [physician], patientIds: [anna.id] }),
      nurseVisit: await book({ kind: 'individual_visit', roomId: c.rooms.office.id, start: stockholm(thursday, '09:00'), end: stockholm(thursday, '10:00'), staffIds: [c.staff.nurse.id], patientIds: [cia.id] }),
      // Monday 09:00 local after the change.
      summer: await book({ kind: 'individual_visit', start: stockholm(mondayAfter, '09:00'), end: stockholm(mondayAfter, '10:00'), staffIds: [physician], patientIds: [anna.id] }),
    };
    for (const id of [ids.cancelled, ids.annaCancelled]) await t.http().post(`/appointments/${id}/cancel`).set(coordinator).send({ reason: 'patient ill' }).expect(200);
    await t.http().post(`/staff/${physician}/absences`).set(bearer(t.adminToken)).send({ start: stockholm(friday, '08:00'), end: stockholm(friday, '16:00'), reason: 'course' }).expect(201);
  });
  afterAll(() => t.close());

  describe('a staff member’s calendar', () => {
    it('shows the clinician their week in local time, with the patients they see by name, and their absences', async () => {
      const { body } = await t.http().get(`/staff/${c.staff.physician.id}/calendar`).query(week).set(bearer(c.clinicianToken)).expect(200);
      expect(body.timeZone).toBe('Europe/Stockholm');
      expect(body.appointments.map((a: { id: string }) => a.id)).toEqual([ids.visit, ids.group]);
      expect(body.appointments[0]).toMatchObject({
        kind: 'individual_visit',
        label: 'Individuellt besök',
        start: stockholm(monday, '09:00'),
        end: stockholm(monday, '10:00'),
        room: { id: c.rooms.office.id },
        patients: [{ id: c.patients[0].id, initials: 'A.A.', name: 'Anna Andersson' }],
      });
      expect(body.appointments[1].staff.map((s: { id: string }) => s.id).sort()).toEqual([c.staff.physician.id, c.staff.nurse.id].sort());
      expect(body.absences).toEqual([{ staffId: c.staff.physician.id, start: stockholm(friday, '08:00'), end: stockholm(friday, '16:00'), reason: 'course' }]);
    });

    it('is the clinician’s own and their coordinators’ only', async () => {
      await t.http().get(`/staff/${c.staff.nurse.id}/calendar`).query(week).set(bearer(c.clinicianToken)).expect(403);
      await t.http().get(`/staff/${c.staff.physician.id}/calendar`).query(week).set(bearer(c.patientToken)).expect(403);
      const elsewhere = await userToken(t, 'coordinator', { siteId: (await createSite(t)).id });
      await t.http().get(`/staff/${c.staff.physician.id}/calendar`).query(week).set(bearer(elsewhere)).expect(404);
      await t.http().get(`/staff/${c.staff.physician.id}/calendar`).query(week).expect(401);
      await t.http().get(`/staff/${c.staff.physician.id}/calendar`).query(week).set(coordinator).expect(200);
    });

    it('refuses a range that ends before it starts, or spans more than 93 days, naming the field', async () => {
      const reversed = await t.http().get(`/staff/${c.staff.physician.id}/calendar`).query({ from: week.to, to: week.from }).set(coordinator).expect(400);
      expect(reversed.body.details).toEqual([{ field: 'to', problem: 'must be after from', code: 'validation.after', params: expect.objectContaining({ other: 'from' }) }]);
      const long = await t.http().get(`/staff/${c.staff.physician.id}/calendar`).query({ from: week.from, to: stockholm(addDays(monday, 94), '00:00') }).set(coordinator).expect(400);
      expect(long.body.details).toEqual([{ field: 'to', problem: 'must be at most 93 days after from', code: 'validation.range_too_long', params: expect.objectContaining({ days: 93, other: 'from' }) }]);
      const missing = await t.http().get(`/staff/${c.staff.physician.id}/calendar`).set(coordinator).expect(400);
      expect(missing.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['from', 'to']);
    });
  });

  it('shows the coordinator the whole team, or one discipline', async () => {
    const all = await t.http().get(`/sites/${c.site.id}/calendar`).query(week).set(coordinator).expect(200);
    expect(all.body.staff).toHaveLength(4);
    expect(all.body.appointments.map((a: { id: string }) => a.id)).toEqual([ids.visit, ids.group, ids.nurseVisit]);
    const nurses = await t.http().get(`/sites/${c.site.id}/calendar`).query({ ...week, discipline: 'nurse' }).set(coordinator).expect(200);
    expect(nurses.body.staff.map((s: { id: string }) => s.id)).toEqual([c.staff.nurse.id]);
    expect(nurses.body.appointments.map((a: { id: string }) => a.id)).toEqual([ids.group, ids.nurseVisit]);
    expect(nurses.body.absences).toEqual([]);
    await t.http().get(`/sites/${c.site.id}/calendar`).query(week).set(bearer(c.clinicianToken)).expect(403);
    const wrong = await t.http().get(`/sites/${c.site.id}/calendar`).query({ ...week, discipline: 'surgeon' }).set(coordinator).expect(400);
    expect(wrong.body.details[0].field).toBe('discipline');
  });

  it('logs a team-week read as one audit entry per patient shown, naming every appointment of theirs shown, and finds it by appointment', async () => {
    const reader = await userToken(t, 'coordinator', { siteId: c.site.id });
    const { body } = await t.http().get(`/sites/${c.site.id}/calendar`).query(week).set(bearer(reader)).expect(200);
    const { userId } = (await t.http().get('/auth/me').set(bearer(reader)).expect(200)).body;
    const admin = bearer(t.adminToken);
    const logged = (await t.http().get('/audit').query({ userId, action: 'read' }).set(admin).expect(200)).body as { patientId: string; resourceIds: string[]; endpoint: string }[];
    const [anna, bo, cia] = c.patients.map((p) => p.id);
    expect(body.appointments.map((a: { id: string }) => a.id)).toEqual([ids.visit, ids.group, ids.nurseVisit]);
    expect(logged.map(({ patientId, resourceIds, endpoint }) => ({ patientId, resourceIds: [...resourceIds].sort(), endpoint })).sort((a, b) => a.patientId.localeCompare(b.patientId))).toEqual(
      [
        { patientId: anna, resourceIds: [ids.visit, ids.group].sort(), endpoint: 'GET /sites/:id/calendar' },
        { patientId: bo, resourceIds: [ids.group], endpoint: 'GET /sites/:id/calendar' },
        { patientId: cia, resourceIds: [ids.nurseVisit], endpoint: 'GET /sites/:id/calendar' },
      ].sort((a, b) => a.patientId.localeCompare(b.patientId)),
    );
    // Who saw the group session: this read, once for each of its two patients.
    const sawGroup = (await t.http().get('/audit').query({ resourceId: ids.group, userId }).set(admin).expect(200)).body as { patientId: string }[];
    expect(sawGroup.map((entry) => entry.patientId).sort()).toEqual([anna, bo].sort());
    expect((await t.http().get('/audit').query({ resourceId: ids.cancelled, userId }).set(admin).expect(200)).body).toEqual([]);
  });

  it('shows a clinician a room’s bookings with initials only for patients they do not see themselves', async () => {
    const { body } = await t.http().get(`/rooms/${c.rooms.office.id}/calendar`).query(week).set(bearer(c.clinicianToken)).expect(200);
    expect(body.appointments.map((a: { id: string }) => a.id)).toEqual([ids.visit, ids.nurseVisit]);
    expect(body.appointments[0].patients).toEqual([{ id: c.patients[0].id, initials: 'A.A.', name: 'Anna Andersson', interpreter: null }]);
    expect(body.appointments[1].patients).toEqual([{ id: c.patients[2].id, initials: 'C.E.', interpreter: null }]);
  });

  it('shows a patient their own visits, cancelled ones too, and never another patient of the group', async () => {
    const { body } = await t.http().get('/me/appointments').query({ from: week.from }).set(bearer(c.patientToken)).expect(200);
    expect(body.map((a: { id: string }) => a.id)).toEqual([ids.visit, ids.group, ids.annaCancelled, ids.summer]);
    expect(body.find((a: { id: string }) => a.id === ids.annaCancelled).status).toBe('cancelled');
    const group = body.find((a: { id: string }) => a.id === ids.group);
    expect(group.patients).toEqual([{ id: c.patients[0].id, initials: 'A.A.', name: 'Anna Andersson', interpreter: null }]);
    expect(JSON.stringify(body)).not.toContain('Bo Berg');
    await t.http().get('/me/appointments').set(coordinator).expect(403);

    const audit: { patient_id: string; resource_id: string }[] = await t.db.query(
      `SELECT patient_id, unnest(resource_ids) AS resource_id FROM audit_log WHERE endpoint = 'GET /me/appointments' AND action = 'read'`,
    );
    expect(audit.every((row) => row.patient_id === c.patients[0].id)).toBe(true);
    expect(audit.map((row) => row.resource_id)).toEqual(expect.arrayContaining([ids.visit, ids.group]));
  });

  describe('iCalendar feeds', () => {
    const path = (url: string) => new URL(url).pathname;

    it('gives a staff member a feed with stable UIDs, UTC times across a change of summer time, initials only, and cancellations', async () => {
      const created = await t.http().post(`/staff/${c.staff.physician.id}/calendar-feed`).set(bearer(c.clinicianToken)).expect(201);
      expect(created.body.url).toMatch(/\/calendar-feeds\/[A-Za-z0-9_-]{43}\.ics$/);
      const response = await t.http().get(path(created.body.url)).expect(200);
      expect(response.headers['content-type']).toContain('text/calendar');
      expect(response.text).not.toMatch(/Anna|Bo Berg|Andersson/);
      // No personal identity number in any form (a pattern would also match the digits of a UUID now and then).
      for (const patient of c.patients) {
        const { personalNumber } = (await t.http().get(`/patients/${patient.id}`).set(coordinator).expect(200)).body;
        for (const form of [personalNumber, personalNumber.replace('-', ''), personalNumber.slice(2)]) expect(response.text).not.toContain(form);
      }

      const events = eventsOf(response.text);
      const byUid = new Map(events.map((event) => [event.uid, event]));
      expect([...byUid.keys()].sort()).toEqual([ids.visit, ids.group, ids.cancelled, ids.annaCancelled, ids.summer].map((id) => `${id}@rehab-scheduler`).sort());
      expect(byUid.get(`${ids.visit}@rehab-scheduler`)).toMatchObject({ start: utc(monday, '09:00'), end: utc(monday, '10:00'), summary: 'Individuellt besök – A.A.', status: 'CONFIRMED' });
      expect(byUid.get(`${ids.summer}@rehab-scheduler`)).toMatchObject({ start: utc(mondayAfter, '09:00') });
      expect(utc(mondayAfter, '09:00').slice(11, 13)).not.toBe(utc(monday, '09:00').slice(11, 13)); // the same local hour is another UTC hour
      expect(byUid.get(`${ids.group}@rehab-scheduler`)!.summary).toBe('Gruppträff – A.A., B.B.');
      expect(byUid.get(`${ids.group}@rehab-scheduler`)!.location).toContain(c.site.name);
      expect(byUid.get(`${ids.cancelled}@rehab-scheduler`)!.status).toBe('CANCELLED');

      // A moved visit keeps its UID, so subscribed apps replace it, with a higher SEQUENCE.
      await t.http().patch(`/appointments/${ids.visit}`).set(coordinator).send({ start: stockholm(monday, '11:00') }).expect(200);
      const moved = eventsOf((await t.http().get(path(created.body.url)).expect(200)).text).find((event) => event.uid === `${ids.visit}@rehab-scheduler`)!;
      expect(moved.start).toBe(utc(monday, '11:00'));
      expect(moved.sequence).toBeGreaterThan(byUid.get(`${ids.visit}@rehab-scheduler`)!.sequence);
    });

    it('holds the coming year: a visit ten months ahead is in the feed, one thirteen months ahead is not yet', async () => {
      const visitOn = async (monday: string) =>
        (
          await t
            .http()
            .post('/appointments')
            .set(coordinator)
            .send({ kind: 'individual_visit', siteId: c.site.id, start: stockholm(monday, '13:00'), end: stockholm(monday, '14:00'), staffIds: [c.staff.nurse.id], patientIds: [c.patients[2].id] })
            .expect(201)
        ).body.id as string;
      const [tenMonths, thirteenMonths] = [await visitOn(plainWeek(300)), await visitOn(plainWeek(400))];
      const created = await t.http().post(`/staff/${c.staff.nurse.id}/calendar-feed`).set(coordinator).expect(201);
      const uids = eventsOf((await t.http().get(path(created.body.url)).expect(200)).text).map((event) => event.uid);
      expect(uids).toContain(`${tenMonths}@rehab-scheduler`);
      expect(uids).not.toContain(`${thirteenMonths}@rehab-scheduler`);
    });

    it('ends every line with CRLF, the last one too, and asks apps to refresh as often as the answer may be cached', async () => {
      const created = await t.http().post(`/staff/${c.staff.nurse.id}/calendar-feed`).set(coordinator).expect(201);
      const response = await t.http().get(path(created.body.url)).expect(200);
      expect(response.text.endsWith('END:VCALENDAR\r\n')).toBe(true);
      expect(response.text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/); // no bare CR or LF anywhere
      const maxAge = Number(/max-age=(\d+)/.exec(response.headers['cache-control'])?.[1]);
      expect(maxAge).toBeGreaterThan(0);
      const minutes = `PT${maxAge / 60}M`;
      expect(response.text).toContain(`\r\nREFRESH-INTERVAL;VALUE=DURATION:${minutes}\r\n`);
      expect(response.text).toContain(`\r\nX-PUBLISHED-TTL:${minutes}\r\n`);
    });

    it('stops an old address when a new one is made, and every address when revoked', async () => {
      const first = await t.http().post(`/staff/${c.staff.nurse.id}/calendar-feed`).set(coordinator).expect(201);
      const second = await t.http().post(`/staff/${c.staff.nurse.id}/calendar-feed`).set(coordinator).expect(201);
      await t.http().get(path(first.body.url)).expect(404);
      await t.http().get(path(second.body.url)).expect(200);
      await t.http().delete(`/staff/${c.staff.nurse.id}/calendar-feed`).set(coordinator).expect(204);
      await t.http().get(path(second.body.url)).expect(404);
      // The error shape, as JSON: not the feed's text/calendar (found by the API fuzzer).
      await t.http().get('/calendar-feeds/not-a-token.ics').expect(404).expect('Content-Type', /^application\/json/);
      await t.http().post(`/staff/${c.staff.nurse.id}/calendar-feed`).set(bearer(c.clinicianToken)).expect(403);
    });

    it('gives a patient a feed of their own visits with who they meet, and logs its reads as theirs', async () => {
      const anna = c.patients[0];
      await t.http().post(`/patients/${c.patients[1].id}/calendar-feed`).set(bearer(c.patientToken)).expect(404);
      const created = await t.http().post(`/patients/${anna.id}/calendar-feed`).set(bearer(c.patientToken)).expect(201);
      const text = (await t.http().get(path(created.body.url)).expect(200)).text;
      const events = eventsOf(text);
      expect(events.map((event) => event.uid).sort()).toEqual([ids.visit, ids.group, ids.annaCancelled, ids.summer].map((id) => `${id}@rehab-scheduler`).sort());
      expect(events.find((event) => event.uid.startsWith(ids.annaCancelled))!.status).toBe('CANCELLED');
      expect(events.find((event) => event.uid.startsWith(ids.group))!.summary).toContain('(läkare)');
      expect(text).not.toContain('B.B.');
      const audit: { patient_id: string; user_id: string | null; client_address: string | null; resource_ids: string[] }[] = await t.db.query(
        `SELECT patient_id, user_id, client_address, resource_ids FROM audit_log WHERE endpoint = 'GET /calendar-feeds/:token.ics' AND username LIKE $1`,
        [`%${anna.id}`],
      );
      // One read of one patient's feed: one entry, naming the visits it showed.
      expect(audit).toHaveLength(1);
      expect(audit[0].resource_ids.length).toBeGreaterThanOrEqual(3);
      expect(audit.every((row) => row.patient_id === anna.id && row.user_id === null)).toBe(true);
      // Where the calendar app fetched from: a leaked address shows up by where it is used.
      expect(audit.every((row) => /127\.0\.0\.1|::1/.test(row.client_address ?? ''))).toBe(true);
    });
  });
});
