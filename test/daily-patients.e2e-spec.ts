import { bearer, createSite, nextPersonalNumber, userToken } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

/** Issue 16, B1: finding a patient at the desk, duplicates that point at the record, corrections. */
describe('patients at the reception desk', () => {
  let t: TestApp;
  let admin: { Authorization: string };
  let siteId: string;
  let otherSiteId: string;
  let coordinator: { Authorization: string };
  let otherCoordinator: { Authorization: string };

  const create = (auth: { Authorization: string }, body: Record<string, unknown>) =>
    t.http().post('/patients').set(auth).send({ siteId, name: 'Test Patient', reminderChannel: 'none', personalNumber: nextPersonalNumber(), ...body });
  const search = (auth: { Authorization: string }, q: string) => t.http().get('/patients').query({ q }).set(auth);

  beforeAll(async () => {
    t = await createTestApp();
    admin = bearer(t.adminToken);
    siteId = (await createSite(t)).id;
    otherSiteId = (await createSite(t)).id;
    coordinator = bearer(await userToken(t, 'coordinator', { siteId }));
    otherCoordinator = bearer(await userToken(t, 'coordinator', { siteId: otherSiteId }));
  });
  afterAll(() => t.close());

  describe('search', () => {
    let centenarian: string;
    let lindqvist: string;

    beforeAll(async () => {
      centenarian = (await create(coordinator, { name: 'Tor Hundraår', personalNumber: '19121212-1212' }).expect(201)).body.id;
      lindqvist = (await create(coordinator, { name: 'Åsa Lindqvist', phone: '+46701112233', reminderChannel: 'sms' }).expect(201)).body.id;
      await create(otherCoordinator, { siteId: otherSiteId, name: 'Per Lindqvist' }).expect(201);
    });

    it('finds a patient by personal number in every written form, 10 digits with + for 100 years and older', async () => {
      for (const q of ['19121212-1212', '191212121212', '121212+1212']) {
        const found = await search(coordinator, q).expect(200);
        expect(found.body.map((p: { id: string }) => p.id)).toEqual([centenarian]);
      }
      // Written with a hyphen, 121212-1212 is someone born in 2012: not our centenarian.
      expect((await search(coordinator, '121212-1212').expect(200)).body).toEqual([]);
    });

    it('finds by part of the name in any case, and only at the caller’s own site', async () => {
      const found = await search(coordinator, 'LINDQ').expect(200);
      expect(found.body.map((p: { name: string }) => p.name)).toEqual(['Åsa Lindqvist']);
      const admins = await search(admin, 'lindqvist').expect(200);
      expect(admins.body.map((p: { name: string }) => p.name).sort()).toEqual(['Per Lindqvist', 'Åsa Lindqvist']);
    });

    it('finds by phone with the digits compared, in the national form too', async () => {
      for (const q of ['070-111 22 33', '+46 70 111 22 33', '1112233']) {
        const found = await search(coordinator, q).expect(200);
        expect(found.body.map((p: { id: string }) => p.id)).toEqual([lindqvist]);
      }
    });

    it('logs every patient found as read', async () => {
      await search(coordinator, 'Hundraår').expect(200);
      const log = await t.http().get('/audit').query({ patientId: centenarian, action: 'read' }).set(admin).expect(200);
      expect(log.body.some((entry: { endpoint: string; role: string }) => entry.endpoint === 'GET /patients' && entry.role === 'coordinator')).toBe(true);
    });

    it('answers at most 50 patients, and refuses a one-letter search', async () => {
      for (let i = 0; i < 52; i++) await create(coordinator, { name: `Namnlik ${String(i).padStart(2, '0')}` }).expect(201);
      const found = await search(coordinator, 'namnlik').expect(200);
      expect(found.body).toHaveLength(50);
      expect(found.body[0].name).toBe('Namnlik 00');
      const bad = await search(coordinator, 'n').expect(400);
      expect(bad.body.details).toEqual([{ field: 'q', problem: 'must be longer than or equal to 2 characters', code: 'validation.too_short', params: { min: 2 } }]);
    });

    it('lets a patient find only themself', async () => {
      const patient = bearer(await userToken(t, 'patient', { patientId: lindqvist }));
      expect((await search(patient, 'Hundraår').expect(200)).body).toEqual([]);
      expect((await search(patient, 'Åsa').expect(200)).body.map((p: { id: string }) => p.id)).toEqual([lindqvist]);
    });
  });

  describe('a personal number registered already', () => {
    it('points a caller who may see the patient at the existing record', async () => {
      const number = nextPersonalNumber();
      const existing = (await create(coordinator, { personalNumber: number }).expect(201)).body.id;
      const again = await create(coordinator, { personalNumber: number.replace('-', '') }).expect(409);
      expect(again.body).toMatchObject({ statusCode: 409, error: 'Conflict', existingPatientId: existing });
      expect(again.body.message).not.toContain(number.slice(-4));
    });

    it('tells another site’s coordinator only that the number is registered elsewhere', async () => {
      const number = nextPersonalNumber();
      await create(coordinator, { personalNumber: number }).expect(201);
      const elsewhere = await create(otherCoordinator, { siteId: otherSiteId, personalNumber: number }).expect(409);
      expect(elsewhere.body).toEqual({ statusCode: 409, error: 'Conflict', code: 'patient.number_elsewhere', params: {}, message: 'this personal number is registered at another site' });
    });
  });

  describe('corrections', () => {
    it('lets a coordinator correct the name and personal number, audited, and refuses a taken number', async () => {
      const patient = (await create(coordinator, { name: 'Ana Anderson' }).expect(201)).body.id;
      const taken = (await create(coordinator, {}).expect(201)).body;
      const number = nextPersonalNumber();
      const corrected = await t.http().patch(`/patients/${patient}`).set(coordinator).send({ name: 'Anna Andersson', personalNumber: number.replace('-', '') }).expect(200);
      expect(corrected.body).toMatchObject({ name: 'Anna Andersson', personalNumber: number });
      expect((await t.http().get(`/patients/${patient}`).set(coordinator).expect(200)).body).toMatchObject({ name: 'Anna Andersson', personalNumber: number });

      const log = await t.http().get('/audit').query({ patientId: patient, action: 'update' }).set(admin).expect(200);
      expect(log.body.map((entry: { endpoint: string }) => entry.endpoint)).toContain('PATCH /patients/:id');

      const clash = await t.http().patch(`/patients/${patient}`).set(coordinator).send({ personalNumber: taken.personalNumber }).expect(409);
      expect(clash.body.existingPatientId).toBe(taken.id);
      const bad = await t.http().patch(`/patients/${patient}`).set(coordinator).send({ personalNumber: '19121212-1213' }).expect(400);
      expect(bad.body.details).toEqual([{ field: 'personalNumber', problem: 'has a wrong check digit', code: 'validation.personal_number_check_digit', params: expect.any(Object) }]);
      // Keeping one's own number is no clash.
      await t.http().patch(`/patients/${patient}`).set(coordinator).send({ personalNumber: number }).expect(200);
    });

    it('still refuses a patient changing their own name or number', async () => {
      const patient = (await create(coordinator, {}).expect(201)).body.id;
      const own = bearer(await userToken(t, 'patient', { patientId: patient }));
      const refused = await t.http().patch(`/patients/${patient}`).set(own).send({ personalNumber: nextPersonalNumber(), name: 'X' }).expect(403);
      expect(refused.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['name', 'personalNumber']);
    });
  });
});
