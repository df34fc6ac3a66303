import { validateFhir } from './support/fhir';
import { bearer, createClinic } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

/**
 * Issue 18: the FHIR R4 API's frame, whatever the resource type: the CapabilityStatement, the FHIR
 * content type, and every refusal as an OperationOutcome carrying the API's problem code.
 */
describe('the FHIR R4 API', () => {
  let t: TestApp;
  let auth: { Authorization: string };

  beforeAll(async () => {
    t = await createTestApp();
    auth = bearer((await createClinic(t)).coordinatorToken);
  });
  afterAll(() => t.close());

  it('states what it supports in a valid CapabilityStatement, as application/fhir+json', async () => {
    const metadata = await t.http().get('/fhir/R4/metadata').set(auth).expect(200);
    expect(metadata.headers['content-type']).toMatch(/^application\/fhir\+json/);
    expect(metadata.body).toMatchObject({ resourceType: 'CapabilityStatement', status: 'active', kind: 'instance', fhirVersion: '4.0.1' });
    expect(validateFhir(metadata.body)).toEqual([]);
  });

  it('refuses as OperationOutcomes with the problem codes: no token, an unknown type', async () => {
    const anonymous = await t.http().get('/fhir/R4/metadata').expect(401);
    expect(anonymous.headers['content-type']).toMatch(/^application\/fhir\+json/);
    expect(anonymous.body).toEqual({
      resourceType: 'OperationOutcome',
      issue: [expect.objectContaining({ severity: 'error', code: 'login', details: expect.objectContaining({ coding: [expect.objectContaining({ code: 'auth.unauthorized' })] }) })],
    });
    const unknown = await t.http().get('/fhir/R4/Spaceship').set(auth).expect(404);
    expect(unknown.body.issue).toEqual([expect.objectContaining({ code: 'not-found', details: expect.objectContaining({ coding: [expect.objectContaining({ code: 'fhir.unknown_type' })] }) })]);
    for (const body of [anonymous.body, unknown.body]) expect(validateFhir(body)).toEqual([]);
  });
});
