import { problemAt, problemText } from '../../problem-codes';
import fc from 'fast-check';
import { Budget, BudgetExceeded } from '../../budget';
import { DateTime } from 'luxon';
import { ClosedDays } from '../../time/holidays';
import { Interval, overlaps } from '../../time/interval';
import { addDays, LocalDate, localDateOf, localTimeOf, localToInstant, weekdayOf } from '../../time/local-time';
import { WorkingHoursBlock, workingIntervals } from '../../time/working-hours';
import { Discipline } from '../../vocabulary';
import { UnavailableTime } from '../../time/free-time';
import { PlannerRoom } from '../resources';
import { planAssessment } from './plan';
import { moveAssessmentPart, replanVisit } from './replan';
import { AssessmentPlanRequest, AssessmentStaff, PlannedVisit } from './request';
import { assessmentPlanViolations } from './violations';
import { seededRandom } from '../../../../test/support/seeded-random';

const ZONE = 'Europe/Stockholm';
const MINUTE = 60_000;
const MONDAY = '2027-01-11'; // ISO week 2027-W02; the next Monday, 2027-01-18, starts W03

const at = (date: LocalDate, time: string): number => localToInstant(date, time, ZONE).getTime();
const dateOf = (instant: number): LocalDate => localDateOf(instant, ZONE);
const timeOf = (instant: number): string => localTimeOf(instant, ZONE);
const wholeDay = (date: LocalDate): Interval => ({ start: at(date, '00:00'), end: at(addDays(date, 1), '00:00') });

function hours(weekdays: readonly number[], start = '08:00', end = '16:00'): WorkingHoursBlock[] {
  return weekdays.map((weekday) => ({ weekday, start, end }));
}
const WEEKDAYS = [1, 2, 3, 4, 5];

function member(id: string, discipline: Discipline, extra: Partial<AssessmentStaff> = {}): AssessmentStaff {
  return { id, name: id, discipline, workingHours: hours(WEEKDAYS), busy: [], ...extra };
}

/** One of each of the four assessment disciplines, Monday to Friday 08:00–16:00. */
function team(): AssessmentStaff[] {
  return [member('N1', 'nurse'), member('P1', 'physician'), member('T1', 'physiotherapist'), member('Y1', 'psychologist')];
}

function room(id: string, kind: string, busy: Interval[] = []): PlannerRoom {
  return { id, kind, busy };
}

function request(extra: Partial<AssessmentPlanRequest> = {}): AssessmentPlanRequest {
  return {
    zone: ZONE,
    closedDays: new ClosedDays(),
    earliestDate: MONDAY,
    windowDays: 28,
    disciplines: ['nurse', 'physician', 'physiotherapist', 'psychologist'],
    visitMinutes: {},
    roomKindByDiscipline: { physiotherapist: 'gym' },
    maxVisitsPerDay: 1,
    feedbackMinutes: 60,
    feedbackMinWorkingDaysAfter: 2,
    feedbackExtraDays: 7,
    feedbackRoomKind: 'office',
    slotStepMinutes: 15,
    patientBusy: [],
    staff: team(),
    rooms: [room('O1', 'office'), room('O2', 'office'), room('G1', 'gym')],
    ...extra,
  };
}

/** The default team with some members replaced (by id). */
function withStaff(...replacements: AssessmentStaff[]): AssessmentStaff[] {
  const byId = new Map(replacements.map((m) => [m.id, m]));
  return team().map((m) => byId.get(m.id) ?? m);
}

/** Plans and checks the plan against the independent rule checker. */
function plan(input: AssessmentPlanRequest): { visits: PlannedVisit[]; feedback: PlannedVisit } {
  const result = planAssessment(input);
  if (!result.feasible) throw new Error(`expected a plan, got ${JSON.stringify(result.reasons)}`);
  expect(assessmentPlanViolations(input, result.visits, result.feedback)).toEqual([]);
  return result;
}

function reasonsOf(input: AssessmentPlanRequest) {
  const result = planAssessment(input);
  // Each reason's text is its code's, from its parameters (src/core/problem-codes.ts).
  if (!result.feasible) for (const reason of result.reasons) if (reason.code) expect(reason.problem).toBe(problemText(reason.code, reason.params));
  if (result.feasible) throw new Error('expected no plan');
  return result.reasons;
}

const visitOf = (visits: PlannedVisit[], discipline: Discipline) => visits.find((v) => v.discipline === discipline)!;
const datesOf = (visits: PlannedVisit[]) => visits.map((v) => dateOf(v.start));

describe('planAssessment: the basic plan', () => {
  it('sees one discipline a day as early as possible and gives feedback two working days after the last visit', () => {
    const { visits, feedback } = plan(request());
    expect(datesOf(visits)).toEqual(['2027-01-11', '2027-01-12', '2027-01-13', '2027-01-14']);
    expect(visits.map((v) => timeOf(v.start))).toEqual(['08:00', '08:00', '08:00', '08:00']);
    expect(visits.every((v) => v.end - v.start === 90 * MINUTE)).toBe(true);
    // Thursday + 2 working days = Monday.
    expect(`${dateOf(feedback.start)} ${timeOf(feedback.start)}–${timeOf(feedback.end)}`).toBe('2027-01-18 08:00–09:00');
    expect(feedback.staffIds[0]).toBe('P1');
    expect(['N1', 'T1', 'Y1']).toContain(feedback.staffIds[1]);
  });

  it('uses the room kind configured per discipline', () => {
    const { visits, feedback } = plan(request({ roomKindByDiscipline: { physiotherapist: 'gym', psychologist: 'quiet' }, rooms: [room('O1', 'office'), room('G1', 'gym'), room('Q1', 'quiet')] }));
    expect(visitOf(visits, 'physiotherapist').roomId).toBe('G1');
    expect(visitOf(visits, 'psychologist').roomId).toBe('Q1');
    expect(visitOf(visits, 'nurse').roomId).toBe('O1');
    expect(feedback.roomId).toBe('O1');
    const input = request();
    const planned = plan(input);
    const physioInOffice = planned.visits.map((v) => (v.discipline === 'physiotherapist' ? { ...v, roomId: 'O2' } : v));
    expect(assessmentPlanViolations(input, physioInOffice, planned.feedback)).toContainEqual(
      expect.objectContaining({ code: 'visit.room_kind', params: expect.objectContaining({ discipline: 'physiotherapist', roomId: 'O2', kind: 'office', required: 'gym' }) }),
    );
  });

  it('waits for the gym when it is busy', () => {
    const gymBusy = [wholeDay('2027-01-11'), wholeDay('2027-01-12'), wholeDay('2027-01-13'), wholeDay('2027-01-14')];
    const { visits } = plan(request({ rooms: [room('O1', 'office'), room('G1', 'gym', gymBusy)] }));
    expect(dateOf(visitOf(visits, 'physiotherapist').start)).toBe('2027-01-15');
  });

  it('plans an occupational therapist visit when asked', () => {
    const staff = [...team(), member('OT1', 'occupational_therapist')];
    const { visits } = plan(request({ staff, disciplines: ['nurse', 'physician', 'physiotherapist', 'psychologist', 'occupational_therapist'] }));
    expect(visits).toHaveLength(5);
    expect(visitOf(visits, 'occupational_therapist').staffIds).toEqual(['OT1']);
  });
});

describe('planAssessment: rules at their boundaries', () => {
  const physioOnlyTuesday = (end: string) => member('T1', 'physiotherapist', { workingHours: hours([2], '08:00', end) });

  it('accepts a visit that exactly fills the working hours, not one step less', () => {
    const { visits } = plan(request({ staff: withStaff(physioOnlyTuesday('09:30')) }));
    const physio = visitOf(visits, 'physiotherapist');
    expect(`${dateOf(physio.start)} ${timeOf(physio.start)}–${timeOf(physio.end)}`).toBe('2027-01-12 08:00–09:30');

    expect(reasonsOf(request({ staff: withStaff(physioOnlyTuesday('09:15')) }))).toEqual([
      {
        discipline: 'physiotherapist',
        problem: 'no physiotherapist with a free gym slot between 2027-01-11 and 2027-02-07',
        code: 'assessment.no_slot',
        params: { label: 'physiotherapist', roomKind: 'gym', from: '2027-01-11', to: '2027-02-07' },
      },
    ]);
  });

  it('keeps a free window of exactly one visit between two absences', () => {
    const busy = [
      { start: at('2027-01-11', '08:00'), end: at('2027-01-11', '10:00') },
      { start: at('2027-01-11', '11:30'), end: at('2027-01-11', '16:00') },
    ];
    const staff = withStaff(member('T1', 'physiotherapist', { workingHours: hours([1]), busy }));
    expect(timeOf(visitOf(plan(request({ staff, windowDays: 7 })).visits, 'physiotherapist').start)).toBe('10:00');
    const longer = withStaff(member('T1', 'physiotherapist', { workingHours: hours([1]), busy: [busy[0], { ...busy[1], start: at('2027-01-11', '11:15') }] }));
    expect(planAssessment(request({ staff: longer, windowDays: 7 })).feasible).toBe(false);
  });

  it('keeps the validator strict about working hours and the slot grid', () => {
    const input = request({ staff: withStaff(physioOnlyTuesday('09:30')) });
    const { visits, feedback } = plan(input);
    const shifted = visits.map((v) => (v.discipline === 'physiotherapist' ? { ...v, start: v.start + 15 * MINUTE, end: v.end + 15 * MINUTE } : v));
    expect(assessmentPlanViolations(input, shifted, feedback)).toContainEqual(
      expect.objectContaining({ code: 'booking.staff_not_working', params: expect.objectContaining({ staff: 'T1', discipline: 'physiotherapist' }) }),
    );
    const offGrid = visits.map((v) => (v.discipline === 'nurse' ? { ...v, start: v.start + 5 * MINUTE, end: v.end + 5 * MINUTE } : v));
    expect(assessmentPlanViolations(input, offGrid, feedback)).toContainEqual(
      expect.objectContaining({ code: 'visit.off_grid', params: expect.objectContaining({ discipline: 'nurse', gridMinutes: 15, staff: 'N1' }) }),
    );
  });

  it('uses the last day of the window, never the day after', () => {
    const staff = withStaff(member('T1', 'physiotherapist', { workingHours: hours([5]) }));
    const { visits, feedback } = plan(request({ staff, windowDays: 5 }));
    expect(dateOf(visitOf(visits, 'physiotherapist').start)).toBe('2027-01-15');
    expect(dateOf(feedback.start)).toBe('2027-01-19'); // Friday + 2 working days = Tuesday

    expect(reasonsOf(request({ staff, windowDays: 4 }))).toMatchObject([
      { discipline: 'physiotherapist', problem: 'no physiotherapist with a free gym slot between 2027-01-11 and 2027-01-14' },
    ]);
  });

  it('gives feedback exactly two working days after the last visit (Thursday → Monday), not a day earlier', () => {
    const input = request();
    const { visits, feedback } = plan(input);
    expect(weekdayOf(dateOf(visits[3].start))).toBe(4);
    expect(dateOf(feedback.start)).toBe('2027-01-18');
    const friday = { ...feedback, start: at('2027-01-15', '08:00'), end: at('2027-01-15', '09:00') };
    const tooEarly = problemAt('visits', 'assessment.feedback_too_early', { discipline: 'feedback', date: '2027-01-15', start: '08:00', end: '09:00', earliest: '2027-01-18' });
    expect(assessmentPlanViolations(input, visits, friday)).toEqual([tooEarly]);
    expect(tooEarly.problem).toBe('feedback visit 2027-01-15 08:00–09:00: must be on or after 2027-01-18, after the last visit');
    // With one working day the Friday is right.
    expect(dateOf(plan(request({ feedbackMinWorkingDaysAfter: 1 })).feedback.start)).toBe('2027-01-15');
  });

  it('counts working days past closed days for the feedback', () => {
    // Last visit Thursday 2027-05-05... Ascension Day 2027-05-06 is closed: Fri 7 and Mon 10 are the two working days.
    const { visits, feedback } = plan(request({ earliestDate: '2027-05-03' }));
    expect(datesOf(visits)).toEqual(['2027-05-03', '2027-05-04', '2027-05-05', '2027-05-07']);
    expect(dateOf(feedback.start)).toBe('2027-05-11');
  });

  it('ends the feedback by the end of the last feedback day, not a day later', () => {
    // Window Monday–Thursday; the feedback cannot be before Monday 2027-01-18 = last window day + 4.
    const { feedback } = plan(request({ windowDays: 4, feedbackExtraDays: 4 }));
    expect(dateOf(feedback.start)).toBe('2027-01-18');
    const reasons = reasonsOf(request({ windowDays: 4, feedbackExtraDays: 3 }));
    expect(reasons).toMatchObject([{ discipline: 'feedback', problem: expect.stringContaining('no time for the feedback conversation by 2027-01-17') }]);
  });

  it('lets the feedback end exactly at the end of the working day on the last feedback day', () => {
    const busy = [{ start: at('2027-01-18', '08:00'), end: at('2027-01-18', '15:00') }];
    const staff = withStaff(member('P1', 'physician', { busy }));
    const { feedback } = plan(request({ staff, windowDays: 4, feedbackExtraDays: 4 }));
    expect(`${dateOf(feedback.start)} ${timeOf(feedback.start)}–${timeOf(feedback.end)}`).toBe('2027-01-18 15:00–16:00');
    const later = withStaff(member('P1', 'physician', { busy: [{ ...busy[0], end: at('2027-01-18', '15:15') }] }));
    expect(planAssessment(request({ staff: later, windowDays: 4, feedbackExtraDays: 4 })).feasible).toBe(false);
  });

  it('sees two disciplines a day when maxVisitsPerDay is 2, one after the other', () => {
    const { visits, feedback } = plan(request({ maxVisitsPerDay: 2 }));
    expect(datesOf(visits)).toEqual(['2027-01-11', '2027-01-11', '2027-01-12', '2027-01-12']);
    expect(visits.map((v) => timeOf(v.start))).toEqual(['08:00', '09:30', '08:00', '09:30']);
    expect(dateOf(feedback.start)).toBe('2027-01-14');

    const input = request();
    const one = plan(input);
    const doubled = one.visits.map((v, i) => (i === 1 ? { ...v, start: at('2027-01-11', '09:30'), end: at('2027-01-11', '11:00') } : v));
    expect(assessmentPlanViolations(input, doubled, one.feedback)).toContainEqual(problemAt('visits', 'assessment.visits_a_day', { count: 2, date: '2027-01-11', max: 1 }));
    const overlapping = one.visits.map((v, i) => (i === 1 ? { ...v, start: at('2027-01-11', '09:00'), end: at('2027-01-11', '10:30') } : v));
    expect(assessmentPlanViolations(request({ maxVisitsPerDay: 2 }), overlapping, one.feedback)).toContainEqual(
      problemAt('visits', 'visit.overlaps', {
        ...{ discipline: one.visits[0].discipline, date: '2027-01-11', start: '08:00', end: '09:30' },
        ...{ otherDiscipline: one.visits[1].discipline, otherDate: '2027-01-11', otherStart: '09:00', otherEnd: '10:30' },
      }),
    );
  });

  it('keeps every visit out of the patient\'s unavailable mornings and days', () => {
    const mornings: UnavailableTime[] = [{ start: '08:00', end: '12:00' }, { weekday: 2 }];
    const { visits, feedback } = plan(request({ patientUnavailable: mornings }));
    for (const visit of [...visits, feedback]) {
      expect(timeOf(visit.start) >= '12:00').toBe(true);
      expect(weekdayOf(dateOf(visit.start))).not.toBe(2);
    }
    expect(datesOf(visits)).toEqual(['2027-01-11', '2027-01-13', '2027-01-14', '2027-01-15']);
    expect(timeOf(feedback.start)).toBe('12:00');
  });

  it("respects the patient's own bookings", () => {
    const { visits } = plan(request({ patientBusy: [wholeDay('2027-01-11'), { start: at('2027-01-12', '07:00'), end: at('2027-01-12', '08:30') }] }));
    expect(dateOf(visits[0].start)).toBe('2027-01-12');
    expect(timeOf(visits[0].start)).toBe('08:30');
  });

  it('honours the preferred staff member, even when another is earlier', () => {
    const staff = [...team(), member('P2', 'physician', { workingHours: hours([4, 5]) })];
    const { visits, feedback } = plan(request({ staff, preferredStaff: { physician: 'P2' } }));
    expect(visitOf(visits, 'physician').staffIds).toEqual(['P2']);
    expect(feedback.staffIds[0]).toBe('P2');
    expect(reasonsOf(request({ staff, preferredStaff: { physician: 'P9' } }))).toMatchObject([
      { discipline: 'physician', problem: 'the preferred physician P9 is not a physician on the staff' },
    ]);
    const absent = staff.map((m) => (m.id === 'P2' ? { ...m, workingHours: [] } : m));
    expect(reasonsOf(request({ staff: absent, preferredStaff: { physician: 'P2' } }))).toMatchObject([
      { discipline: 'physician', problem: 'the preferred physician P2 has no free office slot between 2027-01-11 and 2027-02-07' },
    ]);
  });

  it('skips closed days (Epiphany)', () => {
    const { visits, feedback } = plan(request({ earliestDate: '2027-01-04' }));
    expect(datesOf(visits)).toEqual(['2027-01-04', '2027-01-05', '2027-01-07', '2027-01-08']);
    expect(dateOf(feedback.start)).toBe('2027-01-12');
  });

  it("skips the site's own closure days", () => {
    const closedDays = new ClosedDays(new Map([['2027-01-12', 'staff day']]));
    const { visits } = plan(request({ closedDays }));
    expect(datesOf(visits)).not.toContain('2027-01-12');
  });

  it('respects absences', () => {
    const staff = withStaff(member('N1', 'nurse', { busy: [{ start: wholeDay('2027-01-11').start, end: wholeDay('2027-01-13').start }] }));
    const { visits } = plan(request({ staff }));
    expect(dateOf(visitOf(visits, 'nurse').start) >= '2027-01-13').toBe(true);
    expect(dateOf(visits[3].start)).toBe('2027-01-14');
  });
});

describe('planAssessment: a complete search', () => {
  it('finds the plan that taking the earliest slot discipline by discipline misses', () => {
    // Greedy in request order: nurse Monday, physician Tuesday, then the physiotherapist (Monday only) is stuck.
    const staff = withStaff(
      member('N1', 'nurse', { workingHours: hours([1, 2]) }),
      member('P1', 'physician', { workingHours: hours([2, 3, 4, 5]) }),
      member('T1', 'physiotherapist', { workingHours: hours([1]) }),
      member('Y1', 'psychologist', { workingHours: hours([3, 4]) }),
    );
    const { visits } = plan(request({ staff, windowDays: 7 }));
    expect(dateOf(visitOf(visits, 'physiotherapist').start)).toBe('2027-01-11');
    expect(dateOf(visitOf(visits, 'nurse').start)).toBe('2027-01-12');
    expect(datesOf(visits)).toEqual(['2027-01-11', '2027-01-12', '2027-01-13', '2027-01-14']);
  });

  it('says which discipline has no capacity', () => {
    expect(reasonsOf(request({ rooms: [room('O1', 'office')] }))).toMatchObject([
      { discipline: 'physiotherapist', problem: 'no physiotherapist with a free gym slot between 2027-01-11 and 2027-02-07' },
    ]);
    expect(reasonsOf(request({ staff: team().filter((m) => m.discipline !== 'psychologist') }))).toMatchObject([
      { discipline: 'psychologist', problem: 'no psychologist on the staff' },
    ]);
  });

  it('says so when each discipline fits alone but not all together', () => {
    const staff = team().map((m) => ({ ...m, workingHours: hours([1, 2]) }));
    const reasons = reasonsOf(request({ staff, windowDays: 7 }));
    expect(reasons).toHaveLength(3);
    for (const reason of reasons) expect(reason.problem).toMatch(/^the .+ visits do not all fit between 2027-01-11 and 2027-01-17 with at most one visit a day$/);
  });

  it('says so when there is no time for the feedback', () => {
    const busy = [{ start: at('2027-01-15', '00:00'), end: at('2027-03-01', '00:00') }];
    const staff = withStaff(member('P1', 'physician', { busy }));
    expect(reasonsOf(request({ staff, windowDays: 7 }))).toMatchObject([
      {
        discipline: 'feedback',
        problem: 'no time for the feedback conversation between 2027-01-18 and 2027-01-24: the physician and another assessing clinician are never free together for 60 minutes with a free office',
      },
    ]);
  });

  it('explains a request without a physician', () => {
    expect(reasonsOf(request({ disciplines: ['nurse', 'psychologist'] }))[0].discipline).toBe('feedback');
  });
});

describe('planAssessment: daylight saving', () => {
  it('keeps visits at local working hours on both sides of the spring change (2027-03-28)', () => {
    // The patient is away Tuesday–Thursday before Easter; Good Friday and Easter Monday are closed.
    const away = [{ start: wholeDay('2027-03-23').start, end: wholeDay('2027-03-25').end }];
    const { visits, feedback } = plan(request({ earliestDate: '2027-03-22', patientBusy: away }));
    expect(datesOf(visits)).toEqual(['2027-03-22', '2027-03-30', '2027-03-31', '2027-04-01']);
    for (const visit of [...visits, feedback]) {
      expect(timeOf(visit.start)).toBe('08:00');
      expect(timeOf(visit.end) <= '16:00').toBe(true);
    }
    expect(new Date(visits[0].start).toISOString()).toBe('2027-03-22T07:00:00.000Z');
    expect(new Date(visits[1].start).toISOString()).toBe('2027-03-30T06:00:00.000Z');
    expect(dateOf(feedback.start)).toBe('2027-04-05');
  });

  it('fits a visit that ends at 16:00 local time after the change', () => {
    const staff = withStaff(member('T1', 'physiotherapist', { workingHours: hours([2], '14:30', '16:00') }));
    const { visits } = plan(request({ earliestDate: '2027-03-22', staff }));
    const physio = visitOf(visits, 'physiotherapist');
    expect(`${dateOf(physio.start)} ${timeOf(physio.start)}–${timeOf(physio.end)}`).toBe('2027-03-23 14:30–16:00');
    const after = plan(request({ earliestDate: '2027-03-29', staff }));
    expect(timeOf(visitOf(after.visits, 'physiotherapist').end)).toBe('16:00');
  });
});

describe('planAssessment: the objective', () => {
  it('prefers the earlier feedback over the earlier last visit', () => {
    // With P1 the assessment is over on Thursday, but P1 is away the whole next week.
    // P2 works Tuesdays and Fridays but is booked on the first Tuesday: the assessment is over on
    // Friday, and the feedback is on Tuesday.
    const away = [{ start: wholeDay('2027-01-18').start, end: wholeDay('2027-01-22').end }];
    const p2 = member('P2', 'physician', { workingHours: hours([2, 5]), busy: [wholeDay('2027-01-12')] });
    const staff = [...withStaff(member('P1', 'physician', { busy: away })), p2];
    const { visits, feedback } = plan(request({ staff }));
    expect(visitOf(visits, 'physician').staffIds).toEqual(['P2']);
    expect(dateOf(visitOf(visits, 'physician').start)).toBe('2027-01-15');
    expect(`${dateOf(feedback.start)} ${feedback.staffIds[0]}`).toBe('2027-01-19 P2');
  });

  it('prefers fewer patient days when the feedback and the last visit end alike', () => {
    // Physiotherapy only Wednesday 09:30–11:00; the psychologist is free Tuesday, and Wednesday 08:00–09:30.
    const staff = withStaff(
      member('N1', 'nurse', { workingHours: hours([1, 5]) }),
      member('P1', 'physician', { workingHours: hours([1, 5]) }),
      member('T1', 'physiotherapist', { workingHours: hours([3], '09:30', '11:00') }),
      member('Y1', 'psychologist', { workingHours: [...hours([2]), ...hours([3], '08:00', '09:30')] }),
    );
    const { visits, feedback } = plan(request({ staff, maxVisitsPerDay: 2, windowDays: 5 }));
    expect(dateOf(visitOf(visits, 'psychologist').start)).toBe('2027-01-13');
    expect(new Set([...datesOf(visits), dateOf(feedback.start)]).size).toBe(3);
    expect(`${dateOf(feedback.start)} ${timeOf(feedback.end)}`).toBe('2027-01-15 09:00');
  });

  it('prefers the staff members with fewer booked minutes that week', () => {
    const nurses = (a: number, b: number) => [
      ...team().filter((m) => m.id !== 'N1'),
      member('N1', 'nurse', { bookedMinutesByWeek: { '2027-W02': a } }),
      member('N2', 'nurse', { bookedMinutesByWeek: { '2027-W02': b } }),
    ];
    expect(visitOf(plan(request({ staff: nurses(600, 0) })).visits, 'nurse').staffIds).toEqual(['N2']);
    expect(visitOf(plan(request({ staff: nurses(0, 600) })).visits, 'nurse').staffIds).toEqual(['N1']);
  });

  it('takes a busier clinician for a day of two visits when the least busy ones cannot both fit', () => {
    // Monday is the only day for the nurse and the psychologists, and Y1 (free) overlaps the nurse;
    // Y2 (busier) follows her. The physician and the physiotherapist come on Tuesday.
    const monday = (start: string, end: string) => hours([1], start, end);
    const staff = [
      member('N1', 'nurse', { workingHours: monday('08:00', '09:30') }),
      member('Y1', 'psychologist', { workingHours: monday('08:00', '09:30') }),
      member('Y2', 'psychologist', { workingHours: monday('09:30', '11:00'), bookedMinutesByWeek: { '2027-W02': 300 } }),
      member('P1', 'physician', { workingHours: hours([2, 4]) }),
      member('T1', 'physiotherapist', { workingHours: hours([2, 4]) }),
    ];
    const { visits } = plan(request({ staff, maxVisitsPerDay: 2, windowDays: 2 }));
    expect(visits.map((v) => `${dateOf(v.start)} ${timeOf(v.start)} ${v.staffIds[0]}`)).toEqual([
      '2027-01-11 08:00 N1',
      '2027-01-11 09:30 Y2',
      '2027-01-12 08:00 T1',
      '2027-01-12 09:30 P1',
    ]);
  });

  it('picks the lighter clinician for the feedback, by the week of the feedback', () => {
    const staff = team().map((m) => (m.id === 'Y1' ? m : { ...m, bookedMinutesByWeek: { '2027-W03': 300 } }));
    expect(plan(request({ staff })).feedback.staffIds).toEqual(['P1', 'Y1']);
  });
});

// ---------------------------------------------------------------------------------------------
// Property tests against a brute-force enumerator.
// ---------------------------------------------------------------------------------------------

/** Lexicographic objective of a plan: feedback end, last visit end, patient days, booked minutes. */
type Key = [number, number, number, number];

const weekLabels = new Map<LocalDate, string>();
const isoWeek = (date: LocalDate): string => {
  if (!weekLabels.has(date)) weekLabels.set(date, DateTime.fromISO(date).toFormat("kkkk-'W'WW"));
  return weekLabels.get(date)!;
};

function keyOf(input: AssessmentPlanRequest, visits: readonly PlannedVisit[], feedback: PlannedVisit): Key {
  const loadOf = (staffId: string, instant: number) => input.staff.find((m) => m.id === staffId)?.bookedMinutesByWeek?.[isoWeek(dateOf(instant))] ?? 0;
  const load = [...visits, feedback].reduce((sum, v) => sum + v.staffIds.reduce((s, id) => s + loadOf(id, v.start), 0), 0);
  return [feedback.end, Math.max(...visits.map((v) => v.end)), new Set([...visits, feedback].map((v) => dateOf(v.start))).size, load];
}

function lessThan(a: Key, b: Key | undefined): boolean {
  if (!b) return true;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i];
  return false;
}

/**
 * The rules of one request, written out naively for the brute-force enumerators: no shared code with
 * the planner beyond the calendar helpers.
 */
function naiveRules(input: AssessmentPlanRequest) {
  const step = input.slotStepMinutes * MINUTE;
  const lastFeedbackDate = addDays(input.earliestDate, input.windowDays - 1 + input.feedbackExtraDays);
  const dates = Array.from({ length: input.windowDays + input.feedbackExtraDays }, (_, i) => addDays(input.earliestDate, i));
  // Time-zone conversions are slow; the rules are not, so only the conversions are remembered.
  const remember = <T>(compute: (date: LocalDate, owner?: AssessmentStaff) => T) => {
    const memo = new Map<string, T>();
    return (date: LocalDate, owner?: AssessmentStaff): T => {
      const memoKey = `${owner?.id} ${date}`;
      if (!memo.has(memoKey)) memo.set(memoKey, compute(date, owner));
      return memo.get(memoKey)!;
    };
  };
  const unavailableOn = remember((date) =>
    (input.patientUnavailable ?? [])
      .filter((u) => u.weekday === undefined || u.weekday === weekdayOf(date))
      .map((u) => ({ start: at(date, u.start ?? '00:00'), end: u.end ? at(date, u.end) : at(addDays(date, 1), '00:00') })),
  );
  const hoursOn = remember((date, m) => workingIntervals(m!.workingHours, date, ZONE));
  const patientFree = (v: Interval, date: LocalDate) => ![...input.patientBusy, ...unavailableOn(date)].some((b) => overlaps(b, v));
  const roomFree = (kind: string, v: Interval) => input.rooms.some((r) => r.kind === kind && !r.busy.some((b) => overlaps(b, v)));
  const works = (m: AssessmentStaff, v: Interval, date: LocalDate) =>
    hoursOn(date, m).some((w) => w.start <= v.start && v.end <= w.end) && !m.busy.some((b) => overlaps(b, v));
  const workingDay = (date: LocalDate) => weekdayOf(date) <= 5 && !input.closedDays.isClosed(date);
  const plusWorkingDays = (date: LocalDate, n: number) => {
    let d = date;
    for (let left = n; left > 0; ) if (workingDay((d = addDays(d, 1)))) left--;
    return d;
  };

  return { step, lastFeedbackDate, dates, remember, hoursOn, patientFree, roomFree, works, plusWorkingDays };
}

/**
 * Tries every combination of visit slots and every feedback partner, straight from the rules.
 * Deliberately naive: no shared code with the planner beyond the calendar helpers.
 */
function bruteForce(input: AssessmentPlanRequest): Key | undefined {
  const { step, lastFeedbackDate, dates, remember, hoursOn, patientFree, roomFree, works, plusWorkingDays } = naiveRules(input);
  const load = (m: AssessmentStaff, date: LocalDate) => m.bookedMinutesByWeek?.[isoWeek(date)] ?? 0;

  type Candidate = { staff: AssessmentStaff; date: LocalDate; start: number; end: number; load: number };
  const candidates = input.disciplines.map((discipline) => {
    const length = (input.visitMinutes[discipline] ?? 90) * MINUTE;
    const kind = input.roomKindByDiscipline[discipline] ?? 'office';
    const preferred = input.preferredStaff?.[discipline];
    const list: Candidate[] = [];
    for (const staff of input.staff.filter((m) => m.discipline === discipline && (preferred === undefined || m.id === preferred))) {
      for (const date of dates.slice(0, input.windowDays).filter((d) => !input.closedDays.isClosed(d))) {
        for (const w of hoursOn(date, staff)) {
          for (let start = w.start; start + length <= w.end; start += step) {
            const v = { start, end: start + length };
            if (works(staff, v, date) && patientFree(v, date) && roomFree(kind, v)) list.push({ staff, date, ...v, load: load(staff, date) });
          }
        }
      }
    }
    return list;
  });

  // Every possible feedback time of a physician and another clinician, in time order.
  type FeedbackTime = { date: LocalDate; start: number; end: number };
  const feedbackTimes = new Map<string, FeedbackTime[]>();
  const allFeedbackTimes = (physician: AssessmentStaff, other: AssessmentStaff): FeedbackTime[] => {
    const pair = `${physician.id} ${other.id}`;
    if (!feedbackTimes.has(pair)) {
      const times: FeedbackTime[] = [];
      const length = input.feedbackMinutes * MINUTE;
      for (const date of dates.filter((d) => d <= lastFeedbackDate && !input.closedDays.isClosed(d))) {
        for (const w of hoursOn(date, physician)) {
          for (let start = w.start; start + length <= w.end; start += step) {
            const v = { start, end: start + length };
            if (works(physician, v, date) && works(other, v, date) && patientFree(v, date) && roomFree(input.feedbackRoomKind, v)) times.push({ date, ...v });
          }
        }
      }
      feedbackTimes.set(pair, times);
    }
    return feedbackTimes.get(pair)!;
  };
  const feedbackFrom = remember((date) => plusWorkingDays(date, input.feedbackMinWorkingDaysAfter));
  const feedbackAfter = new Map<string, FeedbackTime | undefined>();
  const earliestFeedback = (physician: AssessmentStaff, other: AssessmentStaff, last: Candidate) => {
    const memoKey = `${physician.id} ${other.id} ${last.end}`;
    if (!feedbackAfter.has(memoKey)) {
      const fromDate = feedbackFrom(last.date);
      feedbackAfter.set(memoKey, allFeedbackTimes(physician, other).find((f) => f.date >= fromDate && f.start >= last.end));
    }
    return feedbackAfter.get(memoKey);
  };

  let best: Key | undefined;
  const chosen: Candidate[] = [];
  const enumerate = (depth: number): void => {
    if (depth === candidates.length) {
      const last = chosen.reduce((a, b) => (b.end > a.end ? b : a));
      const physician = chosen[input.disciplines.indexOf('physician')].staff;
      for (const other of chosen.map((c) => c.staff).filter((m) => m !== physician)) {
        const feedback = earliestFeedback(physician, other, last);
        if (!feedback) continue;
        const days = new Set([...chosen.map((c) => c.date), feedback.date]).size;
        const staffLoad = chosen.reduce((sum, c) => sum + c.load, 0) + load(physician, feedback.date) + load(other, feedback.date);
        const key: Key = [feedback.end, last.end, days, staffLoad];
        if (lessThan(key, best)) best = key;
      }
      return;
    }
    for (const candidate of candidates[depth]) {
      // The only pruning: a visit ending after the best feedback so far cannot be in a better plan.
      if (best && candidate.end >= best[0]) continue;
      if (chosen.some((c) => overlaps(c, candidate))) continue;
      if (chosen.filter((c) => c.date === candidate.date).length >= input.maxVisitsPerDay) continue;
      chosen.push(candidate);
      enumerate(depth + 1);
      chosen.pop();
    }
  };
  enumerate(0);
  return best;
}

const DISCIPLINES_SMALL: Discipline[] = ['nurse', 'physician', 'physiotherapist'];
const BLOCK_PATTERNS = [[], [['08:00', '12:00']], [['12:00', '16:00']], [['08:00', '16:00']], [['08:00', '11:00'], ['13:00', '16:00']]];

const busyArb = fc.array(
  fc.record({ day: fc.integer({ min: 0, max: 11 }), hour: fc.integer({ min: 8, max: 15 }), minutes: fc.constantFrom(30, 60, 120, 240) }),
  { maxLength: 4 },
);
const staffArb = fc.record({
  patterns: fc.array(fc.integer({ min: 0, max: BLOCK_PATTERNS.length - 1 }), { minLength: 7, maxLength: 7 }),
  busy: busyArb,
  loads: fc.array(fc.constantFrom(0, 0, 60, 120), { minLength: 3, maxLength: 3 }),
});
const instanceArb = fc.record({
  earliestDate: fc.constantFrom('2027-01-04', '2027-01-11', '2027-03-24', '2027-05-03', '2027-01-08'),
  windowDays: fc.integer({ min: 5, max: 8 }),
  feedbackExtraDays: fc.integer({ min: 0, max: 5 }),
  maxVisitsPerDay: fc.integer({ min: 1, max: 2 }),
  feedbackMinWorkingDaysAfter: fc.integer({ min: 0, max: 2 }),
  slotStepMinutes: fc.constantFrom(30, 60),
  visitMinutes: fc.constantFrom(60, 90),
  feedbackMinutes: fc.constantFrom(30, 60),
  staff: fc.tuple(...DISCIPLINES_SMALL.map(() => fc.array(staffArb, { minLength: 1, maxLength: 2 }))),
  rooms: fc.array(fc.record({ gym: fc.boolean(), busy: busyArb }), { minLength: 2, maxLength: 4 }),
  patientBusy: busyArb,
  unavailable: fc.option(fc.record({ weekday: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }), morning: fc.boolean() }), { nil: undefined }),
  preferFirstNurse: fc.boolean(),
});

type InstanceSpec = typeof instanceArb extends fc.Arbitrary<infer T> ? T : never;

function instanceFrom(spec: InstanceSpec): AssessmentPlanRequest {
  const busyFrom = (blocks: { day: number; hour: number; minutes: number }[]) =>
    blocks.map(({ day, hour, minutes }) => {
      const start = at(addDays(spec.earliestDate, day), `${String(hour).padStart(2, '0')}:00`);
      return { start, end: start + minutes * MINUTE };
    });
  const weeks = [0, 7, 14].map((d) => isoWeek(addDays(spec.earliestDate, d)));
  const staff = spec.staff.flatMap((members, d) =>
    members.map((m, i) => ({
      id: `${DISCIPLINES_SMALL[d]}-${i}`,
      name: `${DISCIPLINES_SMALL[d]} ${i}`,
      discipline: DISCIPLINES_SMALL[d],
      workingHours: m.patterns.flatMap((pattern, weekday) => BLOCK_PATTERNS[pattern].map(([start, end]) => ({ weekday: weekday + 1, start, end }))),
      busy: busyFrom(m.busy),
      bookedMinutesByWeek: Object.fromEntries(weeks.map((week, w) => [week, m.loads[w]])),
    })),
  );
  // At least one room of each kind, so most instances are feasible.
  const rooms = spec.rooms.map((r, i) => ({ id: `R${i}`, kind: i === 0 ? 'office' : i === 1 ? 'gym' : r.gym ? 'gym' : 'office', busy: busyFrom(r.busy) }));
  const unavailable = spec.unavailable && [{ weekday: spec.unavailable.weekday, ...(spec.unavailable.morning ? { end: '10:00' } : { start: '14:00' }) }];
  return request({
    earliestDate: spec.earliestDate,
    windowDays: spec.windowDays,
    feedbackExtraDays: spec.feedbackExtraDays,
    maxVisitsPerDay: spec.maxVisitsPerDay,
    feedbackMinWorkingDaysAfter: spec.feedbackMinWorkingDaysAfter,
    slotStepMinutes: spec.slotStepMinutes,
    visitMinutes: { nurse: spec.visitMinutes, physician: spec.visitMinutes, physiotherapist: 90 },
    feedbackMinutes: spec.feedbackMinutes,
    disciplines: DISCIPLINES_SMALL,
    staff,
    rooms,
    patientBusy: busyFrom(spec.patientBusy),
    patientUnavailable: unavailable,
    preferredStaff: spec.preferFirstNurse ? { nurse: 'nurse-0' } : undefined,
  });
}

describe('planAssessment: properties against brute force', () => {
  it('returns only valid plans, and exactly when and as good as brute force finds one', () => {
    let feasible = 0;
    fc.assert(
      fc.property(instanceArb, (spec) => {
        const input = instanceFrom(spec);
        const result = planAssessment(input);
        const optimum = bruteForce(input);
        expect(result.feasible).toBe(optimum !== undefined);
        if (!result.feasible) {
          expect(result.reasons.length).toBeGreaterThan(0);
          return;
        }
        feasible++;
        expect(assessmentPlanViolations(input, result.visits, result.feedback)).toEqual([]);
        expect(keyOf(input, result.visits, result.feedback)).toEqual(optimum);
      }),
      { numRuns: 100, seed: 20270111 },
    );
    // The generator must produce mostly feasible instances for the comparison to mean something.
    expect(feasible).toBeGreaterThan(30);
  });
});

// ---------------------------------------------------------------------------------------------
// Moving one part of a booked assessment.
// ---------------------------------------------------------------------------------------------

type Booked = { visits: PlannedVisit[]; feedback: PlannedVisit };
type Part = Discipline | 'feedback';

/** Replans with the move from `earliestDate` on, and checks the result with the original window. */
function replan(input: AssessmentPlanRequest, booked: Booked, moving: Part, earliestDate: LocalDate) {
  const result = replanVisit({ ...input, earliestDate }, input.earliestDate, booked.visits, booked.feedback, moving);
  if (!result.feasible) throw new Error(`expected a replan, got ${JSON.stringify(result.reasons)}`);
  expect(assessmentPlanViolations(input, result.visits, result.feedback)).toEqual([]);
  return result;
}

const slotOf = (v: PlannedVisit) => `${dateOf(v.start)} ${timeOf(v.start)}–${timeOf(v.end)} ${v.staffIds.join('+')}`;
const others = (visits: PlannedVisit[], discipline: Discipline) => visits.filter((v) => v.discipline !== discipline);

describe('replanVisit', () => {
  it('moves a nurse visit and keeps the other visits and the still valid feedback', () => {
    const input = request();
    const booked = plan(input);
    const nurse = visitOf(booked.visits, 'nurse');
    expect(slotOf(nurse)).toBe('2027-01-11 08:00–09:30 N1');

    const result = replan(input, booked, 'nurse', MONDAY);
    expect(result.moved).toEqual(['nurse']);
    // Same day and staff member, right after its old time (which it may not take again).
    expect(slotOf(visitOf(result.visits, 'nurse'))).toBe('2027-01-11 09:30–11:00 N1');
    expect(others(result.visits, 'nurse')).toEqual(others(booked.visits, 'nurse'));
    expect(result.feedback).toEqual(booked.feedback);
  });

  it('moves the feedback too when the last visit moves later', () => {
    const input = request();
    const booked = plan(input);
    const last = booked.visits[booked.visits.length - 1];
    const discipline = last.discipline as Discipline;
    expect(dateOf(last.start)).toBe('2027-01-14');

    const result = replan(input, booked, discipline, '2027-01-18');
    expect(result.moved).toEqual([discipline, 'feedback']);
    expect(slotOf(visitOf(result.visits, discipline))).toBe(`2027-01-18 08:00–09:30 ${last.staffIds[0]}`);
    expect(others(result.visits, discipline)).toEqual(others(booked.visits, discipline));
    // Monday + 2 working days, with the same two clinicians as before.
    expect(slotOf(result.feedback)).toBe(`2027-01-20 08:00–09:00 ${booked.feedback.staffIds.join('+')}`);
  });

  it('moves the feedback alone, never back to its old time', () => {
    const input = request();
    const booked = plan(input);
    expect(slotOf(booked.feedback)).toBe(`2027-01-18 08:00–09:00 ${booked.feedback.staffIds.join('+')}`);

    const result = replan(input, booked, 'feedback', MONDAY);
    expect(result.moved).toEqual(['feedback']);
    expect(result.visits).toEqual(booked.visits);
    expect(slotOf(result.feedback)).toBe(`2027-01-18 09:00–10:00 ${booked.feedback.staffIds.join('+')}`);
    const later = replan(input, booked, 'feedback', '2027-01-25');
    expect(slotOf(later.feedback)).toBe(`2027-01-25 08:00–09:00 ${booked.feedback.staffIds.join('+')}`);
  });

  it('never reuses the old slot, and names the discipline when the window has no other', () => {
    // The physiotherapist works Tuesdays 08:00–09:30 only: one slot a week.
    const staff = withStaff(member('T1', 'physiotherapist', { workingHours: hours([2], '08:00', '09:30') }));
    const input = request({ staff, windowDays: 14 });
    const booked = plan(input);
    expect(slotOf(visitOf(booked.visits, 'physiotherapist'))).toBe('2027-01-12 08:00–09:30 T1');

    const result = replan(input, booked, 'physiotherapist', MONDAY);
    expect(slotOf(visitOf(result.visits, 'physiotherapist'))).toBe('2027-01-19 08:00–09:30 T1');
    expect(result.moved).toEqual(['physiotherapist', 'feedback']);

    const short = request({ staff, windowDays: 7 });
    const shortBooked = plan(short);
    const shortResult = replanVisit(short, MONDAY, shortBooked.visits, shortBooked.feedback, 'physiotherapist');
    expect(shortResult).toEqual({
      feasible: false,
      reasons: [
        {
          discipline: 'physiotherapist',
          problem: 'no free physiotherapist slot between 2027-01-11 and 2027-01-17',
          code: 'assessment.replan_no_slot',
          params: { label: 'physiotherapist', from: '2027-01-11', to: '2027-01-17' },
        },
      ],
    });
    expect(replanVisit({ ...input, earliestDate: '2027-01-20' }, MONDAY, booked.visits, booked.feedback, 'physiotherapist')).toMatchObject({
      feasible: false,
      reasons: [{ discipline: 'physiotherapist', problem: 'no free physiotherapist slot between 2027-01-20 and 2027-01-24' }],
    });
  });

  it('says when a booked visit that stays no longer fits, or the feedback has no other time', () => {
    const input = request({ windowDays: 7 });
    const booked = plan(input);
    const nurse = visitOf(booked.visits, 'nurse');
    const nurseAway = { ...input, staff: withStaff(member('N1', 'nurse', { busy: [nurse] })) };
    const nurseVisit = { discipline: 'nurse', date: '2027-01-11', start: '08:00', end: '09:30' };
    expect(replanVisit(nurseAway, MONDAY, booked.visits, booked.feedback, 'physiotherapist')).toEqual({
      feasible: false,
      reasons: [
        {
          discipline: 'nurse',
          problem: 'the booked nurse visit 2027-01-11 08:00–09:30 no longer fits the rules, so nothing can move around it',
          code: 'assessment.booked_visit_unfit',
          params: nurseVisit,
        },
        { discipline: 'nurse', problem: 'N1 is busy 2027-01-11 08:00–09:30', code: 'booking.staff_busy', params: { ...nurseVisit, staff: 'N1' } },
      ],
    });
    const physicianAway = { ...input, staff: withStaff(member('P1', 'physician', { busy: [{ start: booked.feedback.end, end: wholeDay('2027-01-24').end }] })) };
    const result = replanVisit(physicianAway, MONDAY, booked.visits, booked.feedback, 'feedback');
    const params = { from: '2027-01-18', to: '2027-01-24', minutes: 60, roomKind: 'office' };
    expect(result).toEqual({ feasible: false, reasons: [{ discipline: 'feedback', problem: problemText('assessment.replan_no_other_feedback_time', params), code: 'assessment.replan_no_other_feedback_time', params }] });
  });

  it('takes a later slot when the earliest one leaves no time for the feedback', () => {
    const input = request({ windowDays: 7 });
    const booked = plan(input);
    expect(visitOf(booked.visits, 'physician').staffIds).toEqual(['P1']);
    // Now P1 is away after the window, and P2 has joined, on Fridays from 10:00 and all of next week.
    const p1 = member('P1', 'physician', { busy: [{ start: wholeDay('2027-01-18').start, end: wholeDay('2027-01-24').end }] });
    const p2 = member('P2', 'physician', { workingHours: [...hours([5], '10:00', '16:00'), ...hours([1, 2, 3, 4])] });
    const now = { ...input, staff: [...withStaff(p1), p2] };

    const result = replan(now, booked, 'physician', '2027-01-15');
    expect(result.moved).toEqual(['physician', 'feedback']);
    expect(slotOf(visitOf(result.visits, 'physician'))).toBe('2027-01-15 10:00–11:30 P2');
    expect(slotOf(result.feedback)).toBe(`2027-01-19 08:00–09:00 P2+${booked.feedback.staffIds[1]}`);
    expect(others(result.visits, 'physician')).toEqual(others(booked.visits, 'physician'));
  });
});

describe('moveAssessmentPart (a coordinator’s chosen time)', () => {
  const shifted = (v: PlannedVisit, minutes: number, date?: LocalDate): PlannedVisit => {
    const start = date ? at(date, timeOf(v.start)) + minutes * MINUTE : v.start + minutes * MINUTE;
    return { ...v, start, end: start + (v.end - v.start) };
  };

  it('moves a visit by half an hour, over its own old time, and keeps the still valid feedback', () => {
    const input = request();
    const booked = plan(input);
    const nurse = shifted(visitOf(booked.visits, 'nurse'), 30);
    const result = moveAssessmentPart(input, input.earliestDate, booked.visits, booked.feedback, nurse);
    if (!result.feasible) throw new Error(JSON.stringify(result.reasons));
    expect(result.moved).toEqual(['nurse']);
    expect(result.feedbackMoves).toEqual([]);
    expect(visitOf(result.visits, 'nurse')).toEqual(nurse);
    expect(result.feedback).toEqual(booked.feedback);
    expect(assessmentPlanViolations(input, result.visits, result.feedback)).toEqual([]);
  });

  it('says the feedback must move, and why, when the last visit moves past it', () => {
    const input = request();
    const booked = plan(input);
    const last = booked.visits[booked.visits.length - 1];
    const later = shifted(last, 0, '2027-01-18');
    const result = moveAssessmentPart(input, input.earliestDate, booked.visits, booked.feedback, later);
    if (!result.feasible) throw new Error(JSON.stringify(result.reasons));
    expect(result.moved).toEqual([last.discipline, 'feedback']);
    expect(result.feedbackMoves).toEqual([
      expect.objectContaining({ code: 'visit.overlaps', params: expect.objectContaining({ discipline: last.discipline, date: '2027-01-18', start: '08:00', end: '09:30', otherDiscipline: 'feedback' }) }),
      expect.objectContaining({ code: 'assessment.feedback_too_early', params: expect.objectContaining({ discipline: 'feedback', earliest: '2027-01-20' }) }),
    ]);
    expect(dateOf(result.feedback.start)).toBe('2027-01-20');
    expect(assessmentPlanViolations(input, result.visits, result.feedback)).toEqual([]);
  });

  it('refuses a time that breaks the assessment’s rules, naming them', () => {
    const input = request({ maxVisitsPerDay: 1 });
    const booked = plan(input);
    const nurse = visitOf(booked.visits, 'nurse');
    const other = booked.visits.find((v) => v.discipline !== 'nurse' && dateOf(v.start) !== dateOf(nurse.start))!;
    // Onto the day of another visit: two visits that day, and (at its time) an overlap with it.
    const onto = { ...nurse, start: other.start, end: other.start + (nurse.end - nurse.start) };
    const refused = moveAssessmentPart(input, input.earliestDate, booked.visits, booked.feedback, onto);
    expect(refused.feasible).toBe(false);
    if (refused.feasible) return;
    expect(refused.reasons).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ discipline: 'nurse', code: 'visit.overlaps', params: expect.objectContaining({ discipline: other.discipline, otherDiscipline: 'nurse' }) }),
        expect.objectContaining({ discipline: 'nurse', code: 'assessment.visits_a_day', params: { count: 2, date: dateOf(other.start), max: 1 } }),
      ]),
    );
    // Outside the window, and before the earliest date asked for.
    const outside = moveAssessmentPart(input, input.earliestDate, booked.visits, booked.feedback, shifted(nurse, 0, addDays(input.earliestDate, input.windowDays)));
    expect(outside).toMatchObject({ feasible: false, reasons: [{ discipline: 'nurse', code: 'assessment.visit_outside_window', params: { first: '2027-01-11', last: '2027-02-07' } }] });
    const early = moveAssessmentPart({ ...input, earliestDate: '2027-01-13' }, input.earliestDate, booked.visits, booked.feedback, nurse);
    expect(early).toEqual({ feasible: false, reasons: [{ discipline: 'nurse', problem: 'must not be before 2027-01-13', code: 'assessment.move_too_early', params: { date: '2027-01-13' } }] });
  });

  it('moves the feedback to a chosen time only after the visits and with the assessment’s clinicians', () => {
    const input = request();
    const booked = plan(input);
    const later = shifted(booked.feedback, 60);
    const result = moveAssessmentPart(input, input.earliestDate, booked.visits, booked.feedback, later);
    expect(result).toEqual({ feasible: true, visits: booked.visits, feedback: later, moved: ['feedback'], feedbackMoves: [] });
    const last = booked.visits[booked.visits.length - 1];
    const tooSoon = { ...booked.feedback, start: last.end, end: last.end + (booked.feedback.end - booked.feedback.start) };
    const refused = moveAssessmentPart(input, input.earliestDate, booked.visits, booked.feedback, tooSoon);
    expect(refused).toMatchObject({ feasible: false, reasons: [{ discipline: 'feedback', code: 'assessment.feedback_too_early' }] });
    const stranger = moveAssessmentPart(input, input.earliestDate, booked.visits, booked.feedback, { ...later, staffIds: [later.staffIds[0], 'N2'] });
    expect(stranger).toEqual({ feasible: false, reasons: expect.arrayContaining([expect.objectContaining({ discipline: 'feedback', code: 'assessment.feedback_other_clinician' })]) });
  });
});

/**
 * What replanVisit must return, straight from the rules: the moved visit's slot (start and staff)
 * and the feedback's end, or undefined when no move exists. Mirrors the documented semantics: the
 * earliest slot of the moved visit (ties: its old staff member, then request order) with the booked
 * feedback if the checker still accepts it, else the earliest feedback; if that slot has no feedback
 * at all, the slot with the earliest feedback end, then the earliest end.
 */
function bruteReplan(input: AssessmentPlanRequest, earliestDate: LocalDate, booked: Booked, moving: Part): { moved?: string; feedbackEnd: number } | undefined {
  const { step, lastFeedbackDate, dates, hoursOn, patientFree, roomFree, works, plusWorkingDays } = naiveRules(input);
  const staffById = new Map(input.staff.map((m) => [m.id, m]));
  const fixed = booked.visits.filter((v) => v.discipline !== moving);

  /** The earliest feedback end after `visits`, not overlapping `old` and not before `from`. */
  const feedbackEnd = (visits: PlannedVisit[], old?: Interval, from = input.earliestDate): number | undefined => {
    const physician = staffById.get(visits.find((v) => v.discipline === 'physician')!.staffIds[0])!;
    const partners = visits.filter((v) => v.discipline !== 'physician').map((v) => staffById.get(v.staffIds[0])!);
    const last = visits.reduce((a, b) => (b.end > a.end ? b : a));
    const first = plusWorkingDays(dateOf(last.start), input.feedbackMinWorkingDaysAfter);
    const length = input.feedbackMinutes * MINUTE;
    for (const date of dates.filter((d) => d >= first && d >= from && d <= lastFeedbackDate && !input.closedDays.isClosed(d))) {
      for (const w of hoursOn(date, physician)) {
        for (let start = w.start; start + length <= w.end; start += step) {
          const v = { start, end: start + length };
          if (start < last.end || (old && overlaps(old, v)) || !works(physician, v, date) || !patientFree(v, date) || !roomFree(input.feedbackRoomKind, v)) continue;
          if (partners.some((m) => works(m, v, date))) return v.end;
        }
      }
    }
    return undefined;
  };
  if (moving === 'feedback') {
    const end = feedbackEnd(booked.visits, booked.feedback, earliestDate);
    return end === undefined ? undefined : { feedbackEnd: end };
  }

  const old = visitOf(booked.visits, moving);
  const length = (input.visitMinutes[moving] ?? 90) * MINUTE;
  const kind = input.roomKindByDiscipline[moving] ?? 'office';
  const preferred = input.preferredStaff?.[moving];
  const slots: PlannedVisit[] = [];
  input.staff.forEach((staff) => {
    if (staff.discipline !== moving || (preferred !== undefined && staff.id !== preferred)) return;
    for (const date of dates.slice(0, input.windowDays).filter((d) => d >= earliestDate && !input.closedDays.isClosed(d))) {
      if (fixed.filter((v) => dateOf(v.start) === date).length >= input.maxVisitsPerDay) continue;
      for (const w of hoursOn(date, staff)) {
        for (let start = w.start; start + length <= w.end; start += step) {
          const v = { start, end: start + length };
          if (works(staff, v, date) && patientFree(v, date) && roomFree(kind, v) && ![old, ...fixed].some((b) => overlaps(b, v))) {
            slots.push({ discipline: moving, staffIds: [staff.id], roomId: '', ...v });
          }
        }
      }
    }
  });
  const rank = (v: PlannedVisit) => (v.staffIds[0] === old.staffIds[0] ? -1 : input.staff.findIndex((m) => m.id === v.staffIds[0]));
  slots.sort((a, b) => a.end - b.end || rank(a) - rank(b));

  const option = (slot: PlannedVisit) => {
    // The room does not matter to the checker's feedback rules; any free one of the kind will do.
    const room = input.rooms.find((r) => r.kind === kind && !r.busy.some((b) => overlaps(b, slot)))!;
    const visits = [...fixed, { ...slot, roomId: room.id }];
    if (booked.feedback.start >= slot.end && assessmentPlanViolations(input, visits, booked.feedback).length === 0) return booked.feedback.end;
    return feedbackEnd(visits);
  };
  const describe = (slot: PlannedVisit) => `${slot.start} ${slot.staffIds[0]}`;
  if (slots.length === 0) return undefined;
  const first = option(slots[0]);
  if (first !== undefined) return { moved: describe(slots[0]), feedbackEnd: first };
  let best: { moved: string; feedbackEnd: number } | undefined;
  for (const slot of slots.slice(1)) {
    const end = option(slot);
    if (end !== undefined && (!best || end < best.feedbackEnd)) best = { moved: describe(slot), feedbackEnd: end };
  }
  return best;
}

describe('replanVisit: properties against brute force', () => {
  it('returns valid moves that change only what must move, and finds one exactly when brute force does', () => {
    const outcomes = { kept: 0, withFeedback: 0, feedback: 0, infeasible: 0 };
    fc.assert(
      fc.property(instanceArb, fc.constantFrom<Part>(...DISCIPLINES_SMALL, 'feedback'), fc.integer({ min: 0, max: 8 }), (spec, moving, offset) => {
        const input = instanceFrom(spec);
        const booked = planAssessment(input);
        fc.pre(booked.feasible);
        if (!booked.feasible) return;
        const earliestDate = addDays(input.earliestDate, offset);
        const result = replanVisit({ ...input, earliestDate }, input.earliestDate, booked.visits, booked.feedback, moving);
        const expected = bruteReplan(input, earliestDate, booked, moving);
        expect(result.feasible).toBe(expected !== undefined);
        if (!result.feasible) {
          outcomes.infeasible++;
          expect(result.reasons.length).toBeGreaterThan(0);
          return;
        }
        expect(assessmentPlanViolations(input, result.visits, result.feedback)).toEqual([]);
        for (const v of [...result.visits, result.feedback]) {
          const busy = [
            ...input.patientBusy,
            ...input.staff.filter((m) => v.staffIds.includes(m.id)).flatMap((m) => m.busy),
            ...input.rooms.filter((r) => r.id === v.roomId).flatMap((r) => r.busy),
          ];
          expect(busy.some((b) => overlaps(b, v))).toBe(false);
        }

        if (moving === 'feedback') {
          outcomes.feedback++;
          expect(result.moved).toEqual(['feedback']);
          expect(result.visits).toEqual(booked.visits);
          expect(overlaps(result.feedback, booked.feedback)).toBe(false);
          expect(dateOf(result.feedback.start) >= earliestDate).toBe(true);
        } else {
          const moved = visitOf(result.visits, moving);
          expect(others(result.visits, moving)).toEqual(others(booked.visits, moving));
          expect(overlaps(moved, visitOf(booked.visits, moving))).toBe(false);
          expect(dateOf(moved.start) >= earliestDate).toBe(true);
          expect(`${moved.start} ${moved.staffIds[0]}`).toBe(expected!.moved);
          if (result.moved.length === 1) {
            outcomes.kept++;
            expect(result.moved).toEqual([moving]);
            expect(result.feedback).toEqual(booked.feedback);
          } else {
            outcomes.withFeedback++;
            expect(result.moved).toEqual([moving, 'feedback']);
          }
        }
        expect(result.feedback.end).toBe(expected!.feedbackEnd);
      }),
      { numRuns: 50, seed: 20270118 },
    );
    // Each kind of outcome must occur for the comparison to mean something.
    expect(Object.values(outcomes).every((count) => count > 0)).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
// A realistic instance.
// ---------------------------------------------------------------------------------------------

/** 08:00 on every weekday of the five weeks from 2027-01-11, where the random calendars are filled. */
const REALISTIC_FROM = '2027-01-11';
const OPENINGS = Array.from({ length: 35 }, (_, d) => addDays(REALISTIC_FROM, d))
  .filter((date) => weekdayOf(date) <= 5)
  .map((date) => at(date, '08:00'));

/** Random blocks of 30–120 minutes filling about `share` of 08:00–16:00 on each weekday. */
function randomBusy(next: () => number, share: number): Interval[] {
  const busy: Interval[] = [];
  for (const opening of OPENINGS) {
    for (let minute = 0; minute < 480; ) {
      const length = 30 * (1 + Math.floor(next() * 4));
      if (next() < share) busy.push({ start: opening + minute * MINUTE, end: opening + Math.min(480, minute + length) * MINUTE });
      minute += length;
    }
  }
  return busy;
}

/** 40 staff (8 per discipline) about 60% booked, 12 rooms about half booked, a 4-week window. */
function realisticInstance(seed: number): AssessmentPlanRequest {
  const next = seededRandom(seed);
  const disciplines: Discipline[] = ['nurse', 'physician', 'physiotherapist', 'psychologist', 'occupational_therapist'];
  const staff = disciplines.flatMap((discipline) =>
    Array.from({ length: 8 }, (_, i) => ({
      id: `${discipline}-${i}`,
      name: `${discipline} ${i}`,
      discipline,
      workingHours: hours(WEEKDAYS),
      busy: randomBusy(next, 0.6),
      bookedMinutesByWeek: Object.fromEntries([2, 3, 4, 5, 6].map((w) => [`2027-W0${w}`, Math.floor(next() * 20) * 60])),
    })),
  );
  const rooms = Array.from({ length: 12 }, (_, i) => room(`room-${i}`, i < 8 ? 'office' : 'gym', randomBusy(next, 0.5)));
  return request({ earliestDate: REALISTIC_FROM, staff, rooms, patientBusy: randomBusy(next, 0.1) });
}

// How fast is measured in bench/assessment.bench.ts, not here: a timed test fails on a busy machine.
describe('planAssessment: a realistic unit', () => {
  it('plans 40 staff, 60% busy, 4 weeks on a 15-minute grid, keeping every rule', () => {
    for (let seed = 1; seed <= 7; seed++) {
      const input = realisticInstance(seed);
      const result = planAssessment(input);
      expect(result.feasible).toBe(true);
      if (result.feasible) expect(assessmentPlanViolations(input, result.visits, result.feedback)).toEqual([]);
    }
  });
});

describe('planAssessment: a budget', () => {
  /** A clock that moves a millisecond each time it is read: a budget of n ms allows n looks at it. */
  const ticking = () => {
    let now = 0;
    return () => now++;
  };

  it('stops in the middle of the search once its budget is spent, not only before it starts', () => {
    expect(() => planAssessment(request({ budget: new Budget(5, ticking()) }))).toThrow(BudgetExceeded);
  });

  it('plans exactly as without one while time is left', () => {
    expect(planAssessment(request({ budget: new Budget(1_000_000, ticking()) }))).toEqual(planAssessment(request()));
  });
});
