import { readToken, systemMatches } from './token';

describe('a FHIR token search value', () => {
  it('reads system|code, |code and a bare code', () => {
    expect(readToken('http://snomed.info/sct|36682004')).toEqual({ system: 'http://snomed.info/sct', code: '36682004' });
    expect(readToken('|36682004')).toEqual({ system: null, code: '36682004' });
    expect(readToken('36682004')).toEqual({ system: undefined, code: '36682004' });
  });

  it('matches a system named, or any when none is named, but not a code without a system', () => {
    expect(systemMatches(readToken('http://snomed.info/sct|1'), 'http://snomed.info/sct')).toBe(true);
    expect(systemMatches(readToken('urn:other|1'), 'http://snomed.info/sct')).toBe(false);
    expect(systemMatches(readToken('1'), 'http://snomed.info/sct')).toBe(true);
    expect(systemMatches(readToken('|1'), 'http://snomed.info/sct')).toBe(false);
  });
});
