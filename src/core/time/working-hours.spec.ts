import { blocksOn, changeHours, WorkingHoursBlock, workingIntervals } from './working-hours';

const mondays: WorkingHoursBlock[] = [{ weekday: 1, start: '08:00', end: '16:00' }];
const mornings: WorkingHoursBlock[] = [{ weekday: 1, start: '08:00', end: '12:00' }];

describe('dated working hours', () => {
  it('takes a new week over from a date for good: the old hours hold only before it', () => {
    const hours = changeHours(mondays, mornings, '2027-03-01');
    expect(hours).toEqual([
      { weekday: 1, start: '08:00', end: '16:00', until: '2027-03-01' },
      { weekday: 1, start: '08:00', end: '12:00', from: '2027-03-01' },
    ]);
    expect(blocksOn(hours, '2027-02-22')).toEqual([hours[0]]);
    expect(blocksOn(hours, '2027-03-01')).toEqual([hours[1]]);
    expect(blocksOn(hours, '2027-03-02')).toEqual([]);
  });

  it('gives the old week back after a change with an end', () => {
    const hours = changeHours(mondays, mornings, '2027-03-01', '2027-03-15');
    expect(blocksOn(hours, '2027-03-08').map((b) => b.end)).toEqual(['12:00']);
    expect(blocksOn(hours, '2027-03-15').map((b) => b.end)).toEqual(['16:00']);
    expect(blocksOn(hours, '2027-02-22').map((b) => b.end)).toEqual(['16:00']);
  });

  it('replaces an earlier change inside the span and keeps what lies outside it', () => {
    const first = changeHours(mondays, mornings, '2027-03-01', '2027-04-05');
    const second = changeHours(first, [], '2027-03-08', '2027-03-22');
    expect(blocksOn(second, '2027-03-01').map((b) => b.end)).toEqual(['12:00']);
    expect(blocksOn(second, '2027-03-15')).toEqual([]);
    expect(blocksOn(second, '2027-03-22').map((b) => b.end)).toEqual(['12:00']);
    expect(blocksOn(second, '2027-04-05').map((b) => b.end)).toEqual(['16:00']);
  });

  it('builds the instants of a day from the blocks holding on it', () => {
    const hours = changeHours(mondays, [], '2027-03-01');
    expect(workingIntervals(hours, '2027-02-22', 'Europe/Stockholm')).toHaveLength(1);
    expect(workingIntervals(hours, '2027-03-01', 'Europe/Stockholm')).toEqual([]);
  });
});
