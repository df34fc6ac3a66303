import fc from 'fast-check';
import { Budget, BudgetExceeded } from '../../budget';
import { ClosedDays } from '../../time/holidays';
import { Interval } from '../../time/interval';
import { addDays, LocalDate, localDateOf, localTimeOf, localToInstant, weekdayOf } from '../../time/local-time';
import { WorkingHoursBlock } from '../../time/working-hours';
import { Discipline } from '../../vocabulary';
import { UnavailableTime } from '../../time/free-time';
import { PlannerRoom, PlannerStaff } from '../resources';
import { planIndividualProgram } from './plan';
import { ProblemCode, ProblemParams, problemAt, problemText } from '../../problem-codes';
import { IndividualPlan, IndividualPlanRequest, MixEntry, PlannedIndividualVisit } from './request';
import { individualPlanViolations } from './violations';
import { seededRandom } from '../../../../test/support/seeded-random';

const ZONE = 'Europe/Stockholm';
const WEEKDAYS = [1, 2, 3, 4, 5];

const at = (date: LocalDate, time: string): number => localToInstant(date, time, ZONE).getTime();
const dateOf = (instant: number): LocalDate => localDateOf(instant, ZONE);
const timeOf = (instant: number): string => localTimeOf(instant, ZONE);
const wholeDay = (date: LocalDate): Interval => ({ start: at(date, '00:00'), end: at(addDays(date, 1), '00:00') });
/** Every date from `first` for `count` days. */
const datesFrom = (first: LocalDate, count: number): LocalDate[] => Array.from({ length: count }, (_, i) => addDays(first, i));
/** A note or week problem as the planner answers it: the code, its parameters and their English. */
const note = <C extends ProblemCode>(code: C, params: ProblemParams<C>) => ({ code, params, text: problemText(code, params) });
/** Whole days of the given weekdays from `first` for `count` days: e.g. every Thursday of a program. */
const weekdaysBusy = (first: LocalDate, count: number, weekdays: readonly number[]): Interval[] =>
  datesFrom(first, count)
    .filter((date) => weekdays.includes(weekdayOf(date)))
    .map(wholeDay);

function hours(weekdays: readonly number[], start = '08:00', end = '16:00'): WorkingHoursBlock[] {
  return weekdays.map((weekday) => ({ weekday, start, end }));
}

function member(id: string, discipline: Discipline, extra: Partial<PlannerStaff> = {}): PlannerStaff {
  return { id, name: `${id} name`, discipline, workingHours: hours(WEEKDAYS), busy: [], ...extra };
}

function room(id: string, kind: string, busy: Interval[] = []): PlannerRoom {
  return { id, kind, busy };
}

const entry = (discipline: Discipline, perWeek: number, minutes = 60): MixEntry => ({
  discipline,
  perWeek,
  minutes,
  roomKind: discipline === 'physiotherapist' ? 'gym' : 'office',
});

/** Physiotherapist weekly, psychologist weekly, physician every other week, occupational therapist as needed. */
const MIX_3 = [entry('physiotherapist', 1), entry('psychologist', 1), entry('physician', 0.5, 45), entry('occupational_therapist', 0)];
/** Physiotherapist twice a week, psychologist and physician weekly. */
const MIX_4 = [entry('physiotherapist', 2), entry('psychologist', 1), entry('physician', 1, 45)];

function team(): PlannerStaff[] {
  return [member('T1', 'physiotherapist'), member('Y1', 'psychologist'), member('P1', 'physician'), member('A1', 'occupational_therapist')];
}

function request(extra: Partial<IndividualPlanRequest> = {}): IndividualPlanRequest {
  return {
    zone: ZONE,
    closedDays: new ClosedDays(),
    startDate: '2026-08-31', // no holidays for 8 weeks
    weeks: 8,
    visitsPerWeek: 3,
    mix: MIX_3,
    maxVisitsPerDay: 1,
    slotStepMinutes: 15,
    patientBusy: [],
    staff: team(),
    rooms: [room('O1', 'office'), room('O2', 'office'), room('G1', 'gym')],
    ...extra,
  };
}

/** Plans and checks every visit against the independent rule checker and the report's bookkeeping. */
function plan(input: IndividualPlanRequest): IndividualPlan {
  const result = planIndividualProgram(input);
  expect(individualPlanViolations(input, result.visits)).toEqual([]);
  expect(result.weeks.map((w) => w.planned)).toEqual(result.weeks.map((w) => result.visits.filter((v) => v.week === w.week).length));
  for (const week of result.weeks) {
    expect(week.planned).toBeLessThanOrEqual(week.target);
    if (week.planned < week.target) expect(week.problems.length).toBeGreaterThan(0);
    else expect(week.problems).toEqual([]);
  }
  return result;
}

const inWeek = (result: IndividualPlan, week: number): PlannedIndividualVisit[] => result.visits.filter((v) => v.week === week);
const weekdaysIn = (result: IndividualPlan, week: number): number[] => inWeek(result, week).map((v) => weekdayOf(dateOf(v.start)));
const of = (result: IndividualPlan, discipline: Discipline): PlannedIndividualVisit[] => result.visits.filter((v) => v.discipline === discipline);

/** Three calendar days in a row with visits. */
function hasThreeInARow(visits: readonly PlannedIndividualVisit[]): boolean {
  const dates = new Set(visits.map((v) => dateOf(v.start)));
  return [...dates].some((date) => dates.has(addDays(date, 1)) && dates.has(addDays(date, 2)));
}

describe('planIndividualProgram on a constrained calendar', () => {
  // Physiotherapist only Mondays and Wednesdays, psychologist busy every Thursday.
  const constrained = (): PlannerStaff[] => [
    member('T1', 'physiotherapist', { workingHours: hours([1, 3]) }),
    member('Y1', 'psychologist', { busy: weekdaysBusy('2026-04-20', 13 * 7, [4]) }),
    member('P1', 'physician'),
  ];

  it('4 visits a week over 13 weeks: every week full except the Ascension week, which names the holiday', () => {
    const result = plan(
      request({ startDate: '2026-04-20', weeks: 13, visitsPerWeek: 4, mix: MIX_4, staff: constrained(), patientUnavailable: [{ weekday: 5 }] }),
    );
    expect(result.weeks).toHaveLength(13);
    const ascension = result.weeks[3];
    expect(ascension.weekStart).toBe('2026-05-11');
    expect(ascension.planned).toBe(3);
    expect(ascension.target).toBe(4);
    expect(ascension.problems).toContainEqual({ code: 'individual.closed_day', params: { week: 4, date: '2026-05-14', reason: 'Kristi himmelsfärdsdag' }, text: 'week 4: 2026-05-14 closed: Kristi himmelsfärdsdag' });
    for (const week of result.weeks.filter((w) => w.week !== 4)) expect([week.week, week.planned]).toEqual([week.week, 4]);

    expect(of(result, 'physiotherapist').every((v) => [1, 3].includes(weekdayOf(dateOf(v.start))))).toBe(true);
    expect(of(result, 'psychologist').every((v) => weekdayOf(dateOf(v.start)) !== 4)).toBe(true);
    expect(result.visits.every((v) => weekdayOf(dateOf(v.start)) !== 5)).toBe(true);
    // The mix is kept wherever the count is: two physiotherapy visits, one each of the others.
    for (const week of result.weeks.filter((w) => w.week !== 4)) {
      expect(inWeek(result, week.week).map((v) => v.discipline).sort()).toEqual(['physician', 'physiotherapist', 'physiotherapist', 'psychologist']);
    }
  });

  it('3 visits a week over 8 weeks: every week full, no three days in a row, physician in alternate weeks', () => {
    const result = plan(request({ startDate: '2026-04-20', staff: constrained() }));
    expect(result.weeks.map((w) => w.planned)).toEqual([3, 3, 3, 3, 3, 3, 3, 3]);
    expect(result.weeks.every((w) => w.target === 3)).toBe(true);
    // Week 2 ends with första maj (Friday) and the psychologist is busy on Thursday: Monday–Wednesday is
    // the only way. Every other week avoids three days in a row, the Ascension week included.
    expect(weekdaysIn(result, 2)).toEqual([1, 2, 3]);
    for (let week = 1; week <= 8; week++) if (week !== 2) expect(hasThreeInARow(inWeek(result, week))).toBe(false);
    expect(of(result, 'physician').map((v) => v.week)).toEqual([1, 3, 5, 7]);
    expect(of(result, 'physiotherapist').every((v) => [1, 3].includes(weekdayOf(dateOf(v.start))))).toBe(true);
    // Even weeks: the physiotherapist (highest perWeek, first) takes the visit the mix leaves open.
    expect(inWeek(result, 2).filter((v) => v.discipline === 'physiotherapist')).toHaveLength(2);
    expect(result.notes).toContainEqual(note('individual.mix_topped_up', { asked: 2, weeks: '2, 4, 6, 8', discipline: 'physiotherapist', visitsPerWeek: 3 }));
    expect(result.notes).toContainEqual({ code: 'individual.as_needed', params: { discipline: 'occupational_therapist' }, text: 'occupational_therapist: as needed only, no visits planned' });
    expect(of(result, 'occupational_therapist')).toEqual([]);
  });

  it('Easter 2027 and the DST change: visits stay inside local 08:00–16:00, short weeks name the holidays', () => {
    const result = plan(
      request({
        startDate: '2027-03-15',
        weeks: 3,
        staff: team(),
        patientUnavailable: [{ weekday: 2 }, { weekday: 4 }],
      }),
    );
    expect(result.weeks.map((w) => [w.weekStart, w.planned, w.target])).toEqual([
      ['2027-03-15', 3, 3],
      ['2027-03-22', 2, 3],
      ['2027-03-29', 2, 3],
    ]);
    expect(result.weeks[1].problems).toContainEqual(note('individual.closed_day', { week: 2, date: '2027-03-26', reason: 'långfredagen' }));
    expect(result.weeks[2].problems).toContainEqual(note('individual.closed_day', { week: 3, date: '2027-03-29', reason: 'annandag påsk' }));
    const before = result.visits.filter((v) => dateOf(v.start) < '2027-03-28');
    const after = result.visits.filter((v) => dateOf(v.start) > '2027-03-28');
    expect(before.length).toBeGreaterThan(0);
    expect(after.length).toBeGreaterThan(0);
    for (const visit of result.visits) {
      expect(timeOf(visit.start) >= '08:00' && timeOf(visit.end) <= '16:00').toBe(true);
      // The same wall-clock routine on both sides of the change, though the UTC offset differs.
      expect(timeOf(visit.start)).toBe('08:00');
    }
    expect(new Date(before[0].start).getUTCHours()).toBe(7);
    expect(new Date(after[0].start).getUTCHours()).toBe(6);
  });

  it('counts the week by its own days across a DST change when staff work 08:00–16:00 on weekends too', () => {
    const staff = team().map((m) => ({ ...m, workingHours: hours([1, 2, 3, 4, 5, 6, 7]) }));
    const result = plan(request({ startDate: '2027-03-24', weeks: 2, staff, patientBusy: [] }));
    for (const visit of result.visits) expect(timeOf(visit.start) >= '08:00' && timeOf(visit.end) <= '16:00').toBe(true);
  });
});

describe('continuity', () => {
  const twoPhysios = (t1: Partial<PlannerStaff> = {}, t2: Partial<PlannerStaff> = {}): PlannerStaff[] => [
    member('T1', 'physiotherapist', t1),
    member('T2', 'physiotherapist', t2),
    ...team().slice(1),
  ];
  const rooms = [room('O1', 'office'), room('G1', 'gym'), room('G2', 'gym')];
  const weekBusy = (week: number): Interval[] => [
    { start: at(addDays('2026-08-31', 7 * (week - 1)), '00:00'), end: at(addDays('2026-08-31', 7 * week), '00:00') },
  ];

  it('gives every physiotherapy visit to one person when two are free', () => {
    const result = plan(request({ mix: MIX_4, visitsPerWeek: 4, staff: twoPhysios(), rooms }));
    expect(new Set(of(result, 'physiotherapist').map((v) => v.staffId))).toEqual(new Set(['T1']));
    expect(result.notes).toContainEqual({ code: 'individual.same_staff_throughout', params: { discipline: 'physiotherapist', staff: 'T1 name', staffId: 'T1' }, text: 'physiotherapist: T1 name throughout' });
  });

  it('keeps the preferred one throughout', () => {
    const result = plan(request({ mix: MIX_4, visitsPerWeek: 4, staff: twoPhysios(), rooms, preferredStaff: { physiotherapist: 'T2' } }));
    expect(new Set(of(result, 'physiotherapist').map((v) => v.staffId))).toEqual(new Set(['T2']));
  });

  it('switches only for the week the preferred one is absent', () => {
    const result = plan(
      request({ mix: MIX_4, visitsPerWeek: 4, staff: twoPhysios({}, { busy: weekBusy(3) }), rooms, preferredStaff: { physiotherapist: 'T2' } }),
    );
    for (const visit of of(result, 'physiotherapist')) expect([visit.week, visit.staffId]).toEqual([visit.week, visit.week === 3 ? 'T1' : 'T2']);
    expect(result.weeks.every((w) => w.planned === 4)).toBe(true);
    expect(result.notes).toContainEqual(
      note('individual.staff_except_weeks', { discipline: 'physiotherapist', staff: 'T2 name', staffId: 'T2', weeks: '3', others: 'T1 name', otherIds: 'T1' }),
    );
    expect(result.notes.map(({ text }) => text)).toContain('physiotherapist: T2 name, except week 3 with T1 name');
  });

  it('without a preference, takes the one free in the most weeks', () => {
    const staff = twoPhysios({ busy: [...weekBusy(2), ...weekBusy(5)] }, { busy: weekBusy(7) });
    const result = plan(request({ mix: MIX_4, visitsPerWeek: 4, staff, rooms }));
    for (const visit of of(result, 'physiotherapist')) expect([visit.week, visit.staffId]).toEqual([visit.week, visit.week === 7 ? 'T1' : 'T2']);
  });

  it('stays with the main person when only one of their days is free and a colleague has others', () => {
    // T1 works Monday and Wednesday only, T2 every day: both physio visits go to T1 (Mon, Wed).
    const staff = twoPhysios({ workingHours: hours([1, 3]) });
    const result = plan(request({ weeks: 2, mix: MIX_4, visitsPerWeek: 4, staff, rooms, preferredStaff: { physiotherapist: 'T1' } }));
    expect(of(result, 'physiotherapist').map((v) => [v.staffId, weekdayOf(dateOf(v.start))])).toEqual([
      ['T1', 1],
      ['T1', 3],
      ['T1', 1],
      ['T1', 3],
    ]);
  });
});

describe('spread and routine', () => {
  it('3 a week on a free calendar: Monday, Wednesday, Friday, not Monday–Wednesday', () => {
    const result = plan(request({ mix: [entry('physiotherapist', 2), entry('psychologist', 1)] }));
    for (let week = 1; week <= 8; week++) expect(weekdaysIn(result, week)).toEqual([1, 3, 5]);
  });

  it('4 a week on a free calendar: Monday, Tuesday, Thursday, Friday', () => {
    const result = plan(request({ mix: MIX_4, visitsPerWeek: 4, weeks: 3 }));
    for (let week = 1; week <= 3; week++) expect(weekdaysIn(result, week)).toEqual([1, 2, 4, 5]);
  });

  it('three days in a row when nothing else fits', () => {
    const result = plan(request({ weeks: 2, patientUnavailable: [{ weekday: 4 }, { weekday: 5 }] }));
    for (let week = 1; week <= 2; week++) expect(weekdaysIn(result, week)).toEqual([1, 2, 3]);
  });

  it('keeps the first week’s time of day in later weeks', () => {
    // The psychologist is busy 08:00–10:00 every day of week 1: week 1 is at 10:00, and so are the others.
    const busy = datesFrom('2026-08-31', 5).map((date) => ({ start: at(date, '08:00'), end: at(date, '10:00') }));
    const staff = [member('T1', 'physiotherapist'), member('Y1', 'psychologist', { busy }), member('P1', 'physician')];
    const result = plan(request({ weeks: 4, staff }));
    expect(of(result, 'psychologist').map((v) => timeOf(v.start))).toEqual(['10:00', '10:00', '10:00', '10:00']);
    expect(of(result, 'physiotherapist').map((v) => timeOf(v.start)).every((t) => t === '08:00')).toBe(true);
  });

  it('uses the same weekdays week after week', () => {
    const result = plan(request({ weeks: 4, mix: [entry('physiotherapist', 1), entry('psychologist', 1), entry('physician', 1, 45)] }));
    const first = inWeek(result, 1).map((v) => [v.discipline, weekdayOf(dateOf(v.start))]);
    for (let week = 2; week <= 4; week++) expect(inWeek(result, week).map((v) => [v.discipline, weekdayOf(dateOf(v.start))])).toEqual(first);
  });
});

describe('the mix', () => {
  it('puts an every-other-week physician in weeks 1, 3, 5, 7', () => {
    const result = plan(request({ visitsPerWeek: 4, mix: [entry('physiotherapist', 2), entry('psychologist', 1), entry('physician', 0.5, 45)] }));
    expect(of(result, 'physician').map((v) => v.week)).toEqual([1, 3, 5, 7]);
    expect(result.weeks.every((w) => w.planned === 4)).toBe(true);
  });

  it('lets the mix win when it asks for more than the weekly target, with a note', () => {
    const result = plan(request({ visitsPerWeek: 3, weeks: 2, mix: [...MIX_4, entry('nurse', 0.5)] }));
    expect(result.weeks.map((w) => [w.target, w.planned])).toEqual([
      [5, 5],
      [4, 4],
    ]);
    expect(result.notes).toContainEqual({
      code: 'individual.mix_over_target',
      params: { asked: 5, weeks: '1', visitsPerWeek: 3 },
      text: 'the mix asks for 5 visits in week 1, more than the 3 a week requested; the mix wins',
    });
  });

  it('fills the target with another discipline when one is absent for a week, and notes it', () => {
    const staff = [member('T1', 'physiotherapist'), member('Y1', 'psychologist', { busy: weekdaysBusy('2026-09-07', 7, WEEKDAYS) }), member('P1', 'physician')];
    const result = plan(request({ weeks: 3, visitsPerWeek: 4, mix: MIX_4, staff }));
    expect(result.weeks.map((w) => w.planned)).toEqual([4, 4, 4]);
    expect(inWeek(result, 2).filter((v) => v.discipline === 'psychologist')).toEqual([]);
    expect(result.notes).toContainEqual(note('individual.no_free_slot', { week: 2, discipline: 'psychologist', roomKind: 'office' }));
    expect(result.notes).toContainEqual({
      code: 'individual.substitutes',
      params: { week: 2, count: 1, discipline: 'physiotherapist' },
      text: 'week 2: 1 more physiotherapist in place of visits that did not fit',
    });
  });

  it('reports a discipline nobody on the staff has', () => {
    const result = plan(request({ weeks: 1, visitsPerWeek: 3, mix: [entry('physiotherapist', 1), entry('nurse', 2)] }));
    expect(result.weeks[0].planned).toBe(3);
    expect(result.notes).toContainEqual(note('individual.no_staff', { week: 1, discipline: 'nurse' }));
  });

  it('ignores (with a note) a preferred staff member who is not of that discipline', () => {
    const result = plan(request({ weeks: 1, preferredStaff: { physiotherapist: 'Y1' } }));
    expect(result.weeks[0].planned).toBe(3);
    expect(result.notes).toContainEqual({
      code: 'individual.preferred_not_on_staff',
      params: { discipline: 'physiotherapist', preferredStaffId: 'Y1' },
      text: 'physiotherapist: preferred staff member Y1 is not a physiotherapist of this site; ignored',
    });
  });

  it('reports an empty week when the mix has nothing to plan', () => {
    const result = plan(request({ weeks: 1, mix: [entry('physician', 0)] }));
    expect(result.visits).toEqual([]);
    expect(result.weeks[0].problems).toEqual([{ code: 'individual.no_planned_discipline', params: {}, text: 'no discipline in the mix has planned visits (perWeek > 0)' }]);
  });

  it('refuses nonsensical settings', () => {
    const twice = () => planIndividualProgram(request({ mix: [entry('physician', 1), entry('physician', 1)] }));
    expect(twice).toThrow(expect.objectContaining({ code: 'plan.discipline_twice', params: { discipline: 'physician' }, message: 'physician is in the mix twice' }));
    expect(() => planIndividualProgram(request({ weeks: 0 }))).toThrow(expect.objectContaining({ code: 'plan.not_positive_integer', params: { setting: 'weeks', value: 0 } }));
    expect(() => planIndividualProgram(request({ slotStepMinutes: 0 }))).toThrow(expect.objectContaining({ code: 'plan.not_positive', params: { setting: 'slotStepMinutes', value: 0 } }));
    expect(() => planIndividualProgram(request({ zone: 'Mars/Olympus' }))).toThrow(expect.objectContaining({ code: 'plan.unknown_zone', params: { zone: 'Mars/Olympus' } }));
  });
});

describe('two visits a day', () => {
  it('packs visits without overlap when the patient can only come two days a week', () => {
    const result = plan(request({ weeks: 3, visitsPerWeek: 4, mix: MIX_4, maxVisitsPerDay: 2, patientUnavailable: [{ weekday: 2 }, { weekday: 4 }, { weekday: 5 }, { weekday: 3 }] }));
    // Only Mondays are left: two visits each.
    expect(result.weeks.map((w) => w.planned)).toEqual([2, 2, 2]);
    expect(result.weeks[0].problems).toEqual([
      note('individual.free_days_taken', { week: 1, discipline: 'physiotherapist', planned: 1, asked: 2, dates: '2026-08-31', max: 2 }),
      note('individual.free_days_taken', { week: 1, discipline: 'psychologist', planned: 0, asked: 1, dates: '2026-08-31', max: 2 }),
    ]);
  });
});

describe('individualPlanViolations', () => {
  const base = request({ weeks: 2 });
  const good = planIndividualProgram(base).visits;
  const moved = (change: Partial<PlannedIndividualVisit>): PlannedIndividualVisit[] => [{ ...good[0], ...change }, ...good.slice(1)];
  const shift = (visit: PlannedIndividualVisit, ms: number): Partial<PlannedIndividualVisit> => ({ start: visit.start + ms, end: visit.end + ms });

  it('accepts the plan and flags each broken rule, naming the visit by its discipline, week, date and times', () => {
    expect(individualPlanViolations(base, good)).toEqual([]);
    const v = good[0];
    const hour = 3_600_000;
    const codes = (visits: readonly PlannedIndividualVisit[], changed: Partial<IndividualPlanRequest> = {}) => individualPlanViolations({ ...base, ...changed }, visits).map((problem) => problem.code);
    const early = { ...v, ...shift(v, -2 * hour) };
    const named = { discipline: v.discipline, week: v.week, date: dateOf(early.start), start: timeOf(early.start), end: timeOf(early.end) };
    const staff = base.staff.find((member) => member.id === v.staffId)!.name;
    expect(individualPlanViolations(base, [early, ...good.slice(1)])).toContainEqual(problemAt('visits', 'booking.staff_not_working', { ...named, staff }));
    expect(codes(moved(shift(v, 5 * 60_000)))).toContain('visit.off_grid');
    expect(codes(moved({ roomId: 'O1' }))).toContain('visit.room_kind');
    expect(individualPlanViolations(base, moved({ week: 2 }))).toContainEqual(expect.objectContaining({ code: 'individual.not_in_week', params: expect.objectContaining({ week: 2 }) }));
    const beyond = individualPlanViolations(base, moved({ week: 3 })).find((problem) => problem.code === 'individual.week_out_of_range')!;
    expect(beyond.problem).toMatch(/: week must be 1–2, not 3$/);
    expect(individualPlanViolations(base, moved({ staffId: 'Y1' }))).toContainEqual(expect.objectContaining({ code: 'visit.wrong_discipline', params: expect.objectContaining({ staff: 'Y1 name', discipline: v.discipline }) }));
    expect(codes(moved(shift(v, good[1].start - v.start)))).toContain('visit.overlaps');
    const sameDay = moved({ ...shift(v, good[1].start - v.start + 2 * hour) });
    expect(individualPlanViolations(base, sameDay)).toContainEqual(problemAt('visits', 'individual.visits_a_day', { count: 2, date: dateOf(good[1].start), max: 1 }));
    expect(codes(good, { patientBusy: [{ start: v.start, end: v.end }] })).toEqual(['visit.patient_busy']);
    const unavailable: UnavailableTime[] = [{ weekday: weekdayOf(dateOf(v.start)) }];
    expect(codes(good, { patientUnavailable: unavailable })).toContain('visit.patient_unavailable');
    const closed = new ClosedDays(new Map([[dateOf(v.start), 'Personaldag']]));
    expect(individualPlanViolations({ ...base, closedDays: closed }, good)).toContainEqual(expect.objectContaining({ code: 'booking.site_closed', params: expect.objectContaining({ reason: 'Personaldag' }) }));
  });
});

// ---------------------------------------------------------------------------------------------
// Random calendars.
// ---------------------------------------------------------------------------------------------

const eights = new Map<LocalDate, number>();
const eightOf = (date: LocalDate): number => eights.get(date) ?? eights.set(date, at(date, '08:00')).get(date)!;

/** Busy time of one working day: half-hour units from 08:00 to 16:00, each busy with probability `share`, merged. */
function busyDay(rand: () => number, date: LocalDate, share: number): Interval[] {
  const busy: Interval[] = [];
  const eight = eightOf(date); // no DST change between 08:00 and 16:00
  for (let unit = 0; unit < 16; unit++) {
    if (rand() >= share) continue;
    const start = eight + unit * 30 * 60_000;
    const end = start + 30 * 60_000;
    const last = busy[busy.length - 1];
    if (last && last.end === start) last.end = end;
    else busy.push({ start, end });
  }
  return busy;
}

/** Expected count of the mix for week k: every-other-week entries in odd weeks. */
function mixCount(mix: readonly MixEntry[], week: number): number {
  return mix.reduce((sum, e) => sum + Math.floor(e.perWeek) + (e.perWeek % 1 > 0 && week % 2 === 1 ? 1 : 0), 0);
}

function smallRandomRequest(seed: number): IndividualPlanRequest {
  const rand = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)];
  const startDate = addDays('2026-03-02', Math.floor(rand() * 300));
  const weeks = 1 + Math.floor(rand() * 4);
  const days = datesFrom(startDate, weeks * 7);
  const disciplines: Discipline[] = ['physiotherapist', 'psychologist', 'physician', 'occupational_therapist'];
  const mix = disciplines.filter(() => rand() < 0.8).map((d) => entry(d, pick([0, 0.5, 1, 1, 2]), pick([45, 60, 90])));
  const staff: PlannerStaff[] = [];
  for (const discipline of disciplines) {
    const count = Math.floor(rand() * 3);
    for (let i = 0; i < count; i++) {
      const weekdays = [1, 2, 3, 4, 5, 6].filter(() => rand() < 0.7);
      const [start, end] = pick([
        ['08:00', '16:00'],
        ['09:00', '15:30'],
        ['07:45', '12:10'],
      ]);
      const busy = days.filter((date) => weekdays.includes(weekdayOf(date))).flatMap((date) => busyDay(rand, date, rand() * 0.8));
      staff.push(member(`${discipline}-${i}`, discipline, { workingHours: hours(weekdays, start, end), busy }));
    }
  }
  const rooms = [room('O1', 'office', days.flatMap((date) => busyDay(rand, date, 0.3))), room('G1', 'gym', days.flatMap((date) => busyDay(rand, date, 0.3)))];
  if (rand() < 0.5) rooms.push(room('O2', 'office'));
  const closures = new Map(days.filter(() => rand() < 0.05).map((date) => [date, 'Personaldag'] as [LocalDate, string]));
  const patientUnavailable: UnavailableTime[] = [];
  if (rand() < 0.4) patientUnavailable.push({ weekday: 1 + Math.floor(rand() * 5) });
  if (rand() < 0.3) patientUnavailable.push({ start: '12:00', end: '13:00' });
  if (rand() < 0.2) patientUnavailable.push({ weekday: 3, start: '13:00' });
  return {
    zone: ZONE,
    closedDays: new ClosedDays(closures),
    startDate,
    weeks,
    visitsPerWeek: pick([3, 4]),
    mix,
    maxVisitsPerDay: pick([1, 1, 2]),
    slotStepMinutes: pick([15, 30]),
    patientBusy: days.filter(() => rand() < 0.2).flatMap((date) => busyDay(rand, date, 0.3)),
    patientUnavailable,
    preferredStaff: rand() < 0.3 && staff.length > 0 ? { [staff[0].discipline]: staff[0].id } : undefined,
    staff,
    rooms,
  };
}

describe('properties on small random calendars', () => {
  it('every visit obeys the rules; short weeks say why; no week exceeds its target', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const input = smallRandomRequest(seed);
        const result = planIndividualProgram(input);
        expect(individualPlanViolations(input, result.visits)).toEqual([]);
        expect(result.weeks).toHaveLength(input.weeks);
        for (const week of result.weeks) {
          const visits = inWeek(result, week.week);
          expect(week.planned).toBe(visits.length);
          expect(week.weekStart).toBe(addDays(input.startDate, 7 * (week.week - 1)));
          expect(week.target).toBe(Math.max(input.visitsPerWeek, mixCount(input.mix, week.week)));
          expect(week.planned).toBeLessThanOrEqual(week.target);
          if (week.planned < week.target) expect(week.problems.length).toBeGreaterThan(0);
          expect(visits.every((v) => input.mix.some((e) => e.discipline === v.discipline && e.perWeek > 0))).toBe(true);
        }
      }),
      { numRuns: 80, seed: 20260514 },
    );
  });

  it('is deterministic', () => {
    const input = smallRandomRequest(42);
    expect(planIndividualProgram(input)).toEqual(planIndividualProgram(input));
  });
});

// ---------------------------------------------------------------------------------------------
// Speed guard (the real measurement is a benchmark elsewhere).
// ---------------------------------------------------------------------------------------------

/** A site of 40 staff (8 per discipline) and 12 rooms with 60 % of their time booked, 13 weeks. */
function busySite(seed: number): IndividualPlanRequest {
  const rand = seededRandom(seed);
  const startDate = '2027-01-04';
  const days = datesFrom(startDate, 13 * 7).filter((date) => weekdayOf(date) <= 5);
  const disciplines: Discipline[] = ['nurse', 'physician', 'physiotherapist', 'psychologist', 'occupational_therapist'];
  const staff = disciplines.flatMap((discipline) =>
    Array.from({ length: 8 }, (_, i) =>
      member(`${discipline}-${i}`, discipline, { busy: days.flatMap((date) => busyDay(rand, date, 0.6)) }),
    ),
  );
  const rooms = Array.from({ length: 12 }, (_, i) =>
    room(`R${i}`, i < 8 ? 'office' : 'gym', days.flatMap((date) => busyDay(rand, date, 0.6))),
  );
  return request({
    startDate,
    weeks: 13,
    visitsPerWeek: 4,
    mix: [entry('physiotherapist', 2), entry('psychologist', 1), entry('physician', 0.5, 45), entry('occupational_therapist', 0)],
    staff,
    rooms,
    patientBusy: days.filter(() => rand() < 0.1).flatMap((date) => busyDay(rand, date, 0.3)),
  });
}

// How fast is measured in bench/programs.bench.ts, not here: a timed test fails on a busy machine.
describe('a realistic site', () => {
  it('plans 13 weeks × 4 visits on a 40-staff site with 60 % busy calendars, every week full and every rule kept', () => {
    for (const seed of [1, 2]) {
      const input = busySite(seed);
      const result = planIndividualProgram(input);
      expect(individualPlanViolations(input, result.visits)).toEqual([]);
      expect(result.weeks.map((w) => w.planned)).toEqual(result.weeks.map((w) => w.target));
    }
  });
});

describe('planIndividualProgram: a budget', () => {
  /** A clock that moves a millisecond each time it is read: a budget of n ms allows n looks at it. */
  const ticking = () => {
    let now = 0;
    return () => now++;
  };

  it('stops in the middle of the weeks once its budget is spent, not only before it starts', () => {
    expect(() => planIndividualProgram(request({ budget: new Budget(20, ticking()) }))).toThrow(BudgetExceeded);
  });

  it('plans exactly as without one while time is left', () => {
    expect(planIndividualProgram(request({ budget: new Budget(1_000_000, ticking()) }))).toEqual(planIndividualProgram(request()));
  });
});
