import { addDays, weekdayOf } from '../time/local-time';
import { canMove, effectiveDate, episodeActions, handoverProblems, initialHolder, questionnaireOpen, questionnaireOpensOn, workingDaysBetween } from './episode-rules';

describe('episode rules', () => {
  it('opens a questionnaire to answers a month before it is due, and not a day earlier', () => {
    expect(questionnaireOpensOn('2027-12-02')).toBe('2027-11-02');
    expect(questionnaireOpen('2027-12-02', '2026-12-02')).toBe(false); // the one-year form on the day of discharge
    expect(questionnaireOpen('2027-12-02', '2027-11-01')).toBe(false);
    expect(questionnaireOpen('2027-12-02', '2027-11-02')).toBe(true);
    expect(questionnaireOpen('2027-12-02', '2028-02-01')).toBe(true); // late answers still count
    expect(questionnaireOpen('2026-12-02', '2026-12-02')).toBe(true); // the one at discharge, on the day
  });

  it('moves only along the path: referred, assessment, a rehabilitation or other measures, discharged, followed up', () => {
    expect(canMove('referred', 'assessment')).toBe(true);
    expect(canMove('assessment', 'group_rehab')).toBe(true);
    expect(canMove('assessment', 'other_measures')).toBe(true);
    expect(canMove('other_measures', 'discharged')).toBe(true);
    expect(canMove('discharged', 'followed_up')).toBe(true);
    expect(canMove('referred', 'group_rehab')).toBe(false);
    expect(canMove('group_rehab', 'individual_rehab')).toBe(false);
    expect(canMove('discharged', 'assessment')).toBe(false);
    expect(canMove('followed_up', 'discharged')).toBe(false);
  });

  it('offers preventive sick pay during rehabilitation, discharge from what leads to it, and the referral answer and follow-up after it', () => {
    expect(episodeActions('referred')).toEqual(['propose_handover']);
    expect(episodeActions('assessment')).toEqual(['propose_handover']);
    expect(episodeActions('group_rehab')).toEqual(['propose_handover', 'record_preventive_sick_pay', 'discharge']);
    expect(episodeActions('other_measures')).toEqual(['propose_handover', 'discharge']);
    expect(episodeActions('discharged')).toEqual(['propose_handover', 'write_referral_answer', 'book_follow_up']);
    expect(episodeActions('followed_up')).toEqual(['propose_handover', 'write_referral_answer', 'book_follow_up']);
  });

  it('gives the referrer the responsibility of a patient off work, and nobody that of one at work', () => {
    expect(initialHolder({ workingFraction: 50 })).toBe('referrer');
    expect(initialHolder({ workingFraction: 100, fullSicknessCompensation: true })).toBe('referrer');
    expect(initialHolder({ workingFraction: 100 })).toBe('none');
    expect(initialHolder({})).toBe('none');
  });

  it('refuses a handover to the holder itself, or dated on or before the current holder began', () => {
    const current = { holder: 'referrer' as const, physicianId: null, effectiveFrom: '2027-02-01' };
    expect(handoverProblems(current, { to: 'rehab_unit', physicianId: 'p', effectiveFrom: '2027-02-02' })).toEqual([]);
    expect(handoverProblems(current, { to: 'rehab_unit', physicianId: 'p', effectiveFrom: '2027-02-01' })).toEqual([
      { field: 'effectiveFrom', problem: "must be after 2027-02-01, when the current holder's responsibility began", code: 'sick_leave.handover_before_holder', params: { date: '2027-02-01' } },
    ]);
    expect(handoverProblems(current, { to: 'referrer', physicianId: null, effectiveFrom: '2027-01-15' })).toEqual([
      { field: 'to', problem: 'the current holder (referrer) holds it already', code: 'sick_leave.holds_already', params: { holder: 'referrer' } },
      expect.objectContaining({ field: 'effectiveFrom', code: 'sick_leave.handover_before_holder' }),
    ]);
    // The same unit taking over with another physician is a handover; with the same one it is not.
    const unit = { holder: 'rehab_unit' as const, physicianId: 'p', effectiveFrom: '2027-02-01' };
    expect(handoverProblems(unit, { to: 'rehab_unit', physicianId: 'q', effectiveFrom: '2027-03-01' })).toEqual([]);
    expect(handoverProblems(unit, { to: 'rehab_unit', physicianId: 'p', effectiveFrom: '2027-03-01' })).toEqual([expect.objectContaining({ code: 'sick_leave.holds_already', params: { holder: 'rehab_unit' } })]);
  });

  it('takes effect on the proposed day, or on acceptance when that comes later', () => {
    expect(effectiveDate('2027-03-01', '2027-02-20')).toBe('2027-03-01');
    expect(effectiveDate('2027-03-01', '2027-03-04')).toBe('2027-03-04');
  });

  it('counts working days', () => {
    expect(workingDaysBetween('2027-03-05', '2027-03-12')).toBe(5); // Friday to Friday
    expect(workingDaysBetween('2027-03-06', '2027-03-07')).toBe(0); // a weekend
    expect(workingDaysBetween('2027-03-12', '2027-03-05')).toBe(0); // backwards
  });

  it('counts working days as a day-by-day count does, from any weekday over any span', () => {
    for (let start = 0; start < 7; start++) {
      const from = addDays('2027-03-01', start);
      let count = 0;
      for (let span = 1; span <= 30; span++) {
        if (weekdayOf(addDays(from, span)) <= 5) count++;
        expect([from, span, workingDaysBetween(from, addDays(from, span))]).toEqual([from, span, count]);
      }
    }
  });

  it('counts three centuries of working days without stepping through them', () => {
    // 109,572 days from a Monday: 15,653 whole weeks of five working days, then a Tuesday.
    expect(workingDaysBetween('1900-01-01', '2199-12-31')).toBe(78_266);
  });
});
