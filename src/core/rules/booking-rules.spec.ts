import { bookingRuleViolations, StaffAvailability } from './booking-rules';
import { ClosedDays } from '../time/holidays';
import { localToInstant } from '../time/local-time';
import { overlappingBlocks, workingIntervals } from '../time/working-hours';

const ZONE = 'Europe/Stockholm';
const weekdays8to16 = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '08:00', end: '16:00' }));
const anna: StaffAvailability = { name: 'Anna', workingHours: weekdays8to16, absences: [] };

function visit(date: string, from: string, to: string) {
  return { start: localToInstant(date, from, ZONE).getTime(), end: localToInstant(date, to, ZONE).getTime() };
}


/** The violations' fields and words; their codes are asserted on their own. */
const wordsOf = (violations: readonly { field: string; problem: string }[]) => violations.map(({ field, problem }) => ({ field, problem }));
describe('booking rules', () => {
  it('accepts a visit inside working hours on an open day', () => {
    expect(wordsOf(bookingRuleViolations(visit('2026-11-24', '08:00', '16:00'), ZONE, new ClosedDays(), [anna]))).toEqual([]);
  });

  it('refuses a visit that starts before or ends after working hours', () => {
    expect(wordsOf(bookingRuleViolations(visit('2026-11-24', '07:59', '09:00'), ZONE, new ClosedDays(), [anna]))).toEqual([
      { field: 'staffIds', problem: 'Anna does not work 2026-11-24 07:59–09:00' },
    ]);
    expect(wordsOf(bookingRuleViolations(visit('2026-11-24', '15:00', '16:01'), ZONE, new ClosedDays(), [anna]))).toEqual([
      { field: 'staffIds', problem: 'Anna does not work 2026-11-24 15:00–16:01' },
    ]);
    expect(wordsOf(bookingRuleViolations(visit('2026-11-28', '09:00', '10:00'), ZONE, new ClosedDays(), [anna]))).toEqual([
      { field: 'staffIds', problem: 'Anna does not work 2026-11-28 09:00–10:00' }, // a Saturday
    ]);
  });

  it('judges working hours in local time on both sides of a daylight-saving change', () => {
    // 06:00 UTC is 07:00 local (too early) on the Thursday before the spring change (2027-03-28)
    // and 08:00 local (fine) on the Tuesday after. (Good Friday and Easter Monday are closed.)
    const sixUtc = (date: string) => ({ start: Date.parse(`${date}T06:00:00Z`), end: Date.parse(`${date}T07:00:00Z`) });
    expect(wordsOf(bookingRuleViolations(sixUtc('2027-03-25'), ZONE, new ClosedDays(), [anna]))).toEqual([
      { field: 'staffIds', problem: 'Anna does not work 2027-03-25 07:00–08:00' },
    ]);
    expect(wordsOf(bookingRuleViolations(sixUtc('2027-03-30'), ZONE, new ClosedDays(), [anna]))).toEqual([]);
    // And the other way in autumn: 07:00 UTC is 09:00 local before, 08:00 after.
    const sevenUtc = (date: string) => ({ start: Date.parse(`${date}T07:00:00Z`), end: Date.parse(`${date}T08:00:00Z`) });
    expect(wordsOf(bookingRuleViolations(sevenUtc('2026-10-23'), ZONE, new ClosedDays(), [anna]))).toEqual([]);
    expect(wordsOf(bookingRuleViolations(sevenUtc('2026-10-26'), ZONE, new ClosedDays(), [anna]))).toEqual([]);
    const sixUtcAutumn = { start: Date.parse('2026-10-26T06:00:00Z'), end: Date.parse('2026-10-26T07:00:00Z') };
    expect(wordsOf(bookingRuleViolations(sixUtcAutumn, ZONE, new ClosedDays(), [anna]))).toEqual([
      { field: 'staffIds', problem: 'Anna does not work 2026-10-26 07:00–08:00' },
    ]);
  });

  it('refuses closed days with the holiday’s name', () => {
    expect(wordsOf(bookingRuleViolations(visit('2026-05-14', '09:00', '10:00'), ZONE, new ClosedDays(), [anna]))).toEqual([
      { field: 'start', problem: 'the site is closed on 2026-05-14 (Kristi himmelsfärdsdag)' },
    ]);
  });

  it('refuses a visit that overlaps an absence, and accepts one that only touches it', () => {
    const sick: StaffAvailability = { ...anna, absences: [{ ...visit('2026-11-24', '10:00', '12:00'), reason: 'sick' }] };
    expect(wordsOf(bookingRuleViolations(visit('2026-11-24', '11:30', '12:30'), ZONE, new ClosedDays(), [sick]))).toEqual([
      { field: 'staffIds', problem: 'Anna is absent (sick) 2026-11-24 11:30–12:30' },
    ]);
    expect(wordsOf(bookingRuleViolations(visit('2026-11-24', '12:00', '13:00'), ZONE, new ClosedDays(), [sick]))).toEqual([]);
  });

  it('refuses a visit over midnight', () => {
    const overnight = { start: Date.parse('2026-11-24T21:00:00Z'), end: Date.parse('2026-11-24T23:30:00Z') };
    expect(bookingRuleViolations(overnight, ZONE, new ClosedDays(), [anna])[0].field).toBe('end');
  });

  it('needs every staff member on the visit to be working', () => {
    const morningsOnly: StaffAvailability = { name: 'Bo', workingHours: [{ weekday: 2, start: '08:00', end: '12:00' }], absences: [] };
    const problems = bookingRuleViolations(visit('2026-11-24', '11:00', '13:00'), ZONE, new ClosedDays(), [anna, morningsOnly]);
    expect(problems).toEqual([{ field: 'staffIds', problem: 'Bo does not work 2026-11-24 11:00–13:00', code: 'booking.staff_not_working', params: { staff: 'Bo', date: '2026-11-24', start: '11:00', end: '13:00' } }]);
  });
});

describe('working hours', () => {
  it('lists the day’s blocks in order, split around a lunch break', () => {
    const split = [
      { weekday: 2, start: '13:00', end: '16:00' },
      { weekday: 2, start: '08:00', end: '12:00' },
    ];
    expect(workingIntervals(split, '2026-11-24', ZONE)).toEqual([visit('2026-11-24', '08:00', '12:00'), visit('2026-11-24', '13:00', '16:00')]);
    expect(workingIntervals(split, '2026-11-25', ZONE)).toEqual([]);
  });

  it('finds blocks that overlap on the same weekday', () => {
    const blocks = [
      { weekday: 1, start: '08:00', end: '12:00' },
      { weekday: 1, start: '11:00', end: '15:00' },
      { weekday: 2, start: '11:00', end: '15:00' },
    ];
    expect(overlappingBlocks(blocks)).toEqual([{ weekday: 1, start: '11:00', end: '15:00' }]);
    expect(overlappingBlocks([{ weekday: 1, start: '08:00', end: '12:00' }, { weekday: 1, start: '12:00', end: '15:00' }])).toEqual([]);
  });
});
