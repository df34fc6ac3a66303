import { luhnCheckDigit } from '../rules/personal-number';
import { COORDINATION_NUMBER_SYSTEM, identifierSearch, PERSONAL_NUMBER_SYSTEM, patientResource } from './patient';

const anna = { id: '6f1e2d3c-4b5a-4697-8877-665544332211', personalNumber: '19121212-1212', birthDate: '1912-12-12', name: 'Anna Andersson', phone: '+46701234567', email: 'anna@example.se' };

describe('a patient as FHIR', () => {
  it('carries the personal number under its system as 12 digits, the name in parts, phone and e-mail', () => {
    expect(patientResource(anna)).toEqual({
      resourceType: 'Patient',
      id: anna.id,
      identifier: [{ use: 'official', system: PERSONAL_NUMBER_SYSTEM, value: '191212121212' }],
      active: true,
      name: [{ use: 'official', text: 'Anna Andersson', family: 'Andersson', given: ['Anna'] }],
      telecom: [
        { system: 'phone', value: '+46701234567' },
        { system: 'email', value: 'anna@example.se' },
      ],
      birthDate: '1912-12-12',
    });
  });

  it('names a coordination number by its own system, and leaves out the contacts and gender we do not hold', () => {
    const number = `19900572123${luhnCheckDigit('900572123')}`;
    const resource = patientResource({ ...anna, personalNumber: number, birthDate: '1990-05-12', phone: null, email: null });
    expect(resource.identifier).toEqual([{ use: 'official', system: COORDINATION_NUMBER_SYSTEM, value: number }]);
    expect(resource).not.toHaveProperty('telecom');
    expect(resource).not.toHaveProperty('gender');
  });
});

describe('an identifier search', () => {
  const today = '2026-12-02';

  it('reads the number in any written form, with or without its system', () => {
    // '121212 1212': the +-form as a query string decodes an unencoded '+'.
    for (const value of ['19121212-1212', '191212121212', '121212+1212', '121212 1212', '1212121212', `${PERSONAL_NUMBER_SYSTEM}|19121212-1212`]) {
      expect({ value, number: identifierSearch(value, today) }).toEqual({ value, number: value === '1212121212' ? '201212121212' : '191212121212' });
    }
  });

  it('matches nothing for another system, a coordination system for a personal number, or no valid number', () => {
    expect(identifierSearch('urn:oid:1.2.3|191212121212', today)).toBeNull();
    expect(identifierSearch(`${COORDINATION_NUMBER_SYSTEM}|191212121212`, today)).toBeNull();
    expect(identifierSearch('|191212121212', today)).toBeNull();
    expect(identifierSearch('19121212-1213', today)).toBeNull();
  });
});
