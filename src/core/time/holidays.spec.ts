import { addOpenWeekdays, ClosedDays, swedishHolidays } from './holidays';

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

  it('counts open weekdays forwards and backwards, past weekends, holidays and closures', () => {
    const closures = new ClosedDays(new Map([['2026-12-28', 'personaldag']]));
    // Wednesday 23 December: the 24th, 25th and 26th are closed, then a weekend and a closure.
    expect(addOpenWeekdays(closures, '2026-12-23', 1)).toBe('2026-12-29');
    expect(addOpenWeekdays(closures, '2026-12-29', -1)).toBe('2026-12-23');
    expect(addOpenWeekdays(closures, '2026-12-23', 0)).toBe('2026-12-23');
  });

  it('gives up with a refusal on a site closed for years instead of searching on', () => {
    const alwaysClosed = new (class extends ClosedDays {
      override reason(): string {
        return 'stängt';
      }
    })();
    expect(() => addOpenWeekdays(alwaysClosed, '2027-01-04', 2)).toThrow(
      expect.objectContaining({ code: 'plan.no_open_weekdays', params: { count: 2, days: 3660, date: '2027-01-04' }, message: 'no 2 open weekdays within 3660 days of 2027-01-04' }),
    );
  });
});
