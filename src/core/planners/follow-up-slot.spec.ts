import { ClosedDays } from '../time/holidays';
import { localToInstant } from '../time/local-time';
import { firstFreeSlot, SlotSearch } from './follow-up-slot';

const ZONE = 'Europe/Stockholm';
const at = (date: string, time: string) => localToInstant(date, time, ZONE).getTime();
const span = (date: string, from: string, to: string) => ({ start: at(date, from), end: at(date, to) });
const weekdays = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '08:00', end: '16:00' }));

function search(overrides: Partial<SlotSearch> = {}): SlotSearch {
  return {
    zone: ZONE,
    closedDays: new ClosedDays(),
    dates: ['2027-05-05', '2027-05-06', '2027-05-07'],
    workingHours: weekdays,
    staffBusy: [],
    patientBusy: [],
    rooms: [{ id: 'R1', busy: [] }],
    minutes: 60,
    stepMinutes: 15,
    ...overrides,
  };
}

describe('the follow-up slot', () => {
  it('takes the first grid time when the physician, the patient and a room are all free', () => {
    const slot = firstFreeSlot(
      search({
        staffBusy: [span('2027-05-05', '08:00', '09:10')],
        patientBusy: [span('2027-05-05', '09:30', '10:00')],
        rooms: [
          { id: 'R1', busy: [span('2027-05-05', '10:00', '16:00')] },
          { id: 'R2', busy: [] },
        ],
      }),
    );
    // 09:15 would overlap the patient; 10:00 is the next grid time with R1 taken, so R2.
    expect(slot).toEqual({ start: at('2027-05-05', '10:00'), end: at('2027-05-05', '11:00'), roomId: 'R2' });
  });

  it('skips closed days (Ascension Day, 6 May 2027) and full days', () => {
    const slot = firstFreeSlot(search({ staffBusy: [span('2027-05-05', '08:00', '16:00')] }));
    expect(slot?.start).toBe(at('2027-05-07', '08:00'));
  });

  it('finds nothing when nothing fits', () => {
    expect(firstFreeSlot(search({ rooms: [] }))).toBeUndefined();
  });
});
