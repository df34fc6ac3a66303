import { ClosedDays } from '../time/holidays';
import { firstFreeSlots, FreeSlotQuery } from './free-slots';

const weekdays = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '08:00', end: '12:00' }));
const at = (iso: string) => Date.parse(iso);

function query(overrides: Partial<FreeSlotQuery> = {}): FreeSlotQuery {
  return {
    zone: 'Europe/Stockholm',
    closedDays: new ClosedDays(),
    firstDate: '2027-02-01',
    dayCount: 7,
    slotStepMinutes: 30,
    patientBusy: [],
    staff: [
      { id: 'a', name: 'A', discipline: 'nurse', workingHours: weekdays, busy: [{ start: at('2027-02-01T07:00:00Z'), end: at('2027-02-01T09:00:00Z') }] },
      { id: 'b', name: 'B', discipline: 'nurse', workingHours: weekdays, busy: [] },
    ],
    rooms: [{ id: 'r', kind: 'office', busy: [] }],
    minutes: 60,
    roomKind: 'office',
    limit: 3,
    notBefore: 0,
    ...overrides,
  };
}

const starts = (q: FreeSlotQuery) => firstFreeSlots(q).map((s) => [new Date(s.start).toISOString(), s.staffId]);

describe('firstFreeSlots', () => {
  it('takes the earliest starts over all staff, ties in staff order, up to the limit', () => {
    expect(starts(query())).toEqual([
      ['2027-02-01T07:00:00.000Z', 'b'],
      ['2027-02-01T07:30:00.000Z', 'b'],
      ['2027-02-01T08:00:00.000Z', 'b'],
    ]);
    expect(starts(query({ limit: 5 })).slice(3)).toEqual([
      ['2027-02-01T08:30:00.000Z', 'b'],
      ['2027-02-01T09:00:00.000Z', 'a'],
    ]);
  });

  it('skips closed days, the patient’s busy time, taken rooms and the past', () => {
    const closedDays = new ClosedDays(new Map([['2027-02-01', 'staff day']]));
    const patientBusy = [{ start: at('2027-02-02T07:00:00Z'), end: at('2027-02-02T08:00:00Z') }];
    const rooms = [{ id: 'r', kind: 'office', busy: [{ start: at('2027-02-02T08:00:00Z'), end: at('2027-02-02T10:00:00Z') }] }];
    expect(starts(query({ closedDays, patientBusy, rooms, limit: 2 }))).toEqual([
      ['2027-02-02T10:00:00.000Z', 'a'],
      ['2027-02-02T10:00:00.000Z', 'b'],
    ]);
    expect(starts(query({ notBefore: at('2027-02-05T10:30:00Z'), limit: 2 }))).toEqual([]);
    expect(starts(query({ roomKind: 'gym' }))).toEqual([]);
    expect(firstFreeSlots(query({ roomKind: null, limit: 1 }))[0].roomId).toBeNull();
  });
});
