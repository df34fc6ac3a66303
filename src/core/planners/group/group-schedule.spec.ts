import fc from 'fast-check';
import { Budget, BudgetExceeded } from '../../budget';
import { ClosedDays } from '../../time/holidays';
import { contains, Interval, overlaps } from '../../time/interval';
import { addDays, daysBetween, LocalDate, localTimeOf, localToInstant, weekdayOf } from '../../time/local-time';
import { workingIntervals } from '../../time/working-hours';
import { Discipline } from '../../vocabulary';
import {
  assignLeaders,
  CONTENT_MODULES,
  ContentModule,
  defaultSessionPlan,
  GroupProgramDefinition,
  LeaderCandidate,
  redateSessions,
  RoomCalendar,
  scheduleSessions,
  ScheduledSession,
  sessionMoveViolations,
} from './group-schedule';

const ZONE = 'Europe/Stockholm';

function program(overrides: Partial<GroupProgramDefinition> & { startDate: LocalDate }): GroupProgramDefinition {
  const weeks = overrides.weeks ?? 8;
  const weekdays = overrides.weekdays ?? [2, 4];
  return {
    zone: ZONE,
    closedDays: new ClosedDays(),
    startTime: '09:00',
    durationMinutes: 90,
    sessionPlan: defaultSessionPlan(weeks * weekdays.length),
    makeUpPolicy: 'after_last_session',
    ...overrides,
  };
}

function dates(sessions: readonly ScheduledSession[]): LocalDate[] {
  return sessions.map((s) => s.date);
}

function isoMonday(date: LocalDate): LocalDate {
  return addDays(date, 1 - weekdayOf(date));
}

describe('scheduleSessions', () => {
  describe('keeps the local start time across daylight-saving changes', () => {
    it.each([
      ['2026-03-17', '09:00', 8, 7], // spring change 2026-03-29: UTC+1 before, UTC+2 after
      ['2026-03-17', '13:00', 12, 11],
      ['2026-10-13', '09:00', 7, 8], // autumn change 2026-10-25: UTC+2 before, UTC+1 after
      ['2026-10-13', '13:00', 11, 12],
    ])('from %s at %s', (startDate, startTime, firstUtcHour, lastUtcHour) => {
      const { sessions, skipped } = scheduleSessions(program({ startDate, startTime }));
      expect(skipped).toEqual([]);
      expect(sessions).toHaveLength(16);
      for (const session of sessions) {
        expect(localTimeOf(session.start, ZONE)).toBe(startTime);
        expect(localTimeOf(session.end, ZONE)).toBe(localTimeOf(session.start + 90 * 60_000, ZONE));
        expect([2, 4]).toContain(weekdayOf(session.date));
      }
      // The change really happened in between: same wall time, another UTC hour.
      expect(new Date(sessions[0].start).getUTCHours()).toBe(firstUtcHour);
      expect(new Date(sessions[15].start).getUTCHours()).toBe(lastUtcHour);
    });
  });

  describe('skips holidays and makes them up', () => {
    it.each([
      // Ascension Day, a Thursday, in two years: Tue/Thu programs
      { startDate: '2026-04-28', weekdays: [2, 4], holiday: '2026-05-14', name: 'Kristi himmelsfärdsdag', afterLast: '2026-06-23', sameWeek: '2026-05-15' },
      { startDate: '2027-04-20', weekdays: [2, 4], holiday: '2027-05-06', name: 'Kristi himmelsfärdsdag', afterLast: '2027-06-15', sameWeek: '2027-05-07' },
      // Epiphany, a Tuesday and the first day of the program: the Monday before it is not a candidate
      { startDate: '2026-01-06', weekdays: [2, 4], holiday: '2026-01-06', name: 'trettondedag jul', afterLast: '2026-03-03', sameWeek: '2026-01-07' },
      // Easter Monday in a Mon/Wed program
      { startDate: '2027-03-15', weekdays: [1, 3], holiday: '2027-03-29', name: 'annandag påsk', afterLast: '2027-05-10', sameWeek: '2027-03-30' },
    ])('$name $holiday', ({ startDate, weekdays, holiday, name, afterLast, sameWeek }) => {
      const plan = defaultSessionPlan(16);

      const after = scheduleSessions(program({ startDate, weekdays, sessionPlan: plan }));
      expect(after.skipped).toEqual([{ date: holiday, reason: name }]);
      expect(after.sessions).toHaveLength(16);
      expect(dates(after.sessions)).not.toContain(holiday);
      const lastRegular = after.sessions[14];
      expect(after.sessions[15]).toMatchObject({ number: 16, date: afterLast, makeUp: true, replacesDate: holiday, modules: plan[15] });
      expect(afterLast > lastRegular.date).toBe(true);
      expect(after.sessions.filter((s) => s.makeUp)).toHaveLength(1);

      const same = scheduleSessions(program({ startDate, weekdays, sessionPlan: plan, makeUpPolicy: 'same_week' }));
      expect(same.skipped).toEqual([{ date: holiday, reason: name }]);
      expect(same.sessions).toHaveLength(16);
      const makeUp = same.sessions.find((s) => s.makeUp)!;
      expect(makeUp).toMatchObject({ date: sameWeek, replacesDate: holiday });
      expect(isoMonday(makeUp.date)).toBe(isoMonday(holiday));
      expect(weekdays).not.toContain(weekdayOf(makeUp.date));
      expect(makeUp.modules).toEqual(plan[makeUp.number - 1]);
    });

    it('skips a site closure with its reason', () => {
      const closedDays = new ClosedDays(new Map([['2026-09-15', 'personaldag']]));
      const { sessions, skipped } = scheduleSessions(program({ startDate: '2026-09-01', closedDays }));
      expect(skipped).toEqual([{ date: '2026-09-15', reason: 'personaldag' }]);
      expect(sessions).toHaveLength(16);
      expect(dates(sessions)).not.toContain('2026-09-15');
    });

    it('never puts a make-up on a closed day', () => {
      // Thu 2026-03-19 … Tue 2026-05-12; the next Thursday is Ascension Day, so the make-up waits until Tuesday.
      const closedDays = new ClosedDays(new Map([['2026-04-14', 'utbildningsdag']]));
      const { sessions, skipped } = scheduleSessions(program({ startDate: '2026-03-19', closedDays }));
      expect(skipped).toEqual([{ date: '2026-04-14', reason: 'utbildningsdag' }]);
      expect(sessions[14].date).toBe('2026-05-12');
      expect(sessions[15]).toMatchObject({ date: '2026-05-19', makeUp: true, replacesDate: '2026-04-14' });
    });

    it('falls back to after the last session when the week has no open day left', () => {
      const closedDays = new ClosedDays(
        new Map([
          ['2026-04-13', 'stängt'],
          ['2026-04-14', 'utbildningsdag'],
          ['2026-04-15', 'stängt'],
          ['2026-04-17', 'stängt'],
        ]),
      );
      const { sessions } = scheduleSessions(program({ startDate: '2026-03-19', closedDays, makeUpPolicy: 'same_week' }));
      expect(sessions).toHaveLength(16);
      expect(sessions[15]).toMatchObject({ date: '2026-05-19', makeUp: true, replacesDate: '2026-04-14' });
    });

    it('makes up two closed days of one week on the two other open workdays', () => {
      // Christmas 2026: Thursdays 24 and 31 are closed, and so are the Fridays after them; the
      // nearest open days the group does not usually meet are the Wednesdays before.
      const { sessions, skipped } = scheduleSessions(program({ startDate: '2026-12-01', makeUpPolicy: 'same_week' }));
      expect(skipped).toEqual([
        { date: '2026-12-24', reason: 'julafton' },
        { date: '2026-12-31', reason: 'nyårsafton' },
      ]);
      expect(sessions.filter((s) => s.makeUp).map((s) => [s.date, s.replacesDate])).toEqual([
        ['2026-12-23', '2026-12-24'],
        ['2026-12-30', '2026-12-31'],
      ]);
      expect(sessions).toHaveLength(16);
    });
  });

  it('refuses a plan whose length does not match the program', () => {
    expect(() => scheduleSessions(program({ startDate: '2026-09-01', sessionPlan: defaultSessionPlan(15) }))).toThrow(
      expect.objectContaining({ code: 'plan.session_plan_length', params: { count: 15, expected: 16 } }),
    );
  });
});

describe('sessionMoveViolations', () => {
  const { sessions } = scheduleSessions(program({ startDate: '2027-03-02', weeks: 2 }));
  const hour = 3_600_000;
  const to = (date: LocalDate, time: string) => {
    const start = localToInstant(date, time, ZONE).getTime();
    return { start, end: start + 90 * 60_000 };
  };

  it('lets a session move within its place in the order, also by an hour on its own day', () => {
    expect(sessions.map((s) => s.date)).toEqual(['2027-03-02', '2027-03-04', '2027-03-09', '2027-03-11']);
    expect(sessionMoveViolations(ZONE, sessions, 2, { start: sessions[1].start + hour, end: sessions[1].end + hour })).toEqual([]);
    expect(sessionMoveViolations(ZONE, sessions, 2, to('2027-03-05', '13:00'))).toEqual([]);
  });

  it('keeps the order of the sessions and one session a day', () => {
    expect(sessionMoveViolations(ZONE, sessions, 2, to('2027-03-02', '13:00'))[0]).toMatchObject({ code: 'group.same_day', params: { session: 1, date: '2027-03-02' } });
    expect(sessionMoveViolations(ZONE, sessions, 2, to('2027-03-02', '13:00')).map((p) => p.problem)).toEqual(['session 1 is on 2027-03-02 already: the group meets once a day']);
    expect(sessionMoveViolations(ZONE, sessions, 2, to('2027-03-01', '09:00')).map((p) => p.problem)).toEqual(['must come after session 1, which ends 2027-03-02 10:30']);
    expect(sessionMoveViolations(ZONE, sessions, 2, to('2027-03-10', '09:00')).map((p) => p.problem)).toEqual(['must come before session 3, which starts 2027-03-09 09:00']);
    // The first and last sessions have a neighbour on one side only.
    expect(sessionMoveViolations(ZONE, sessions, 1, to('2027-02-23', '09:00'))).toEqual([]);
    expect(sessionMoveViolations(ZONE, sessions, 4, to('2027-03-18', '09:00'))).toEqual([]);
  });
});

describe('redateSessions', () => {
  const change = { zone: ZONE, closedDays: new ClosedDays(), fromDate: '2027-04-27', weekdays: [1, 3], startTime: '13:00', durationMinutes: 60 };
  const rest = [
    { number: 5, makeUp: false, modules: ['act'] as ContentModule[] },
    { number: 6, makeUp: false, modules: ['dosed_training'] as ContentModule[] },
    { number: 7, makeUp: true, replacesDate: '2027-05-06', modules: ['cbt_exercises'] as ContentModule[] },
  ];

  it('puts the sessions in order on the new weekdays from the given date, at the new local time, keeping their content', () => {
    const { sessions, skipped } = redateSessions(change, rest);
    expect(skipped).toEqual([]);
    expect(sessions.map((s) => [s.number, s.date, localTimeOf(s.start, ZONE), (s.end - s.start) / 60_000, s.modules[0]])).toEqual([
      [5, '2027-04-28', '13:00', 60, 'act'],
      [6, '2027-05-03', '13:00', 60, 'dosed_training'],
      [7, '2027-05-05', '13:00', 60, 'cbt_exercises'],
    ]);
    expect(sessions[2]).toMatchObject({ makeUp: true, replacesDate: '2027-05-06' });
  });

  it('passes over closed days, reporting them, and loses no session', () => {
    const closedDays = new ClosedDays(new Map([['2027-05-03', 'stängt']]));
    const { sessions, skipped } = redateSessions({ ...change, closedDays }, rest);
    expect(skipped).toEqual([{ date: '2027-05-03', reason: 'stängt' }]);
    expect(sessions.map((s) => s.date)).toEqual(['2027-04-28', '2027-05-05', '2027-05-10']);
  });

  it('keeps the wall time across the autumn change and gives up on a site closed for years', () => {
    const autumn = redateSessions({ ...change, fromDate: '2027-10-25', weekdays: [1] }, rest);
    expect(autumn.sessions.map((s) => localTimeOf(s.start, ZONE))).toEqual(['13:00', '13:00', '13:00']);
    const closed = new ClosedDays(new Map(Array.from({ length: 4000 }, (_, i) => [addDays('2027-04-27', i), 'stängt'] as [string, string])));
    expect(() => redateSessions({ ...change, closedDays: closed }, rest)).toThrow(
      expect.objectContaining({ code: 'plan.no_open_session_day', params: { session: rest[0].number, days: 3660, date: change.fromDate } }),
    );
  });
});

describe('defaultSessionPlan', () => {
  it('gives every session one or two modules and covers all six', () => {
    const plan = defaultSessionPlan(16);
    expect(plan).toHaveLength(16);
    for (const modules of plan) expect(modules.length).toBeGreaterThanOrEqual(1);
    for (const modules of plan) expect(modules.length).toBeLessThanOrEqual(2);
    expect(new Set(plan.flat())).toEqual(new Set(CONTENT_MODULES));
  });
});

const weekdays8to16 = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '08:00', end: '16:00' }));

function staff(id: string, discipline: Discipline, extra: Partial<LeaderCandidate> = {}): LeaderCandidate {
  return { id, name: id, discipline, workingHours: weekdays8to16, busy: [], absences: [], ...extra };
}

function wholeDay(date: LocalDate): Interval {
  return { start: localToInstant(date, '00:00', ZONE).getTime(), end: localToInstant(addDays(date, 1), '00:00', ZONE).getTime() };
}

const freeRoom: RoomCalendar = { id: 'gym', busy: [] };

/** Tue/Thu for two weeks from 2026-09-01: sessions on 09-01, 09-03, 09-08, 09-10. */
function fourSessions(sessionPlan: ContentModule[][]): ScheduledSession[] {
  return scheduleSessions(program({ startDate: '2026-09-01', weeks: 2, sessionPlan })).sessions;
}

function leadersOf(assignments: ReturnType<typeof assignLeaders>['assignments'], module: ContentModule): (string | undefined)[] {
  return assignments.map((a) => a.leaders.find((l) => l.module === module)?.staffId);
}

describe('assignLeaders', () => {
  const ptA = staff('pt-a', 'physiotherapist');
  const ptB = staff('pt-b', 'physiotherapist');

  it('spreads sessions over two free physiotherapists', () => {
    const sessions = fourSessions([['basal_body_awareness'], ['dosed_training'], ['basal_body_awareness'], ['dosed_training']]);
    const { assignments, conflicts } = assignLeaders(sessions, [ptA, ptB], freeRoom, ZONE);
    expect(conflicts.map(({ code, params, ...conflict }) => conflict)).toEqual([]);
    expect(assignments.map((a) => a.leaders[0].staffId)).toEqual(['pt-a', 'pt-b', 'pt-a', 'pt-b']);
  });

  it('spreads two modules of one session over two people, but lets one person lead both when alone', () => {
    const sessions = fourSessions(Array.from({ length: 4 }, () => ['basal_body_awareness', 'dosed_training'] as ContentModule[]));
    const both = assignLeaders(sessions, [ptA, ptB], freeRoom, ZONE);
    expect(leadersOf(both.assignments, 'basal_body_awareness')).toEqual(['pt-a', 'pt-a', 'pt-a', 'pt-a']);
    expect(leadersOf(both.assignments, 'dosed_training')).toEqual(['pt-b', 'pt-b', 'pt-b', 'pt-b']);

    const alone = assignLeaders(sessions, [ptA], freeRoom, ZONE);
    expect(alone.conflicts).toEqual([]);
    expect(alone.assignments[0].leaders).toEqual([
      { module: 'basal_body_awareness', staffId: 'pt-a' },
      { module: 'dosed_training', staffId: 'pt-a' },
    ]);
  });

  it('prefers continuity over an even spread, and the less busy person on a tie', () => {
    const sessions = fourSessions(Array.from({ length: 4 }, () => ['basal_body_awareness'] as ContentModule[]));
    const busyA = staff('pt-a', 'physiotherapist', { busy: [{ start: sessions[0].end, end: sessions[0].end + 3 * 3_600_000 }] });
    const { assignments } = assignLeaders(sessions, [busyA, ptB], freeRoom, ZONE);
    // pt-b had fewer busy minutes that week, and then keeps the group.
    expect(leadersOf(assignments, 'basal_body_awareness')).toEqual(['pt-b', 'pt-b', 'pt-b', 'pt-b']);

    // pt-a is away for the second session: pt-b stands in, and pt-a takes the group back on return.
    const awayA = staff('pt-a', 'physiotherapist', { absences: [{ ...wholeDay('2026-09-03'), reason: 'VAB' }] });
    const substituted = assignLeaders(sessions, [awayA, ptB], freeRoom, ZONE);
    expect(substituted.conflicts).toEqual([]);
    expect(leadersOf(substituted.assignments, 'basal_body_awareness')).toEqual(['pt-a', 'pt-b', 'pt-a', 'pt-a']);
  });

  it('keeps one stand-in for a whole absence of the regular leader, who then returns', () => {
    const sessions = fourSessions(Array.from({ length: 4 }, () => ['basal_body_awareness'] as ContentModule[]));
    const ptC = staff('pt-c', 'physiotherapist');
    // pt-a is away 09-03 to 09-08; pt-b is busy 09-08, so pt-c stands in then and pt-a is back 09-10.
    const awayA = staff('pt-a', 'physiotherapist', { absences: [{ start: wholeDay('2026-09-03').start, end: wholeDay('2026-09-08').end, reason: 'sjuk' }] });
    const busyB = staff('pt-b', 'physiotherapist', { busy: [{ start: sessions[2].start, end: sessions[2].end }] });
    const { assignments } = assignLeaders(sessions, [awayA, busyB, ptC], freeRoom, ZONE);
    expect(leadersOf(assignments, 'basal_body_awareness')).toEqual(['pt-a', 'pt-b', 'pt-c', 'pt-a']);
    const { assignments: covered } = assignLeaders(sessions, [awayA, ptB, ptC], freeRoom, ZONE);
    expect(leadersOf(covered, 'basal_body_awareness')).toEqual(['pt-a', 'pt-b', 'pt-b', 'pt-a']);
  });

  it('reports a fixed leader who is absent, not working or busy, and keeps them on the session', () => {
    const sessions = fourSessions([['act'], ['act'], ['act'], ['act']]);
    const psy = staff('psy-1', 'psychologist', {
      absences: [{ ...wholeDay('2026-09-01'), reason: 'semester' }],
      busy: [{ start: sessions[2].start - 30 * 60_000, end: sessions[2].start + 30 * 60_000 }],
      workingHours: weekdays8to16.filter((block) => block.weekday !== 4),
    });
    const other = staff('psy-2', 'psychologist');
    const { assignments, conflicts } = assignLeaders(sessions, [other, psy], freeRoom, ZONE, { all: { act: 'psy-1' } });
    expect(leadersOf(assignments, 'act')).toEqual(['psy-1', 'psy-1', 'psy-1', 'psy-1']);
    expect(conflicts.map(({ code, params, ...conflict }) => conflict)).toEqual([
      { sessionNumber: 1, date: '2026-09-01', kind: 'staff_absent', staffId: 'psy-1', module: 'act', problem: 'psy-1 is absent (semester) 2026-09-01 09:00–10:30' },
      { sessionNumber: 2, date: '2026-09-03', kind: 'staff_not_working', staffId: 'psy-1', module: 'act', problem: 'psy-1 does not work 2026-09-03 09:00–10:30' },
      { sessionNumber: 3, date: '2026-09-08', kind: 'staff_busy', staffId: 'psy-1', module: 'act', problem: 'psy-1 is busy 2026-09-08 09:00–10:30' },
      { sessionNumber: 4, date: '2026-09-10', kind: 'staff_not_working', staffId: 'psy-1', module: 'act', problem: 'psy-1 does not work 2026-09-10 09:00–10:30' },
    ]);
  });

  it('lets a fixed leader for one session win over the program-wide one', () => {
    const sessions = fourSessions([['act'], ['act'], ['act'], ['act']]);
    const { assignments } = assignLeaders(sessions, [staff('psy-1', 'psychologist'), staff('psy-2', 'psychologist')], freeRoom, ZONE, {
      all: { act: 'psy-1' },
      bySession: { 3: { act: 'psy-2' } },
    });
    expect(leadersOf(assignments, 'act')).toEqual(['psy-1', 'psy-1', 'psy-2', 'psy-1']);
  });

  it('keeps a session nobody can lead, with a no_leader conflict', () => {
    const sessions = fourSessions([['act', 'dosed_training'], ['act'], ['act'], ['act']]);
    const psy = staff('psy-1', 'psychologist', { absences: [{ ...wholeDay('2026-09-01'), reason: 'sjuk' }] });
    const { assignments, conflicts } = assignLeaders(sessions, [ptA, psy], freeRoom, ZONE);
    expect(assignments).toHaveLength(4);
    expect(assignments[0]).toEqual({ sessionNumber: 1, leaders: [{ module: 'dosed_training', staffId: 'pt-a' }] });
    expect(conflicts.map(({ code, params, ...conflict }) => conflict)).toEqual([
      { sessionNumber: 1, date: '2026-09-01', kind: 'no_leader', module: 'act', problem: 'no psychologist can lead act 2026-09-01 09:00–10:30: psy-1 is absent (sjuk) 2026-09-01 09:00–10:30' },
    ]);
  });

  it('uses the program’s own discipline rules', () => {
    const sessions = fourSessions([['everyday_balance'], ['everyday_balance'], ['everyday_balance'], ['everyday_balance']]);
    const noOt = assignLeaders(sessions, [ptA], freeRoom, ZONE);
    expect(noOt.conflicts.map((c) => c.kind)).toEqual(['no_leader', 'no_leader', 'no_leader', 'no_leader']);
    expect(noOt.conflicts[0].problem).toBe('no occupational_therapist can lead everyday_balance 2026-09-01 09:00–10:30: there is none among the candidates');
    const ptAllowed = assignLeaders(sessions, [ptA], freeRoom, ZONE, {}, { everyday_balance: ['occupational_therapist', 'physiotherapist'] });
    expect(ptAllowed.conflicts).toEqual([]);
  });

  it('reports a busy room', () => {
    const sessions = fourSessions([['basal_body_awareness'], ['basal_body_awareness'], ['basal_body_awareness'], ['basal_body_awareness']]);
    const room = { id: 'gym', busy: [{ start: sessions[1].end - 60_000, end: sessions[1].end + 3_600_000 }] };
    const { assignments, conflicts } = assignLeaders(sessions, [ptA], room, ZONE);
    expect(assignments).toHaveLength(4);
    expect(conflicts.map(({ code, params, ...conflict }) => conflict)).toEqual([
      { sessionNumber: 2, date: '2026-09-03', kind: 'room_busy', roomId: 'gym', problem: 'room gym is booked 2026-09-03 09:00–10:30' },
    ]);
    // Named by its name when the room has one, its id kept beside it.
    const named = assignLeaders(sessions, [ptA], { ...room, name: 'Gymmet' }, ZONE).conflicts;
    expect(named.map(({ problem, code, params }) => ({ problem, code, params }))).toEqual([
      { problem: 'room Gymmet is booked 2026-09-03 09:00–10:30', code: 'group.room_busy', params: { room: 'Gymmet', roomId: 'gym', date: '2026-09-03', start: '09:00', end: '10:30' } },
    ]);
  });
});

describe('properties', () => {
  const FIRST = '2026-01-01';
  const HOUR_MS = 3_600_000;
  const DAY_MS = 24 * HOUR_MS;
  const LAST_START = daysBetween(FIRST, '2028-12-31');
  const disciplines: Discipline[] = ['nurse', 'physician', 'physiotherapist', 'psychologist', 'occupational_therapist'];

  /** A staff member working some weekdays, with absences and bookings on days counted from the program start. */
  const candidateArb = fc.record({
    discipline: fc.constantFrom(...disciplines),
    workdays: fc.uniqueArray(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 5 }),
    hours: fc.constantFrom(['08:00', '16:00'], ['07:00', '12:00'], ['12:00', '17:00']),
    absentDays: fc.uniqueArray(fc.integer({ min: 0, max: 80 }), { maxLength: 6 }),
    busySlots: fc.array(fc.record({ day: fc.integer({ min: 0, max: 80 }), hour: fc.integer({ min: 7, max: 16 }) }), { maxLength: 8 }),
  });

  const programArb = fc.record({
    startOffset: fc.integer({ min: 0, max: LAST_START }),
    weekdays: fc.uniqueArray(fc.integer({ min: 1, max: 5 }), { minLength: 2, maxLength: 2 }),
    weeks: fc.integer({ min: 4, max: 10 }),
    closureDays: fc.uniqueArray(fc.integer({ min: 0, max: 80 }), { maxLength: 8 }),
    startTime: fc.constantFrom('08:00', '09:00', '09:30', '13:00'),
    makeUpPolicy: fc.constantFrom('after_last_session' as const, 'same_week' as const),
    candidates: fc.array(candidateArb, { minLength: 0, maxLength: 8 }),
    roomBusyDays: fc.uniqueArray(fc.integer({ min: 0, max: 80 }), { maxLength: 4 }),
    fixBodyAwareness: fc.boolean(),
  });

  /** Collects every broken rule of one run, so a failure lists them all (and passing runs stay cheap). */
  function checker() {
    const violations: string[] = [];
    return { violations, check: (ok: boolean, what: string) => ok || violations.push(what) };
  }

  it('dates every session on an open day at the start time, and never lets a conflict pass silently', () => {
    fc.assert(
      fc.property(programArb, (input) => {
        const { violations, check } = checker();
        const startDate = addDays(FIRST, input.startOffset);
        const closedDays = new ClosedDays(new Map(input.closureDays.map((day) => [addDays(startDate, day), 'stängt'])));
        const { weekdays, weeks, startTime, makeUpPolicy } = input;
        const def = program({ startDate, weekdays, weeks, startTime, makeUpPolicy, closedDays });
        const { sessions, skipped } = scheduleSessions(def);

        check(sessions.length === def.sessionPlan.length, `${sessions.length} sessions`);
        check(new Set(dates(sessions)).size === sessions.length, 'two sessions on one date');
        check(sessions.filter((s) => s.makeUp).length === skipped.length, 'a skipped date without its make-up');
        const lastRegular = sessions.filter((s) => !s.makeUp).at(-1)?.date ?? startDate;
        sessions.forEach((session, index) => {
          const name = `session ${session.number} ${session.date}`;
          check(session.number === index + 1, `${name} out of order`);
          check(index === 0 || session.start > sessions[index - 1].start, `${name} not after the one before`);
          check(session.date >= startDate, `${name} before the start`);
          check(!closedDays.isClosed(session.date), `${name} on a closed day`);
          check(localTimeOf(session.start, ZONE) === startTime, `${name} at ${localTimeOf(session.start, ZONE)}`);
          check(session.modules.join() === def.sessionPlan[index].join(), `${name} has the wrong content`);
          if (!session.makeUp) return;
          if (makeUpPolicy === 'after_last_session') check(session.date > lastRegular, `${name} is a make-up before the end`);
          const sameWeek = isoMonday(session.date) === isoMonday(session.replacesDate!);
          if (makeUpPolicy === 'same_week') check(sameWeek || session.date > lastRegular, `${name} is a make-up in another week`);
        });
        for (const { date, reason } of skipped) check(closedDays.reason(date) === reason, `${date} skipped as ${reason}`);

        // Random calendars around the program, from about local midnight of its first day.
        const base = localToInstant(startDate, '00:00', ZONE).getTime();
        const day = (n: number): Interval => ({ start: base + n * DAY_MS, end: base + (n + 1) * DAY_MS });
        const candidates: LeaderCandidate[] = input.candidates.map((c, i) => ({
          id: `s${i}`,
          name: `Staff ${i}`,
          discipline: c.discipline,
          workingHours: c.workdays.map((weekday) => ({ weekday, start: c.hours[0], end: c.hours[1] })),
          absences: c.absentDays.map((n) => ({ ...day(n), reason: 'ledig' })),
          busy: c.busySlots.map(({ day: n, hour }) => ({ start: day(n).start + hour * HOUR_MS, end: day(n).start + hour * HOUR_MS + 45 * 60_000 })),
        }));
        const room = { id: 'room', busy: input.roomBusyDays.map(day) };
        const fixed = input.fixBodyAwareness && candidates.length > 0 ? { all: { basal_body_awareness: candidates[0].id } } : {};
        const { assignments, conflicts } = assignLeaders(sessions, candidates, room, ZONE, fixed);

        check(assignments.map((a) => a.sessionNumber).join() === sessions.map((s) => s.number).join(), 'a session without its assignment');
        for (const session of sessions) {
          const assignment = assignments.find((a) => a.sessionNumber === session.number)!;
          const reported = conflicts.filter((c) => c.sessionNumber === session.number);
          for (const module of session.modules) {
            const name = `session ${session.number} ${module}`;
            const leader = assignment.leaders.find((l) => l.module === module);
            if (!leader) {
              check(reported.some((c) => c.kind === 'no_leader' && c.module === module), `${name} has neither a leader nor a conflict`);
              continue;
            }
            const person = candidates.find((c) => c.id === leader.staffId)!;
            const free =
              workingIntervals(person.workingHours, session.date, ZONE).some((hours) => contains(hours, session)) &&
              !person.absences.some((a) => overlaps(a, session)) &&
              !person.busy.some((b) => overlaps(b, session));
            const staffConflict = reported.some((c) => 'staffId' in c && c.staffId === person.id && c.module === module);
            check(free || staffConflict, `${name}: ${person.id} cannot lead it and no conflict says so`);
          }
          // The module's regular leader (its first) leads it whenever free: a stand-in never keeps it.
          for (const module of session.modules) {
            if (fixed.all && module in fixed.all) continue;
            const first = assignments.map((a) => a.leaders.find((l) => l.module === module)).find(Boolean);
            const regular = first && candidates.find((c) => c.id === first.staffId)!;
            const led = assignment.leaders.find((l) => l.module === module);
            if (!regular || !led || led.staffId === regular.id) continue;
            const ledElsewhere = assignments.some((a) => a.sessionNumber !== session.number && a.leaders.some((l) => l.staffId === regular.id) && overlaps(sessions.find((s) => s.number === a.sessionNumber)!, session));
            const regularFree =
              workingIntervals(regular.workingHours, session.date, ZONE).some((hours) => contains(hours, session)) &&
              !regular.absences.some((a) => overlaps(a, session)) &&
              !regular.busy.some((b) => overlaps(b, session)) &&
              !ledElsewhere;
            check(!regularFree, `session ${session.number} ${module}: ${led.staffId} stands in while the regular ${regular.id} is free`);
          }
          const roomBusy = room.busy.some((b) => overlaps(b, session));
          check(reported.some((c) => c.kind === 'room_busy') === roomBusy, `session ${session.number}: room conflict ${!roomBusy}`);
        }
        expect(violations).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });
});

describe('group schedule: bounds', () => {
  it('gives up with a refusal on make-up sessions when the site is closed for years on end', () => {
    // Closed from the second session on: the make-ups would be searched for, week after week, for ever.
    const closedDays = new (class extends ClosedDays {
      override reason(date: LocalDate): string | undefined {
        return date > '2026-09-01' ? 'stängt' : undefined;
      }
    })();
    expect(() => scheduleSessions(program({ startDate: '2026-09-01', weeks: 2, sessionPlan: defaultSessionPlan(4), closedDays }))).toThrow(
      expect.objectContaining({ code: 'plan.no_open_make_up_day', params: { days: 3660, date: '2026-09-10' }, message: 'no open day for a make-up session within 3660 days after 2026-09-10' }),
    );
  });

  it('stops choosing leaders once the budget is spent', () => {
    const sessions = fourSessions([['basal_body_awareness'], ['dosed_training'], ['basal_body_awareness'], ['dosed_training']]);
    let now = 0;
    const budget = new Budget(2, () => now++);
    expect(() => assignLeaders(sessions, [staff('pt-a', 'physiotherapist')], freeRoom, ZONE, {}, {}, budget)).toThrow(BudgetExceeded);
  });
});
