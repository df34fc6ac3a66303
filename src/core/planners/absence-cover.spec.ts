import { ClosedDays } from '../time/holidays';
import { coverProposals, CoverRequest } from './absence-cover';

const weekdays = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '08:00', end: '12:00' }));
const at = (iso: string) => Date.parse(iso);
const visit = { id: 'v1', start: at('2027-02-01T08:00:00Z'), end: at('2027-02-01T09:00:00Z'), roomId: 'r', roomKind: 'office', patientIds: ['p'], otherStaffIds: [] };
const absence = { start: at('2027-02-01T00:00:00Z'), end: at('2027-02-03T00:00:00Z') };

function request(overrides: Partial<CoverRequest> = {}): CoverRequest {
  return {
    zone: 'Europe/Stockholm',
    closedDays: new ClosedDays(),
    slotStepMinutes: 30,
    absentStaffId: 'a',
    staff: [
      { id: 'a', name: 'A', discipline: 'nurse', workingHours: weekdays, busy: [absence, { start: visit.start, end: visit.end }] },
      { id: 'b', name: 'B', discipline: 'nurse', workingHours: weekdays, busy: [] },
    ],
    rooms: [{ id: 'r', kind: 'office', busy: [{ start: visit.start, end: visit.end }] }],
    patientBusy: () => [{ start: visit.start, end: visit.end }],
    visits: [visit],
    searchDays: 14,
    notBefore: 0,
    deadline: Number.MAX_SAFE_INTEGER,
    clock: () => 0,
    ...overrides,
  };
}

describe('coverProposals', () => {
  it('offers another member of the discipline at the visit’s own time, its patient and room counted free', () => {
    expect(coverProposals(request())).toEqual([{ appointmentId: 'v1', proposal: { start: visit.start, end: visit.end, staffId: 'b', roomId: 'r' } }]);
  });

  it('falls back on the absent member after the absence, and never proposes two visits into one time', () => {
    const second = { ...visit, id: 'v2', patientIds: ['q'] };
    const onlyA = request({ staff: [request().staff[0]], visits: [visit, second], patientBusy: () => [] });
    const [first, next] = coverProposals(onlyA);
    expect(first.proposal).toMatchObject({ staffId: 'a', start: at('2027-02-03T07:00:00Z') });
    expect(next.proposal).toMatchObject({ staffId: 'a', start: at('2027-02-03T08:00:00Z') });
  });

  it('gives a visit with other staff a stand-in at its time or nothing, and lists the rest once time runs out', () => {
    const shared = { ...visit, otherStaffIds: ['x'] };
    const busyB = request({ visits: [shared], staff: [request().staff[0], { ...request().staff[1], busy: [{ start: visit.start, end: visit.end }] }] });
    expect(coverProposals(busyB)).toEqual([
      { appointmentId: 'v1', proposal: null, problem: { field: 'appointmentId', problem: 'nobody of the discipline is free at its time', code: 'cover.no_stand_in', params: {} } },
    ]);
    expect(coverProposals(request({ visits: [shared] }))[0].proposal).toEqual({ start: visit.start, end: visit.end, staffId: 'b', roomId: 'r' });
    expect(coverProposals(request({ clock: () => 1, deadline: 0 }))[0]).toMatchObject({ proposal: null, problem: { code: 'cover.timed_out', params: {} } });
  });

  it('says how many days it looked through when a visit has no free time in them', () => {
    const nobodyFree = request({ searchDays: 2, staff: [{ ...request().staff[0], busy: [{ start: absence.start, end: at('2027-02-10T00:00:00Z') }] }] });
    expect(coverProposals(nobodyFree)).toEqual([
      { appointmentId: 'v1', proposal: null, problem: { field: 'appointmentId', problem: 'no free time within 2 days', code: 'cover.no_free_time', params: { days: 2 } } },
    ]);
  });
});
