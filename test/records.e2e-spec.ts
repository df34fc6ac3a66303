import { bearer, createSite, nextPersonalNumber } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

describe('sites, staff, rooms and patients', () => {
  let t: TestApp;
  let admin: { Authorization: string };
  let siteId: string;

  beforeAll(async () => {
    t = await createTestApp();
    admin = bearer(t.adminToken);
    siteId = (await createSite(t, 'Smärtrehab Eksjö')).id;
  });
  afterAll(() => t.close());

  describe('sites', () => {
    it('defaults to the service’s time zone and refuses an unknown one', async () => {
      const site = await t.http().post('/sites').set(admin).send({ name: 'Smärtrehab Värnamo' }).expect(201);
      expect(site.body.timeZone).toBe('Europe/Stockholm');
      const bad = await t.http().post('/sites').set(admin).send({ name: 'X', timeZone: 'Europe/Atlantis' }).expect(400);
      expect(bad.body.details).toEqual([{ field: 'timeZone', problem: 'must be an IANA time zone such as Europe/Stockholm', code: 'validation.time_zone', params: expect.any(Object) }]);
      await t.http().post('/sites').set(admin).send({ name: 'Smärtrehab Värnamo' }).expect(409);
    });

    it('lists closed days: public holidays, bank-holiday eves and the site’s own closures', async () => {
      await t.http().post(`/sites/${siteId}/closures`).set(admin).send({ date: '2027-04-30', reason: 'valborg' }).expect(201);
      const days = await t.http().get(`/sites/${siteId}/closed-days`).query({ from: '2027-04-01', to: '2027-06-30' }).set(admin).expect(200);
      expect(days.body).toEqual([
        { date: '2027-04-30', reason: 'valborg' },
        { date: '2027-05-01', reason: 'första maj' },
        { date: '2027-05-06', reason: 'Kristi himmelsfärdsdag' },
        { date: '2027-05-16', reason: 'pingstdagen' },
        { date: '2027-06-06', reason: 'nationaldagen' },
        { date: '2027-06-25', reason: 'midsommarafton' },
        { date: '2027-06-26', reason: 'midsommardagen' },
      ]);
      await t.http().get(`/sites/${siteId}/closed-days`).query({ from: '2027-06-30', to: '2027-04-01' }).set(admin).expect(400);
    });
  });

  describe('staff', () => {
    it('stores weekly working hours and refuses impossible ones', async () => {
      const good = await t
        .http()
        .post('/staff')
        .set(admin)
        .send({ name: 'Lena Holm', discipline: 'physiotherapist', siteId, workingHours: [{ weekday: 1, start: '08:00', end: '12:00' }] })
        .expect(201);
      expect(good.body).toMatchObject({ discipline: 'physiotherapist', workingHours: [{ weekday: 1, start: '08:00', end: '12:00' }] });

      const bad = await t
        .http()
        .post('/staff')
        .set(admin)
        .send({ name: 'X', discipline: 'surgeon', siteId, workingHours: [{ weekday: 8, start: '8:00', end: '25:00' }] })
        .expect(400);
      expect(bad.body.details.map((d: { field: string }) => d.field)).toEqual([
        'discipline',
        'workingHours.0.weekday',
        'workingHours.0.start',
        'workingHours.0.end',
      ]);
      const backwards = await t
        .http()
        .post('/staff')
        .set(admin)
        .send({ name: 'X', discipline: 'nurse', siteId, workingHours: [{ weekday: 1, start: '12:00', end: '08:00' }] })
        .expect(400);
      expect(backwards.body.details).toEqual([{ field: 'workingHours.0.end', problem: 'must be after start', code: 'validation.after', params: expect.objectContaining({ other: 'start' }) }]);
      const overlapping = await t
        .http()
        .post('/staff')
        .set(admin)
        .send({
          name: 'X',
          discipline: 'nurse',
          siteId,
          workingHours: [
            { weekday: 1, start: '08:00', end: '12:00' },
            { weekday: 1, start: '11:00', end: '15:00' },
          ],
        })
        .expect(400);
      expect(overlapping.body.details[0].field).toBe('workingHours');
      const unknownSite = await t
        .http()
        .post('/staff')
        .set(admin)
        .send({ name: 'X', discipline: 'nurse', siteId: '00000000-0000-4000-8000-000000000000', workingHours: [] })
        .expect(422);
      expect(unknownSite.body.details[0].field).toBe('siteId');
    });

    it('records an absence and lists the booked appointments it collides with', async () => {
      const staff = await t
        .http()
        .post('/staff')
        .set(admin)
        .send({ name: 'Sara Ek', discipline: 'psychologist', siteId, workingHours: [{ weekday: 2, start: '08:00', end: '16:00' }] })
        .expect(201);
      const patient = await t
        .http()
        .post('/patients')
        .set(admin)
        .send({ siteId, personalNumber: nextPersonalNumber(), name: 'P', reminderChannel: 'none' })
        .expect(201);
      const appointment = await t
        .http()
        .post('/appointments')
        .set(admin)
        .send({
          kind: 'individual_visit',
          siteId,
          start: '2027-02-02T10:00:00+01:00',
          end: '2027-02-02T11:00:00+01:00',
          staffIds: [staff.body.id],
          patientIds: [patient.body.id],
        })
        .expect(201);
      const absence = await t
        .http()
        .post(`/staff/${staff.body.id}/absences`)
        .set(admin)
        .send({ start: '2027-02-01T00:00:00+01:00', end: '2027-02-06T00:00:00+01:00', reason: 'sick' })
        .expect(201);
      expect(absence.body).toMatchObject({ reason: 'sick', start: '2027-02-01T00:00:00+01:00', affectedAppointmentIds: [appointment.body.id] });
      await t
        .http()
        .post(`/staff/${staff.body.id}/absences`)
        .set(admin)
        .send({ start: '2027-02-06T00:00:00+01:00', end: '2027-02-01T00:00:00+01:00', reason: 'flu' })
        .expect(400);
    });
  });

  describe('rooms', () => {
    it('knows its kinds and capacities', async () => {
      await t.http().post('/rooms').set(admin).send({ siteId, name: 'Gymmet', kind: 'gym', capacity: 10 }).expect(201);
      const bad = await t.http().post('/rooms').set(admin).send({ siteId, name: 'Pool', kind: 'pool', capacity: 0 }).expect(400);
      expect(bad.body.details.map((d: { field: string }) => d.field)).toEqual(['kind', 'capacity']);
      const gyms = await t.http().get('/rooms').query({ siteId, kind: 'gym' }).set(admin).expect(200);
      expect(gyms.body.map((r: { name: string }) => r.name)).toEqual(['Gymmet']);
    });
  });

  describe('patients', () => {
    const patient = (overrides: Record<string, unknown>) => ({ siteId, name: 'Test', reminderChannel: 'none', personalNumber: nextPersonalNumber(), ...overrides });

    it('accepts a valid personal number in either form and shows it as YYYYMMDD-NNNN', async () => {
      const created = await t.http().post('/patients').set(admin).send(patient({ personalNumber: '191212121212' })).expect(201);
      expect(created.body).toMatchObject({ personalNumber: '19121212-1212', birthDate: '1912-12-12' });
      const duplicate = await t.http().post('/patients').set(admin).send(patient({ personalNumber: '19121212-1212' })).expect(409);
      expect(duplicate.body.message).not.toContain('1212');
    });

    it('refuses a personal number with a wrong check digit or date', async () => {
      const wrong = await t.http().post('/patients').set(admin).send(patient({ personalNumber: '19121212-1213' })).expect(400);
      expect(wrong.body.details).toEqual([{ field: 'personalNumber', problem: 'has a wrong check digit', code: 'validation.personal_number_check_digit', params: expect.any(Object) }]);
      const date = await t.http().post('/patients').set(admin).send(patient({ personalNumber: '19121332-1212' })).expect(400);
      expect(date.body.details[0].problem).toBe('does not hold a valid date of birth');
    });

    it('accepts a coordination number', async () => {
      const created = await t.http().post('/patients').set(admin).send(patient({ personalNumber: '19121272-1219' })).expect(201);
      expect(created.body.birthDate).toBe('1912-12-12');
    });

    it('needs the address of the reminder channel', async () => {
      const bad = await t.http().post('/patients').set(admin).send(patient({ phone: '0701234567' })).expect(400);
      expect(bad.body.details).toEqual([{ field: 'phone', problem: 'must be an E.164 phone number such as +46701234567', code: 'validation.phone_format', params: expect.any(Object) }]);
      const sms = await t.http().post('/patients').set(admin).send(patient({ reminderChannel: 'sms' })).expect(422);
      expect(sms.body.details).toEqual([{ field: 'phone', problem: 'is required when reminderChannel is sms', code: 'patient.phone_for_sms', params: expect.any(Object) }]);
    });
  });

  describe('API documentation', () => {
    it('documents every endpoint with its body schema', async () => {
      const docs = await t.http().get('/api/docs-json').expect(200);
      for (const path of ['/sites', '/staff', '/staff/{id}/absences', '/rooms', '/patients', '/patients/{id}', '/appointments', '/appointments/{id}/cancel', '/auth/login', '/users', '/audit', '/health']) {
        expect(docs.body.paths).toHaveProperty([path]);
      }
      expect(docs.body.components.securitySchemes).toHaveProperty('bearer');
      await t.http().get('/api/docs').expect(200);
    });
  });
});
