import { DATE_WINDOWS, describeWindow, isInstantInWindow, isInWindow, todayAnywhere, windowDates } from './date-windows';

describe('date windows', () => {
  const today = '2026-12-01';

  it('spans years back and ahead of today, or from a fixed first date', () => {
    expect(windowDates(DATE_WINDOWS.booking, today)).toEqual({ first: '2021-12-01', last: '2031-12-01' });
    expect(windowDates(DATE_WINDOWS.referralReceived, today)).toEqual({ first: '2021-12-01', last: '2026-12-01' });
    expect(windowDates(DATE_WINDOWS.past, today)).toEqual({ first: '1900-01-01', last: '2026-12-01' });
    expect(windowDates(DATE_WINDOWS.booking, '2028-02-29')).toEqual({ first: '2023-02-28', last: '2033-02-28' });
    expect(describeWindow(DATE_WINDOWS.booking, today)).toBe('from 2021-12-01 to 2031-12-01');
  });

  it('holds dates from its first to its last day, both included', () => {
    expect(isInWindow('2021-12-01', DATE_WINDOWS.booking, today)).toBe(true);
    expect(isInWindow('2031-12-01', DATE_WINDOWS.booking, today)).toBe(true);
    expect(isInWindow('2021-11-30', DATE_WINDOWS.booking, today)).toBe(false);
    expect(isInWindow('2031-12-02', DATE_WINDOWS.booking, today)).toBe(false);
    expect(isInWindow('9999-12-31', DATE_WINDOWS.query, today)).toBe(false);
    expect(isInWindow('2026-12-02', DATE_WINDOWS.past, today)).toBe(false);
  });

  it('holds instants whose date falls in the window on some clock on Earth', () => {
    const inside = (iso: string) => isInstantInWindow(new Date(iso), DATE_WINDOWS.booking, today);
    expect(inside('2031-12-01T23:59:00-12:00')).toBe(true);
    expect(inside('2031-12-02T00:00:00-12:00')).toBe(false);
    expect(inside('2021-12-01T00:00:00+14:00')).toBe(true);
    expect(inside('2021-11-30T23:59:00+14:00')).toBe(false);
    expect(inside('0001-01-01T09:00:00+01:00')).toBe(false);
    expect(inside('9999-12-31T09:00:00+01:00')).toBe(false);
  });

  it('takes today where the day begins first, so "not in the future" holds in every zone', () => {
    expect(todayAnywhere(new Date('2026-12-01T09:59:00Z'))).toBe('2026-12-01');
    expect(todayAnywhere(new Date('2026-12-01T10:00:00Z'))).toBe('2026-12-02');
  });
});
