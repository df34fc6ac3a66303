import { RRule } from 'rrule';
import { PlanningRefusal } from '../../planning-refusal';
import { Params, ProblemCode, problemText } from '../../problem-codes';
import { Absence, visitRuleBreaches } from '../../rules/visit-rules';
import { Budget } from '../../budget';
import { ClosedDays } from '../../time/holidays';
import { Interval, overlaps } from '../../time/interval';
import {
  addDays,
  isValidLocalDate,
  isValidTimeZone,
  LOCAL_TIME_PATTERN,
  LocalDate,
  LocalTime,
  localDateOf,
  localTimeOf,
  MAX_DAY_STEPS,
  localToInstant,
  weekdayOf,
} from '../../time/local-time';
import { Discipline } from '../../vocabulary';
import { PlannerStaff } from '../resources';

/**
 * A group program (DOMAIN.md step 6): a fixed cohort meets on fixed weekdays for a number of weeks.
 * Step 1 dates the sessions (skipping closed days and adding make-ups so the cohort gets every
 * session it was promised); step 2 gives every content module of every session a leader and reports
 * whatever stands in the way, so a planner can act on it instead of finding a session missing.
 */

export const CONTENT_MODULES = [
  'basal_body_awareness',
  'pain_physiology',
  'act',
  'dosed_training',
  'everyday_balance',
  'cbt_exercises',
] as const;
export type ContentModule = (typeof CONTENT_MODULES)[number];

/** Which disciplines may lead each module (defaults; a program can override them). */
export const DEFAULT_MODULE_LEADERS: Record<ContentModule, Discipline[]> = {
  basal_body_awareness: ['physiotherapist'],
  dosed_training: ['physiotherapist'],
  act: ['psychologist'],
  cbt_exercises: ['psychologist'],
  pain_physiology: ['physician', 'nurse'],
  everyday_balance: ['occupational_therapist'],
};

export type MakeUpPolicy = 'after_last_session' | 'same_week';

export interface GroupProgramDefinition {
  zone: string;
  closedDays: ClosedDays;
  startDate: LocalDate;
  /** Default 8. */
  weeks?: number;
  /** ISO weekdays (Monday = 1), default Tuesday and Thursday. */
  weekdays?: number[];
  /** Local wall time, `HH:mm`. */
  startTime: LocalTime;
  durationMinutes: number;
  /** sessionPlan[i] = modules of session i + 1; its length must be weeks × weekdays.length. */
  sessionPlan: ContentModule[][];
  moduleLeaders?: Partial<Record<ContentModule, Discipline[]>>;
  makeUpPolicy: MakeUpPolicy;
}

export interface ScheduledSession extends Interval {
  /** 1..N in time order. */
  number: number;
  date: LocalDate;
  makeUp: boolean;
  /** For a make-up session: the closed date it makes up for. */
  replacesDate?: LocalDate;
  modules: ContentModule[];
}

export interface SkippedDate {
  date: LocalDate;
  /** The holiday's or the site closure's name. */
  reason: string;
}

export const DEFAULT_WEEKS = 8;
export const DEFAULT_WEEKDAYS: readonly number[] = [2, 4];

const RULE_WEEKDAYS = [RRule.MO, RRule.TU, RRule.WE, RRule.TH, RRule.FR, RRule.SA, RRule.SU];
const WORKDAYS_IN_WEEK = 5;
const MINUTE_MS = 60_000;

interface DatedSession {
  date: LocalDate;
  replacesDate?: LocalDate;
}

/**
 * Step 1: the program's dated sessions, and the closed dates it skipped. Every skipped date gets a
 * make-up session, so there are always exactly sessionPlan.length sessions; content follows the
 * session number, so the cohort goes through the plan in order whatever was moved.
 */
export function scheduleSessions(def: GroupProgramDefinition): { sessions: ScheduledSession[]; skipped: SkippedDate[] } {
  const weeks = def.weeks ?? DEFAULT_WEEKS;
  const weekdays = def.weekdays ?? [...DEFAULT_WEEKDAYS];
  validateDefinition(def, weeks, weekdays);

  const regular = weeklyDates(def.startDate, weekdays, weeks * weekdays.length);
  const skipped: SkippedDate[] = [];
  const dated: DatedSession[] = [];
  for (const date of regular) {
    const reason = def.closedDays.reason(date);
    if (reason === undefined) dated.push({ date });
    else skipped.push({ date, reason });
  }
  dated.push(...makeUpSessions(def, weekdays, regular[regular.length - 1], skipped, new Set(dated.map((s) => s.date))));
  dated.sort((a, b) => a.date.localeCompare(b.date));

  const sessions = dated.map((session, index) => {
    const start = localToInstant(session.date, def.startTime, def.zone).getTime();
    return {
      number: index + 1,
      date: session.date,
      start,
      end: start + def.durationMinutes * MINUTE_MS,
      makeUp: session.replacesDate !== undefined,
      ...(session.replacesDate !== undefined && { replacesDate: session.replacesDate }),
      modules: [...def.sessionPlan[index]],
    };
  });
  return { sessions, skipped };
}

function validateDefinition(def: GroupProgramDefinition, weeks: number, weekdays: readonly number[]): void {
  validateTimes({ zone: def.zone, date: def.startDate, dateSetting: 'startDate', startTime: def.startTime, durationMinutes: def.durationMinutes, weekdays });
  if (!Number.isInteger(weeks) || weeks < 1) throw new PlanningRefusal('plan.not_positive_integer', { setting: 'weeks', value: weeks });
  const expected = weeks * weekdays.length;
  if (def.sessionPlan.length !== expected) {
    throw new PlanningRefusal('plan.session_plan_length', { count: def.sessionPlan.length, expected });
  }
}

/** What a new program and a schedule change both set: the zone, the first date, the time, the length and the weekdays. */
function validateTimes(times: { zone: string; date: LocalDate; dateSetting: string; startTime: LocalTime; durationMinutes: number; weekdays: readonly number[] }): void {
  const { zone, date, dateSetting, startTime, durationMinutes, weekdays } = times;
  if (!isValidTimeZone(zone)) throw new PlanningRefusal('plan.unknown_zone', { zone });
  if (!isValidLocalDate(date)) throw new PlanningRefusal('plan.not_a_date', { setting: dateSetting, date });
  if (!LOCAL_TIME_PATTERN.test(startTime)) throw new PlanningRefusal('plan.not_a_time', { setting: 'startTime', time: startTime });
  if (!Number.isInteger(durationMinutes) || durationMinutes < 1) {
    throw new PlanningRefusal('plan.not_positive_integer', { setting: 'durationMinutes', value: durationMinutes });
  }
  const validWeekdays = weekdays.every((d) => Number.isInteger(d) && d >= 1 && d <= 7);
  if (weekdays.length === 0 || !validWeekdays || new Set(weekdays).size !== weekdays.length) {
    throw new PlanningRefusal('plan.weekdays', { weekdays: weekdays.join(', ') });
  }
}

/** What a schedule change keeps of each session it moves: its number and content. */
export type SessionToRedate = Pick<ScheduledSession, 'number' | 'makeUp' | 'replacesDate' | 'modules'>;

export interface ScheduleChange {
  zone: string;
  closedDays: ClosedDays;
  /** The first date a moved session may take: the date of the first session changed. */
  fromDate: LocalDate;
  /** ISO weekdays (Monday = 1). */
  weekdays: readonly number[];
  startTime: LocalTime;
  durationMinutes: number;
}

/**
 * A changed schedule for the rest of a program: the sessions, in their order and with their content,
 * on the new weekdays from `fromDate` at the new time, each on the next open day; the closed days
 * passed over are reported as skipped. No session is lost, so no make-up is needed.
 */
export function redateSessions(change: ScheduleChange, sessions: readonly SessionToRedate[]): { sessions: ScheduledSession[]; skipped: SkippedDate[] } {
  validateTimes({ ...change, date: change.fromDate, dateSetting: 'fromDate' });
  const dated: ScheduledSession[] = [];
  const skipped: SkippedDate[] = [];
  for (let day = 0; dated.length < sessions.length; day++) {
    if (day > MAX_DAY_STEPS) throw new PlanningRefusal('plan.no_open_session_day', { session: sessions[dated.length].number, days: MAX_DAY_STEPS, date: change.fromDate });
    const date = addDays(change.fromDate, day);
    if (!change.weekdays.includes(weekdayOf(date))) continue;
    const reason = change.closedDays.reason(date);
    if (reason !== undefined) {
      skipped.push({ date, reason });
      continue;
    }
    const session = sessions[dated.length];
    const start = localToInstant(date, change.startTime, change.zone).getTime();
    dated.push({ ...session, modules: [...session.modules], date, start, end: start + change.durationMinutes * MINUTE_MS });
  }
  return { sessions: dated, skipped };
}

/**
 * The program's own rules for one session moved to `target` (the calendar's rules, the leaders' hours
 * and overlaps are checked by booking): the sessions keep their order, since each builds on the one
 * before, and the group meets at most once a day. `sessions` are the program's booked sessions.
 */
export function sessionMoveViolations(zone: string, sessions: readonly (Interval & { number: number })[], number: number, target: Interval): Worded[] {
  const others = [...sessions].filter((s) => s.number !== number).sort((a, b) => a.number - b.number);
  const previous = others.filter((s) => s.number < number).at(-1);
  const next = others.find((s) => s.number > number);
  const date = localDateOf(target.start, zone);
  const at = (instant: number) => `${localDateOf(instant, zone)} ${localTimeOf(instant, zone)}`;
  const problems: Worded[] = [];
  const sameDay = others.find((s) => localDateOf(s.start, zone) === date);
  if (sameDay) problems.push(coded('group.same_day', { session: sameDay.number, date }));
  if (previous && target.start < previous.end) problems.push(coded('group.after_previous', { session: previous.number, at: at(previous.end) }));
  if (next && target.end > next.start) problems.push(coded('group.before_next', { session: next.number, at: at(next.start) }));
  return problems;
}

/**
 * The rule is evaluated on floating calendar dates (local dates dressed as UTC midnight), never on
 * instants: a weekly rule over instants would drift by an hour across a daylight-saving change.
 * The wall-clock time is attached afterwards with localToInstant.
 */
function weeklyDates(startDate: LocalDate, weekdays: readonly number[], count: number): LocalDate[] {
  const rule = new RRule({
    freq: RRule.WEEKLY,
    byweekday: weekdays.map((weekday) => RULE_WEEKDAYS[weekday - 1]),
    wkst: RRule.MO,
    dtstart: asRuleDate(startDate),
    count,
  });
  return rule.all().map(fromRuleDate);
}

function asRuleDate(date: LocalDate): Date {
  return new Date(`${date}T00:00:00Z`);
}

function fromRuleDate(date: Date): LocalDate {
  return date.toISOString().slice(0, 10);
}

/** One make-up per skipped date, never on a closed date or on a date that already has a session. */
function makeUpSessions(
  def: GroupProgramDefinition,
  weekdays: readonly number[],
  lastRegularDate: LocalDate,
  skipped: readonly SkippedDate[],
  used: Set<LocalDate>,
): DatedSession[] {
  const makeUps: DatedSession[] = [];
  const stillToPlace: SkippedDate[] = [];
  for (const missed of skipped) {
    const date = def.makeUpPolicy === 'same_week' ? sameWeekDate(def, weekdays, missed.date, used) : undefined;
    if (date === undefined) {
      stillToPlace.push(missed);
    } else {
      used.add(date);
      makeUps.push({ date, replacesDate: missed.date });
    }
  }

  // Whatever could not stay in its own week goes after the program, on its usual weekdays.
  let after = lastRegularDate;
  for (const missed of stillToPlace) {
    after = nextOpenSessionDay(def, weekdays, after, used);
    used.add(after);
    makeUps.push({ date: after, replacesDate: missed.date });
  }
  return makeUps;
}

/**
 * The first date after `date` on one of the program's weekdays that is open and has no session yet.
 * Closures are entered by hand and could cover years: the search gives up after MAX_DAY_STEPS days.
 */
function nextOpenSessionDay(def: GroupProgramDefinition, weekdays: readonly number[], date: LocalDate, used: ReadonlySet<LocalDate>): LocalDate {
  for (let day = 1; day <= MAX_DAY_STEPS; day++) {
    const candidate = addDays(date, day);
    if (weekdays.includes(weekdayOf(candidate)) && !def.closedDays.isClosed(candidate) && !used.has(candidate)) return candidate;
  }
  throw new PlanningRefusal('plan.no_open_make_up_day', { days: MAX_DAY_STEPS, date });
}

/**
 * An open workday (Monday–Friday) of the missed date's ISO week with no session yet, never before
 * the program starts (the cohort does not exist yet). A day the group does not usually meet is
 * preferred, so the week keeps its rhythm; then the day nearest the missed one; on a tie the later
 * one, which gives patients and staff more notice.
 */
function sameWeekDate(
  def: GroupProgramDefinition,
  weekdays: readonly number[],
  missed: LocalDate,
  used: ReadonlySet<LocalDate>,
): LocalDate | undefined {
  const monday = addDays(missed, 1 - weekdayOf(missed));
  const candidates = Array.from({ length: WORKDAYS_IN_WEEK }, (_, i) => addDays(monday, i)).filter(
    (date) => date >= def.startDate && !used.has(date) && !def.closedDays.isClosed(date),
  );
  const usualDay = (date: LocalDate) => (weekdays.includes(weekdayOf(date)) ? 1 : 0);
  const distance = (date: LocalDate) => Math.abs(weekdayOf(date) - weekdayOf(missed));
  candidates.sort((a, b) => usualDay(a) - usualDay(b) || distance(a) - distance(b) || b.localeCompare(a));
  return candidates[0];
}

/**
 * A plan cycling the six modules two at a time, each session pairing a body-oriented module with a
 * talk or education one, as multimodal rehabilitation intends; pain physiology comes first because
 * the other modules build on understanding the pain. Needs at least three sessions to cover all six.
 */
export function defaultSessionPlan(sessionCount: number): ContentModule[][] {
  const pairs: ContentModule[][] = [
    ['pain_physiology', 'basal_body_awareness'],
    ['act', 'dosed_training'],
    ['cbt_exercises', 'everyday_balance'],
  ];
  if (!Number.isInteger(sessionCount) || sessionCount < pairs.length) {
    throw new PlanningRefusal('plan.default_plan_too_short', { min: pairs.length, count: sessionCount });
  }
  return Array.from({ length: sessionCount }, (_, i) => [...pairs[i % pairs.length]]);
}

/** A staff member who may lead sessions; `busy` holds their bookings outside this program, absences apart. */
export type LeaderCandidate = PlannerStaff & {
  absences: readonly Absence[];
};

export interface RoomCalendar {
  id: string;
  /** The room's name, for a conflict to name it (its id otherwise). */
  name?: string;
  busy: readonly Interval[];
}

export interface SessionAssignment {
  sessionNumber: number;
  /** One entry per module that has a leader; a module without one has a 'no_leader' conflict instead. */
  leaders: { module: ContentModule; staffId: string }[];
}

type StaffProblemKind = 'staff_absent' | 'staff_busy' | 'staff_not_working';

/** A conflict's problem in words, with its code and parameters (src/core/problem-codes.ts). */
interface Worded {
  problem: string;
  code: ProblemCode;
  params: Params;
}

export type ScheduleConflict =
  | ({ sessionNumber: number; date: LocalDate; kind: 'no_leader'; module: ContentModule } & Worded)
  | ({ sessionNumber: number; date: LocalDate; kind: StaffProblemKind; staffId: string; module: ContentModule } & Worded)
  | ({ sessionNumber: number; date: LocalDate; kind: 'room_busy'; roomId: string } & Worded);

export interface FixedLeaders {
  /** Session number → module → staff id; wins over `all`. */
  bySession?: Record<number, Partial<Record<ContentModule, string>>>;
  /** Module → staff id for every session of the program. */
  all?: Partial<Record<ContentModule, string>>;
}

/**
 * Step 2: a leader for every module of every session, and every conflict found on the way.
 *
 * A fixed leader is always used, with a conflict when they are absent, not working or busy then.
 * Otherwise the leader is chosen among the candidates of an allowed discipline who are working the
 * whole session, present, and free (this program's earlier sessions count as busy), preferring
 * 1. the module's regular leader, whoever led it first (the cohort keeps its therapist: one back
 *    from an absence takes the module back instead of leaving it to the stand-in),
 * 2. whoever led the module the previous time it was given (a stand-in covers a whole absence),
 * 3. whoever has the fewest sessions of this program so far (a fair spread),
 * 4. whoever has the fewest busy minutes that ISO week,
 * 5. the order the candidates are listed in.
 * One person may lead several modules of the same session. A session is never dropped: without a
 * leader it stays, with a 'no_leader' conflict.
 */
export function assignLeaders(
  sessions: readonly ScheduledSession[],
  candidates: readonly LeaderCandidate[],
  room: RoomCalendar,
  zone: string,
  fixedLeaders: FixedLeaders = {},
  moduleLeaders: Partial<Record<ContentModule, Discipline[]>> = {},
  budget: Budget = Budget.unlimited,
): { assignments: SessionAssignment[]; conflicts: ScheduleConflict[] } {
  const staffById = new Map(candidates.map((c) => [c.id, c]));
  const ledger = new ProgramLedger();
  const regularLeader = new Map<ContentModule, string>();
  const previousLeader = new Map<ContentModule, string>();
  const assignments: SessionAssignment[] = [];
  const conflicts: ScheduleConflict[] = [];

  for (const session of [...sessions].sort((a, b) => a.start - b.start)) {
    budget.spend();
    const where = { sessionNumber: session.number, date: session.date };
    const problemOf = availabilityFor(session, ledger, zone);
    const week = isoWeekOf(session.date, zone);
    const leaders: SessionAssignment['leaders'] = [];
    for (const module of session.modules) {
      const fixedId = fixedLeaders.bySession?.[session.number]?.[module] ?? fixedLeaders.all?.[module];
      let leader: LeaderCandidate | undefined;
      if (fixedId !== undefined) {
        leader = staffById.get(fixedId);
        if (!leader) throw new PlanningRefusal('plan.fixed_leader_unknown', { staffId: fixedId, module });
        const problem = problemOf(leader);
        if (problem) conflicts.push({ ...where, kind: problem.kind, staffId: leader.id, module, ...worded(problem) });
      } else {
        const disciplines = moduleLeaders[module] ?? DEFAULT_MODULE_LEADERS[module];
        const eligible = candidates.filter((c) => disciplines.includes(c.discipline));
        leader = bestLeader(eligible, problemOf, ledger, { regular: regularLeader.get(module), previous: previousLeader.get(module) }, week);
        if (!leader) conflicts.push({ ...where, kind: 'no_leader', module, ...noLeaderProblem(module, disciplines, eligible, problemOf, span(session, zone)) });
      }
      if (leader) {
        leaders.push({ module, staffId: leader.id });
        ledger.record(leader.id, session);
        previousLeader.set(module, leader.id);
        if (!regularLeader.has(module)) regularLeader.set(module, leader.id);
      }
    }
    if (room.busy.some((booking) => overlaps(booking, session))) {
      conflicts.push({ ...where, kind: 'room_busy', roomId: room.id, ...coded('group.room_busy', { room: room.name ?? room.id, roomId: room.id, ...span(session, zone) }) });
    }
    assignments.push({ sessionNumber: session.number, leaders });
  }
  return { assignments, conflicts };
}

/** The sessions of this program each staff member leads so far. */
class ProgramLedger {
  private readonly sessionsByStaff = new Map<string, ScheduledSession[]>();

  sessionsOf(staffId: string): readonly ScheduledSession[] {
    return this.sessionsByStaff.get(staffId) ?? [];
  }

  /** Leading two modules of one session is one session. */
  record(staffId: string, session: ScheduledSession): void {
    const led = this.sessionsByStaff.get(staffId) ?? [];
    if (!led.includes(session)) led.push(session);
    this.sessionsByStaff.set(staffId, led);
  }
}

interface Unavailability extends Worded {
  kind: StaffProblemKind;
}

/** A problem's text made from its code, with the code and parameters kept beside it. */
function coded(code: ProblemCode, params: Params): Worded {
  return { problem: problemText(code, params), code, params };
}

const worded = ({ problem, code, params }: Worded): Worded => ({ problem, code, params });

/**
 * Who can lead `session`, judged once per person: recording a leader for this session does not
 * change anyone's availability for it, since leading two modules of one session is allowed.
 */
function availabilityFor(session: ScheduledSession, ledger: ProgramLedger, zone: string): (staff: LeaderCandidate) => Unavailability | undefined {
  const judged = new Map<string, Unavailability | undefined>();
  return (staff) => {
    if (!judged.has(staff.id)) judged.set(staff.id, unavailability(staff, session, ledger, zone));
    return judged.get(staff.id);
  };
}

/**
 * Why `staff` cannot lead `session`, or undefined when they can: the one visit-rule checker's verdict
 * on the session, absence first, as it explains the rest.
 */
function unavailability(staff: LeaderCandidate, session: ScheduledSession, ledger: ProgramLedger, zone: string): Unavailability | undefined {
  // Another module of the same session is no clash: one person may lead both.
  const otherSessions = ledger.sessionsOf(staff.id).filter((s) => s.number !== session.number);
  const breaches = visitRuleBreaches(session, { zone, staff: [{ ...staff, busy: [...staff.busy, ...otherSessions] }] });
  const absent = breaches.find((breach) => breach.rule === 'staff-absent');
  if (absent) return { kind: 'staff_absent', ...coded('booking.staff_absent', { staff: staff.name, staffId: staff.id, reason: absent.absence.reason, ...span(session, zone) }) };
  if (breaches.some((breach) => breach.rule === 'not-working')) {
    return { kind: 'staff_not_working', ...coded('booking.staff_not_working', { staff: staff.name, staffId: staff.id, ...span(session, zone) }) };
  }
  if (breaches.some((breach) => breach.rule === 'staff-busy')) return { kind: 'staff_busy', ...coded('booking.staff_busy', { staff: staff.name, staffId: staff.id, ...span(session, zone) }) };
  return undefined;
}

function bestLeader(
  eligible: readonly LeaderCandidate[],
  problemOf: (staff: LeaderCandidate) => Unavailability | undefined,
  ledger: ProgramLedger,
  led: { regular: string | undefined; previous: string | undefined },
  week: Interval,
): LeaderCandidate | undefined {
  const continuity = (c: LeaderCandidate) => (c.id === led.regular ? 0 : c.id === led.previous ? 1 : 2);
  const load = (c: LeaderCandidate) => ledger.sessionsOf(c.id).length;
  const weekMinutes = (c: LeaderCandidate) => busyMinutes([...c.busy, ...ledger.sessionsOf(c.id)], week);
  // Array.prototype.sort is stable, so equal candidates keep the caller's order.
  return eligible
    .filter((c) => problemOf(c) === undefined)
    .sort((a, b) => continuity(a) - continuity(b) || load(a) - load(b) || weekMinutes(a) - weekMinutes(b))[0];
}

function noLeaderProblem(
  module: ContentModule,
  disciplines: readonly Discipline[],
  eligible: readonly LeaderCandidate[],
  problemOf: (staff: LeaderCandidate) => Unavailability | undefined,
  when: { date: string; start: string; end: string },
): Worded {
  const where = { disciplines: disciplines.join(' or '), module, ...when };
  if (eligible.length === 0) return coded('group.no_leader_candidate', where);
  return coded('group.no_leader', { ...where, staff: eligible.map((c) => c.name).join(', '), why: eligible.map((c) => problemOf(c)!.problem).join('; ') });
}

/** Monday 00:00 to the next Monday 00:00, local time (a DST week is an hour shorter or longer). */
function isoWeekOf(date: LocalDate, zone: string): Interval {
  const monday = addDays(date, 1 - weekdayOf(date));
  return {
    start: localToInstant(monday, '00:00', zone).getTime(),
    end: localToInstant(addDays(monday, 7), '00:00', zone).getTime(),
  };
}

function busyMinutes(bookings: readonly Interval[], window: Interval): number {
  const overlapMs = (b: Interval) => Math.max(0, Math.min(b.end, window.end) - Math.max(b.start, window.start));
  return bookings.reduce((sum, booking) => sum + overlapMs(booking), 0) / MINUTE_MS;
}

function span(session: ScheduledSession, zone: string): { date: string; start: string; end: string } {
  return { date: session.date, start: localTimeOf(session.start, zone), end: localTimeOf(session.end, zone) };
}
