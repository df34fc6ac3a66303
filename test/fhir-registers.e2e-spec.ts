import type { Bundle, Resource } from '@medplum/fhirtypes';
import { validateFhir } from './support/fhir';
import { bearer, createClinic, createStaff } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

type Clinic = Awaited<ReturnType<typeof createClinic>>;

const PERSONAL_NUMBER = 'urn:oid:1.2.752.129.2.1.3.1';
const SNOMED = 'http://snomed.info/sct';

/**
 * Issue 18: the registers over FHIR R4 (Patient, Practitioner, PractitionerRole, Location,
 * HealthcareService): read by id and searched as a FHIR client does, each answer valid by the
 * independent validator, with the REST API's access rules and audit.
 */
describe('the FHIR registers', () => {
  let t: TestApp;
  let c: Clinic;
  let other: Clinic;
  let anna: { id: string; personalNumber: string };

  beforeAll(async () => {
    t = await createTestApp();
    [c, other] = [await createClinic(t), await createClinic(t)];
    await t.http().patch(`/sites/${c.site.id}/settings`).set(bearer(t.adminToken)).send({ patientService: { phone: '021-17 30 00', address: 'Ingång 29, Västerås' } }).expect(200);
    anna = (await t.http().get(`/patients/${c.patients[0].id}`).set(bearer(t.adminToken)).expect(200)).body;
  });
  afterAll(() => t.close());

  /** A FHIR answer: its status, the FHIR content type, and valid by the validator (a Bundle's entries too). */
  async function fhir(path: string, token: string, status = 200) {
    const response = await t.http().get(`/fhir/R4${path}`).set(bearer(token));
    expect({ path, status: response.status }).toEqual({ path, status });
    expect(response.headers['content-type']).toMatch(/^application\/fhir\+json/);
    expect(validateFhir(response.body)).toEqual([]);
    for (const entry of (response.body as Bundle).entry ?? []) expect(validateFhir(entry.resource)).toEqual([]);
    return response.body;
  }
  const ids = (bundle: Bundle) => (bundle.entry ?? []).map((entry) => (entry.resource as Resource).id);
  const problemCodes = (outcome: { issue: { details: { coding: { code: string }[] } }[] }) => outcome.issue.map((issue) => issue.details.coding[0].code);
  const audit = async (query: Record<string, string>) => (await t.http().get('/audit').query(query).set(bearer(t.adminToken)).expect(200)).body;

  describe('Patient', () => {
    it('reads a patient with the personal number as identifier, the name in parts, phone, and the read logged', async () => {
      const patient = await fhir(`/Patient/${anna.id}`, c.coordinatorToken);
      expect(patient).toEqual({
        resourceType: 'Patient',
        id: anna.id,
        identifier: [{ use: 'official', system: PERSONAL_NUMBER, value: anna.personalNumber.replace('-', '') }],
        active: true,
        name: [{ use: 'official', text: 'Anna Andersson', family: 'Andersson', given: ['Anna'] }],
        telecom: [{ system: 'phone', value: '+46701234567' }],
        birthDate: `${anna.personalNumber.slice(0, 4)}-${anna.personalNumber.slice(4, 6)}-${anna.personalNumber.slice(6, 8)}`,
      });
      expect(await audit({ patientId: anna.id })).toContainEqual(expect.objectContaining({ role: 'coordinator', action: 'read', outcome: 'allowed', resource: 'patient', endpoint: 'GET /fhir/R4/:type/:id' }));
    });

    it('finds a patient by the personal number in any written form, and by id, each found patient logged', async () => {
      const [long, short] = [anna.personalNumber, anna.personalNumber.slice(2)];
      for (const identifier of [long, short, `${PERSONAL_NUMBER}|${long.replace('-', '')}`]) {
        const bundle = await fhir(`/Patient?identifier=${encodeURIComponent(identifier)}`, c.coordinatorToken);
        expect({ identifier, type: bundle.type, total: bundle.total, ids: ids(bundle) }).toEqual({ identifier, type: 'searchset', total: 1, ids: [anna.id] });
      }
      expect(ids(await fhir(`/Patient?_id=${anna.id}`, c.clinicianToken))).toEqual([anna.id]);
      expect(ids(await fhir(`/Patient?_id=${anna.id}&identifier=${encodeURIComponent(long)}`, c.clinicianToken))).toEqual([anna.id]);
      expect((await fhir(`/Patient?identifier=urn:oid:1.2.752.129.2.1.3.3|${long.replace('-', '')}`, c.coordinatorToken)).total).toBe(0);
      expect(await audit({ patientId: anna.id })).toContainEqual(expect.objectContaining({ role: 'clinician', action: 'read', resource: 'patient', endpoint: 'GET /fhir/R4/:type' }));
    });

    it('shows staff only their site’s patients, and a patient only themself', async () => {
      expect((await fhir(`/Patient?identifier=${anna.personalNumber}`, other.coordinatorToken)).total).toBe(0);
      await fhir(`/Patient/${anna.id}`, other.clinicianToken, 404);
      expect((await fhir(`/Patient/${anna.id}`, c.patientToken)).id).toBe(anna.id);
      expect(ids(await fhir(`/Patient?_id=${anna.id}`, c.patientToken))).toEqual([anna.id]);
      expect((await fhir(`/Patient?_id=${c.patients[1].id}`, c.patientToken)).total).toBe(0);
    });

    it('refuses a patient another patient’s record as REST does, 404 as a missing one, and logs the refusal', async () => {
      const bo = c.patients[1].id;
      const refused = await fhir(`/Patient/${bo}`, c.patientToken, 404);
      expect(refused).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-found' }] });
      expect(JSON.stringify(refused)).not.toContain('Bo Berg');
      const missing = await fhir('/Patient/00000000-0000-4000-8000-000000000000', c.patientToken, 404);
      expect(refused.issue[0].details.text).toBe(missing.issue[0].details.text.replace('00000000-0000-4000-8000-000000000000', bo));
      expect(await audit({ patientId: bo, outcome: 'refused' })).toEqual([
        expect.objectContaining({ role: 'patient', action: 'read', outcome: 'refused', resource: 'patient', resourceIds: [bo], endpoint: 'GET /fhir/R4/:type/:id' }),
      ]);
    });

    it('refuses a search that names no patient, a parameter it does not know, and an id not of our form', async () => {
      expect(problemCodes(await fhir('/Patient', c.coordinatorToken, 400))).toEqual(['fhir.search_needs_param']);
      const unknown = await fhir('/Patient?gender=female', c.coordinatorToken, 400);
      expect(unknown.issue).toEqual([expect.objectContaining({ code: 'invalid', expression: ['gender'], details: expect.objectContaining({ coding: [expect.objectContaining({ code: 'fhir.unknown_search_param' })] }) })]);
      expect(problemCodes(await fhir('/Patient/not-a-uuid', c.coordinatorToken, 404))).toEqual(['not_found']);
    });
  });

  describe('Practitioner and PractitionerRole', () => {
    it('reads a staff member as a Practitioner and their discipline as a SNOMED CT role at the site', async () => {
      const physio = c.staff.physiotherapist;
      expect(await fhir(`/Practitioner/${physio.id}`, c.clinicianToken)).toMatchObject({ resourceType: 'Practitioner', id: physio.id, active: true, name: [{ text: physio.name }] });
      expect(await fhir(`/PractitionerRole/${physio.id}`, c.coordinatorToken)).toEqual({
        resourceType: 'PractitionerRole',
        id: physio.id,
        active: true,
        practitioner: { reference: `Practitioner/${physio.id}`, display: physio.name },
        code: [{ coding: [{ system: SNOMED, code: '36682004', display: 'Physiotherapist' }], text: 'Physiotherapist' }],
        location: [{ reference: `Location/${c.site.id}`, display: c.site.name }],
        healthcareService: [{ reference: `HealthcareService/${c.site.id}`, display: c.site.name }],
      });
    });

    it('names a practitioner by their HSA-id once we hold one', async () => {
      const nurse = c.staff.nurse.id;
      expect(await fhir(`/Practitioner/${nurse}`, c.coordinatorToken)).not.toHaveProperty('identifier');
      await t.http().patch(`/staff/${nurse}`).set(bearer(c.coordinatorToken)).send({ hsaId: 'SE2321000016-1A2B' }).expect(200);
      expect((await fhir(`/Practitioner/${nurse}`, c.coordinatorToken)).identifier).toEqual([{ use: 'official', system: 'urn:oid:1.2.752.29.4.19', value: 'SE2321000016-1A2B' }]);
    });

    it('finds practitioners by name and id, and roles by practitioner, site and discipline', async () => {
      const named = await createStaff(t, c.site.id, 'psychologist', undefined, 'Carl von Linné');
      expect(ids(await fhir('/Practitioner?name=linne', c.coordinatorToken))).toEqual([named.id]);
      expect(ids(await fhir(`/Practitioner?_id=${c.staff.nurse.id}`, c.coordinatorToken))).toEqual([c.staff.nurse.id]);
      expect(ids(await fhir(`/PractitionerRole?practitioner=Practitioner/${named.id}`, c.coordinatorToken))).toEqual([named.id]);
      expect(ids(await fhir(`/PractitionerRole?role=${encodeURIComponent(`${SNOMED}|59944000`)}`, c.coordinatorToken)).sort()).toEqual([c.staff.psychologist.id, named.id].sort());
      expect((await fhir('/PractitionerRole?role=59944001', c.coordinatorToken)).total).toBe(0);
      const atSite = await fhir(`/PractitionerRole?location=Location/${c.site.id}&_count=2`, t.adminToken);
      expect({ total: atSite.total, onPage: atSite.entry.length, next: atSite.link.some((link: { relation: string }) => link.relation === 'next') }).toEqual({ total: 5, onPage: 2, next: true });
    });

    it('is for staff: a patient is refused 403 as GET /staff refuses them, and another site’s member is 404, logged as refused', async () => {
      for (const path of [`/Practitioner/${c.staff.nurse.id}`, '/Practitioner', `/PractitionerRole?practitioner=${c.staff.nurse.id}`]) {
        expect(await fhir(path, c.patientToken, 403)).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'forbidden' }] });
      }
      await fhir(`/Practitioner/${c.staff.nurse.id}`, other.coordinatorToken, 404);
      const { userId } = (await t.http().get('/auth/me').set(bearer(other.coordinatorToken)).expect(200)).body;
      expect(await audit({ userId, outcome: 'refused' })).toContainEqual(expect.objectContaining({ action: 'read', resource: 'staff_member', resourceIds: [c.staff.nurse.id], endpoint: 'GET /fhir/R4/:type/:id' }));
      await fhir(`/PractitionerRole?location=Location/${c.site.id}`, other.coordinatorToken, 403);
    });
  });

  describe('Location and HealthcareService', () => {
    it('reads the site with its contact for patients, and a room as part of it', async () => {
      expect(await fhir(`/Location/${c.site.id}`, c.coordinatorToken)).toEqual({
        resourceType: 'Location',
        id: c.site.id,
        status: 'active',
        name: c.site.name,
        mode: 'instance',
        telecom: [{ system: 'phone', value: '021-17 30 00' }],
        address: { text: 'Ingång 29, Västerås' },
        physicalType: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/location-physical-type', code: 'si', display: 'Site' }] },
      });
      expect(await fhir(`/Location/${c.rooms.groupRoom.id}`, c.clinicianToken)).toMatchObject({
        id: c.rooms.groupRoom.id,
        name: c.rooms.groupRoom.name,
        type: [{ text: 'group room' }],
        physicalType: { coding: [{ code: 'ro' }] },
        partOf: { reference: `Location/${c.site.id}`, display: c.site.name },
      });
    });

    it('finds the rooms of a site, a location by id, and the caller’s site with its rooms', async () => {
      expect(ids(await fhir(`/Location?partof=Location/${c.site.id}`, c.coordinatorToken)).sort()).toEqual([c.rooms.office.id, c.rooms.groupRoom.id].sort());
      expect(ids(await fhir(`/Location?_id=${c.rooms.office.id}`, c.coordinatorToken))).toEqual([c.rooms.office.id]);
      expect(ids(await fhir('/Location', c.coordinatorToken)).sort()).toEqual([c.site.id, c.rooms.office.id, c.rooms.groupRoom.id].sort());
      expect((await fhir(`/Location?partof=Location/${c.rooms.office.id}`, c.coordinatorToken)).total).toBe(0);
      await fhir(`/Location?partof=Location/${c.site.id}`, other.coordinatorToken, 403);
    });

    it('gives each site one HealthcareService, found by its location', async () => {
      expect(await fhir(`/HealthcareService/${c.site.id}`, c.clinicianToken)).toEqual({
        resourceType: 'HealthcareService',
        id: c.site.id,
        active: true,
        type: [{ text: 'Multimodal pain rehabilitation' }],
        location: [{ reference: `Location/${c.site.id}`, display: c.site.name }],
        name: c.site.name,
        telecom: [{ system: 'phone', value: '021-17 30 00' }],
      });
      expect(ids(await fhir(`/HealthcareService?location=Location/${c.site.id}`, c.coordinatorToken))).toEqual([c.site.id]);
      expect(ids(await fhir(`/HealthcareService?location=${other.site.id}`, t.adminToken))).toEqual([other.site.id]);
      await fhir(`/HealthcareService?location=Location/${c.site.id}`, other.coordinatorToken, 403);
      await fhir(`/HealthcareService/${c.site.id}`, other.coordinatorToken, 404);
    });

    it('shows a patient their own site and its service as GET /sites/:id does, but not its rooms, as GET /rooms refuses them', async () => {
      expect(ids(await fhir('/Location', c.patientToken))).toEqual([c.site.id]);
      expect(ids(await fhir('/HealthcareService', c.patientToken))).toEqual([c.site.id]);
      await fhir(`/Location/${c.site.id}`, c.patientToken);
      await fhir(`/Location/${other.site.id}`, c.patientToken, 404);
      await fhir(`/Location/${c.rooms.office.id}`, c.patientToken, 403);
      await fhir(`/Location?partof=Location/${c.site.id}`, c.patientToken, 403);
    });
  });

  it('states each register’s searches in the CapabilityStatement', async () => {
    const metadata = await fhir('/metadata', c.coordinatorToken);
    const searches = Object.fromEntries(
      metadata.rest[0].resource.map((resource: { type: string; searchParam?: { name: string }[] }) => [resource.type, resource.searchParam?.map((param) => param.name)]),
    );
    expect(searches).toMatchObject({
      Patient: ['_id', 'identifier'],
      Practitioner: ['_id', 'name'],
      PractitionerRole: ['practitioner', 'location', 'role'],
      Location: ['_id', 'partof'],
      HealthcareService: ['location'],
    });
  });
});
