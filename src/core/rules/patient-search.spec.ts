import { patientSearchTerms } from './patient-search';
import { luhnCheckDigit as luhn, readPersonalNumber } from './personal-number';

describe('reading a personal number in any written form', () => {
  const today = '2026-12-02';

  it('gives the 10-digit forms the century of the latest birthday on or before today, a century earlier with +', () => {
    expect(readPersonalNumber('121212-1212', today)).toEqual({ valid: true, normalized: '201212121212' });
    expect(readPersonalNumber('1212121212', today)).toEqual({ valid: true, normalized: '201212121212' });
    expect(readPersonalNumber('121212+1212', today)).toEqual({ valid: true, normalized: '191212121212' });
    expect(readPersonalNumber('19121212-1212', today)).toEqual({ valid: true, normalized: '191212121212' });
  });

  it('puts a birthday later this year of the century into the century before', () => {
    // 26-12-24 has not come yet on 2026-12-02: that person was born in 1926.
    const nine = '261224123';
    const number = `${nine.slice(0, 6)}-${nine.slice(6)}${luhn(nine)}`;
    expect(readPersonalNumber(number, today)).toMatchObject({ valid: true, normalized: `1926${nine.slice(2)}${luhn(nine)}` });
  });

  it('reads a coordination number by its real birthday', () => {
    const nine = '121272121';
    expect(readPersonalNumber(`121272-121${luhn(nine)}`, today)).toMatchObject({ valid: true, normalized: `20121272121${luhn(nine)}` });
  });

  it('refuses what is no number', () => {
    expect(readPersonalNumber('121212-1213', today)).toMatchObject({ valid: false });
    expect(readPersonalNumber('Anna', today)).toMatchObject({ valid: false });
  });
});

describe('patient search terms', () => {
  it('reads a personal number, and keeps the text as part of a name', () => {
    expect(patientSearchTerms(' 121212-1212 ', '2026-12-02')).toEqual({ personalNumber: '201212121212', namePart: '121212-1212', phoneDigits: '1212121212' });
    expect(patientSearchTerms('anders')).toEqual({ personalNumber: null, namePart: 'anders', phoneDigits: null });
  });

  it('compares phones by their digits in E.164, from the national or the international form', () => {
    expect(patientSearchTerms('070-123 45 67').phoneDigits).toBe('46701234567');
    expect(patientSearchTerms('+46 70 123 45 67').phoneDigits).toBe('46701234567');
    expect(patientSearchTerms('0046701234567').phoneDigits).toBe('46701234567');
    expect(patientSearchTerms('4567').phoneDigits).toBe('4567');
    expect(patientSearchTerms('45').phoneDigits).toBeNull();
  });
});
