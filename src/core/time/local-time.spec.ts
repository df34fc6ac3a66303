import { calendarDates } from './free-time';
import { addDays, daysBetween, formatInstant, isoWeekOf, isValidLocalDate, isValidTimeZone, localDateOf, localTimeOf, localToInstant, MAX_DAY_STEPS, weekdayOf } from './local-time';
import { DateTime } from 'luxon';

const STOCKHOLM = 'Europe/Stockholm';

describe('local time in the site zone', () => {
  it('turns the same wall time into different UTC instants on either side of the spring change', () => {
    // Sweden moves to summer time on Sunday 2027-03-28.
    expect(localToInstant('2027-03-26', '09:00', STOCKHOLM).toISOString()).toBe('2027-03-26T08:00:00.000Z');
    expect(localToInstant('2027-03-30', '09:00', STOCKHOLM).toISOString()).toBe('2027-03-30T07:00:00.000Z');
  });

  it('turns the same wall time into different UTC instants on either side of the autumn change', () => {
    // Back to standard time on Sunday 2026-10-25.
    expect(localToInstant('2026-10-23', '13:00', STOCKHOLM).toISOString()).toBe('2026-10-23T11:00:00.000Z');
    expect(localToInstant('2026-10-26', '13:00', STOCKHOLM).toISOString()).toBe('2026-10-26T12:00:00.000Z');
  });

  it('reads an instant back as the local date and time of the zone', () => {
    const lateEvening = new Date('2026-06-30T22:30:00Z'); // 00:30 on 1 July in Stockholm
    expect(localDateOf(lateEvening, STOCKHOLM)).toBe('2026-07-01');
    expect(localTimeOf(lateEvening, STOCKHOLM)).toBe('00:30');
    expect(formatInstant(lateEvening, STOCKHOLM)).toBe('2026-07-01T00:30:00+02:00');
    expect(formatInstant(new Date('2026-01-15T08:00:00Z'), STOCKHOLM)).toBe('2026-01-15T09:00:00+01:00');
  });

  it('counts calendar days, not 24-hour periods, across a daylight-saving change', () => {
    expect(daysBetween('2027-03-27', '2027-03-29')).toBe(2);
    expect(daysBetween('2026-10-24', '2026-10-26')).toBe(2);
    expect(daysBetween('2026-12-01', '2026-11-30')).toBe(-1);
    expect(addDays('2027-03-27', 1)).toBe('2027-03-28');
  });

  it('knows ISO weekdays', () => {
    expect(weekdayOf('2026-11-23')).toBe(1);
    expect(weekdayOf('2026-11-29')).toBe(7);
  });

  it('names ISO weeks as luxon does, across year ends where the week belongs to the other year', () => {
    expect(isoWeekOf('2026-12-31')).toBe('2026-W53');
    expect(isoWeekOf('2027-01-03')).toBe('2026-W53');
    expect(isoWeekOf('2027-01-04')).toBe('2027-W01');
    expect(isoWeekOf('2024-12-30')).toBe('2025-W01');
    for (let date = '2024-12-20'; date < '2030-01-10'; date = addDays(date, 1)) {
      expect([date, isoWeekOf(date)]).toEqual([date, DateTime.fromISO(date).toFormat("kkkk-'W'WW")]);
    }
  });

  it('validates dates and zones', () => {
    expect(isValidLocalDate('2026-02-28')).toBe(true);
    expect(isValidLocalDate('2026-02-29')).toBe(false);
    expect(isValidLocalDate('2026-2-28')).toBe(false);
    expect(isValidTimeZone('Europe/Stockholm')).toBe(true);
    expect(isValidTimeZone('Europe/Stokholm')).toBe(false);
  });

  it('refuses date arithmetic outside 1900–2199 rather than write a year like +010000', () => {
    // '+010000-01-01' < '9999-12-31': a loop stepping a date towards a later one would never end.
    expect(addDays('2199-12-30', 1)).toBe('2199-12-31');
    const outside = (date: string, days: number) => expect.objectContaining({ code: 'plan.outside_calendar', params: { date, days, first: '1900-01-01', last: '2199-12-31' } });
    expect(() => addDays('2199-12-31', 1)).toThrow(outside('2199-12-31', 1));
    expect(() => addDays('9999-12-31', 1)).toThrow(outside('9999-12-31', 1));
    expect(() => addDays('2027-01-01', 1_000_000)).toThrow(outside('2027-01-01', 1_000_000));
    expect(addDays('1900-01-02', -1)).toBe('1900-01-01');
    expect(() => addDays('1900-01-01', -1)).toThrow(outside('1900-01-01', -1));
    expect(() => addDays('0001-01-01', 0)).toThrow('0001-01-01 + 0 days is outside the dates the service works with (1900-01-01 to 2199-12-31)');
  });

  it('gives runs of calendar dates only inside the supported calendar and at most MAX_DAY_STEPS long', () => {
    expect(calendarDates('2199-12-30', 2)).toEqual(['2199-12-30', '2199-12-31']);
    expect(() => calendarDates('2199-12-30', 3)).toThrow(expect.objectContaining({ code: 'plan.outside_calendar', params: expect.objectContaining({ date: '2199-12-30', days: 2 }) }));
    expect(() => calendarDates('9999-12-20', 28)).toThrow(expect.objectContaining({ code: 'plan.outside_calendar' }));
    expect(calendarDates('2027-01-01', MAX_DAY_STEPS)).toHaveLength(MAX_DAY_STEPS);
    expect(() => calendarDates('2027-01-01', MAX_DAY_STEPS + 1)).toThrow(expect.objectContaining({ code: 'plan.too_many_days', params: { count: MAX_DAY_STEPS + 1, max: MAX_DAY_STEPS } }));
  });
});
