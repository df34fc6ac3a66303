import { waitStanding } from './care-guarantee';

describe('care-guarantee standing', () => {
  it('is ok with more than 14 days left, at risk from 14 days to the deadline day, breached after', () => {
    expect(waitStanding('2027-03-31', '2027-03-16', 14)).toEqual({ daysLeft: 15, status: 'ok' });
    expect(waitStanding('2027-03-31', '2027-03-17', 14)).toEqual({ daysLeft: 14, status: 'at_risk' });
    expect(waitStanding('2027-03-31', '2027-03-31', 14)).toEqual({ daysLeft: 0, status: 'at_risk' });
    expect(waitStanding('2027-03-31', '2027-04-01', 14)).toEqual({ daysLeft: -1, status: 'breached' });
  });

  it('counts local calendar days across the spring daylight-saving change', () => {
    // 2027-03-28 has 23 hours; it is still one day.
    expect(waitStanding('2027-03-29', '2027-03-27', 14).daysLeft).toBe(2);
  });
});
