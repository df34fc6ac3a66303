import { maySelfCancel, selfCancelDeadline } from './patient-cancellation';

describe('a patient cancelling their own visit', () => {
  const start = new Date('2027-03-10T09:00:00+01:00');
  const visit = { start, status: 'booked' as const, patientCount: 1 };

  it('may until the site’s hours before the visit, not a moment later', () => {
    expect(selfCancelDeadline(start, 24).toISOString()).toBe('2027-03-09T08:00:00.000Z');
    expect(maySelfCancel(visit, 24, new Date('2027-03-09T08:00:00Z'))).toBe(true);
    expect(maySelfCancel(visit, 24, new Date('2027-03-09T08:00:01Z'))).toBe(false);
    expect(maySelfCancel(visit, 0, new Date('2027-03-10T07:59:00Z'))).toBe(true);
  });

  it('may not cancel a visit no longer booked, or a group session that goes on for the others', () => {
    const early = new Date('2027-03-01T08:00:00Z');
    expect(maySelfCancel({ ...visit, status: 'cancelled' }, 24, early)).toBe(false);
    expect(maySelfCancel({ ...visit, patientCount: 6 }, 24, early)).toBe(false);
  });
});
