import { birthDateOf, checkPersonalNumber, formatPersonalNumber } from './personal-number';

describe('personal identity number', () => {
  it('accepts the well-known test number in both forms and normalises it', () => {
    expect(checkPersonalNumber('19121212-1212')).toEqual({ valid: true, normalized: '191212121212' });
    expect(checkPersonalNumber('191212121212')).toEqual({ valid: true, normalized: '191212121212' });
    expect(formatPersonalNumber('191212121212')).toBe('19121212-1212');
  });

  it('rejects a wrong check digit', () => {
    expect(checkPersonalNumber('19121212-1213')).toMatchObject({ valid: false, problem: 'has a wrong check digit', code: 'validation.personal_number_check_digit' });
  });

  it('rejects impossible dates and other shapes', () => {
    expect(checkPersonalNumber('19121312-1212')).toMatchObject({ valid: false, problem: 'does not hold a valid date of birth' });
    expect(checkPersonalNumber('121212-1212')).toMatchObject({ valid: false, problem: 'must be YYYYMMDD-NNNN or 12 digits' });
    expect(checkPersonalNumber('1912121a1212')).toMatchObject({ valid: false });
  });

  it('refuses a date of birth in the future or before 1900', () => {
    const number = (date: string) => `${date}-123${luhn(`${date.slice(2)}123`)}`;
    expect(checkPersonalNumber(number('20261201'), '2026-12-01')).toMatchObject({ valid: true });
    expect(checkPersonalNumber(number('20261202'), '2026-12-01')).toEqual({ valid: false, problem: 'must hold a date of birth from 1900-01-01 to 2026-12-01', code: 'validation.personal_number_birth_window', params: { first: '1900-01-01', last: '2026-12-01' } });
    expect(checkPersonalNumber(number('19000101'), '2026-12-01')).toMatchObject({ valid: true });
    expect(checkPersonalNumber(number('18991231'), '2026-12-01')).toMatchObject({ valid: false });
  });

  it('accepts coordination numbers (day + 60) and gives the real birth date', () => {
    // 1990-05-12 as a coordination number: day 72.
    const nine = '900572123';
    const result = checkPersonalNumber(`19900572-123${luhn(nine)}`);
    expect(result).toEqual({ valid: true, normalized: `19900572123${luhn(nine)}` });
    expect(birthDateOf(`19900572123${luhn(nine)}`)).toBe('1990-05-12');
    expect(checkPersonalNumber('19900592-1230')).toMatchObject({ valid: false, problem: 'does not hold a valid date of birth' });
  });
});

/** Independent Luhn, to not test the implementation with itself. */
function luhn(nine: string): number {
  const sum = [...nine].map(Number).reduce((acc, d, i) => {
    const v = i % 2 === 0 ? d * 2 : d;
    return acc + Math.floor(v / 10) + (v % 10);
  }, 0);
  return (10 - (sum % 10)) % 10;
}
