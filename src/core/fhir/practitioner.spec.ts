import { disciplineOfRole, HSA_ID_SYSTEM, practitionerResource, practitionerRoleResource, SNOMED } from './practitioner';

const member = { id: '1d2c3b4a-5f6e-4d7c-8b9a-0f1e2d3c4b5a', siteId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d', name: 'Eva von Berg', discipline: 'physiotherapist' as const, deactivatedFrom: null };
const site = { id: member.siteId, name: 'Smärtrehab Västerås' };

describe('a staff member as FHIR', () => {
  it('is a Practitioner with their name, in use until the date they go out of use', () => {
    expect(practitionerResource(member, '2027-01-11')).toEqual({
      resourceType: 'Practitioner',
      id: member.id,
      active: true,
      name: [{ use: 'official', text: 'Eva von Berg', family: 'von Berg', given: ['Eva'] }],
    });
    expect(practitionerResource({ ...member, deactivatedFrom: '2027-01-12' }, '2027-01-11').active).toBe(true);
    expect(practitionerResource({ ...member, deactivatedFrom: '2027-01-11' }, '2027-01-11').active).toBe(false);
  });

  it('carries the HSA-id only when we hold one', () => {
    expect(practitionerResource({ ...member, hsaId: 'SE2321000016-1A2B' }, '2027-01-11').identifier).toEqual([{ use: 'official', system: HSA_ID_SYSTEM, value: 'SE2321000016-1A2B' }]);
    expect(practitionerResource({ ...member, hsaId: null }, '2027-01-11')).not.toHaveProperty('identifier');
  });

  it('has a PractitionerRole of their discipline in SNOMED CT at their site and its service', () => {
    expect(practitionerRoleResource(member, site, '2027-01-11')).toEqual({
      resourceType: 'PractitionerRole',
      id: member.id,
      active: true,
      practitioner: { reference: `Practitioner/${member.id}`, display: 'Eva von Berg' },
      code: [{ coding: [{ system: SNOMED, code: '36682004', display: 'Physiotherapist' }], text: 'Physiotherapist' }],
      location: [{ reference: `Location/${site.id}`, display: 'Smärtrehab Västerås' }],
      healthcareService: [{ reference: `HealthcareService/${site.id}`, display: 'Smärtrehab Västerås' }],
    });
    expect(practitionerRoleResource({ ...member, discipline: 'occupational_therapist' }, site, '2027-01-11').code?.[0].coding?.[0].code).toBe('80546007');
  });

  it('reads a role search as the discipline it codes, with or without the system', () => {
    expect(disciplineOfRole(`${SNOMED}|106292003`)).toBe('nurse');
    expect(disciplineOfRole('309343006')).toBe('physician');
    expect(disciplineOfRole('urn:other|106292003')).toBeUndefined();
    expect(disciplineOfRole('physician')).toBeUndefined();
  });
});
