import { ClosedDays, swedishHolidays } from './holidays';

describe('closed days', () => {
  const open = new ClosedDays();

  it('closes Swedish public holidays, including the eves that are bank holidays', () => {
    expect(open.reason('2026-05-14')).toBe('Kristi himmelsfärdsdag');
    expect(open.reason('2026-06-06')).toBe('nationaldagen');
    expect(open.reason('2026-06-19')).toBe('midsommarafton');
    expect(open.reason('2026-12-24')).toBe('julafton');
    expect(open.reason('2026-12-31')).toBe('nyårsafton');
    expect(open.reason('2027-03-29')).toBe('annandag påsk');
    expect(open.isClosed('2026-01-06')).toBe(true);
  });

  it('keeps half days and observances open', () => {
    expect(open.isClosed('2026-04-30')).toBe(false); // Walpurgis Night, from 12:00 only
    expect(open.isClosed('2026-04-04')).toBe(false); // Easter Saturday is an observance
    expect(open.isClosed('2026-11-24')).toBe(false);
  });

  it('adds the site’s own closure days', () => {
    const site = new ClosedDays(new Map([['2026-04-30', 'valborg, stängt hela dagen']]));
    expect(site.reason('2026-04-30')).toBe('valborg, stängt hela dagen');
    expect(site.reason('2026-12-24')).toBe('julafton');
  });

  it('has the same holidays every time a year is asked for', () => {
    expect([...swedishHolidays(2027).keys()]).toEqual([...swedishHolidays(2027).keys()]);
    expect(swedishHolidays(2027).get('2027-05-06')).toBe('Kristi himmelsfärdsdag');
  });
});
