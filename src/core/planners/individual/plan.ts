import { DateTime, IANAZone, Zone } from 'luxon';
import { calendarDates, freeParts, gridStart, isFree, mergeIntervals, UnavailableTime } from '../time/free-time';
import { ClosedDays } from '../time/holidays';
import { Budget } from '../budget';
import { Interval, overlaps } from '../time/interval';
import { addDays, isValidLocalDate, isValidTimeZone, LocalDate, localDateOf, localTimeOf, localToInstant } from '../time/local-time';
import { WorkingHoursBlock } from '../time/working-hours';
import { Discipline } from '../vocabulary';
import { PlannerRoom, PlannerStaff } from './resources';
import { plannedVisitProblems } from './visit-violations';

export type { PlannerRoom, PlannerStaff, UnavailableTime };

/**
 * Plans an individual rehabilitation program (DOMAIN.md step 6): for `weeks` weeks, `visitsPerWeek`
 * visits a week with the disciplines of a mix (e.g. physiotherapist twice a week, psychologist weekly,
 * physician every other week).
 *
 * This is a HEURISTIC planner: it does not search for the exact optimum of the whole program.
 *
 * Guaranteed:
 * - every returned visit obeys every rule that individualPlanViolations checks (working hours of its
 *   staff member that local day, on the slot grid of that working interval, no overlap with staff,
 *   room or patient busy time nor with another visit of the plan, site open, patient available, a
 *   room of the discipline's kind, at most maxVisitsPerDay visits a local day);
 * - a week never gets more visits than its target (visitsPerWeek, or the mix's count when that is
 *   larger), and a week whose target is not met has at least one problem string saying why.
 *
 * Goals, in order: (1) the weekly target; (2) the mix of the week; (3) continuity of staff;
 * (4) spread over the week; (5) same time of day (and weekdays) as earlier weeks; (6) early in the week.
 *
 * How: weeks do not share days, so each week is planned on its own, in order. Within a week, a
 * dynamic program over its 7 days (state: visits per discipline so far, and whether the two previous
 * days had visits) minimises, lexicographically:
 *   - visits missing from the target (goal 1),
 *   - visits of a discipline beyond its demand, i.e. substitutes, then disciplines of the week left
 *     out entirely (goal 2),
 *   - visits not with the discipline's main staff member, then the rank of the members used (goal 3),
 *   - runs of three consecutive days with visits, days with more than one visit, pairs of
 *     consecutive days with visits, counting the previous week's last two days (goal 4),
 *   - minutes away from the discipline's routine time (that of its first planned visit), then visits
 *     on a weekday the discipline did not use the week before (goal 5),
 *   - minutes from the start of the week (goal 6).
 * The program runs first without substitutes, which settles every week that can keep its mix, and
 * again with substitutes only for a week that cannot. With maxVisitsPerDay = 1 and realistic sizes
 * (a layer of the program stays under MAX_LAYER states) this is exact for the week given the earlier
 * weeks: in particular every week gets the largest number of visits its calendar allows, so the
 * number of weeks fully met and the total number of visits are both maximal. What is heuristic:
 *   - larger programs (many visits a week, several a day) keep only the best MAX_LAYER partial
 *     weeks per day (a beam search);
 *   - the main staff member of a discipline is fixed up front (the preferred one if given, otherwise
 *     the one who can take the discipline's visits in the most weeks); on a day the main member cannot,
 *     the best-ranked colleague with a free slot takes the visit;
 *   - on one day, each discipline's visit takes the slot of its staff member nearest the routine time
 *     (earliest on ties), and the routine is fixed by the first week; weeks are not revised afterwards;
 *   - with maxVisitsPerDay > 1 the visits of one day are packed greedily (then, if that fails,
 *     back to back as early as possible), so a day may be judged unable to take a combination it
 *     could take;
 *   - minutes of day are wall-clock minutes of the working block's start plus elapsed time, which is
 *     off by the DST shift only on the (Sunday) day of the change.
 *
 * Where the rules leave room, this module decides:
 * - Week k (1-based) is [startDate + 7(k-1), startDate + 7k); visits may fall on any day of it,
 *   weekends included when staff work then.
 * - A mix entry with perWeek p asks for ceil(p·k) − ceil(p·(k−1)) visits in week k: 2 → 2 each week,
 *   0.5 → one in weeks 1, 3, 5…, 1.5 → 2, 1, 2…; 0 means "as needed": never planned.
 * - When the mix asks for fewer than visitsPerWeek, the rest go to the entry with the highest perWeek
 *   (the first of them on ties); when it asks for more, the week's target is the mix's count and a note
 *   says so. When a discipline cannot take its visits in a week, another discipline of the mix
 *   (perWeek > 0) may take them to meet the target (a note says so); visits are never carried over to
 *   another week.
 * - Slots are on the slotStepMinutes grid from the start of the staff member's working interval. A
 *   visit gets the room its discipline had last time when free, otherwise the first free room of the
 *   kind in request order.
 * - Nonsensical settings (non-positive weeks, slot step, maxVisitsPerDay or visit length, negative
 *   counts, a discipline twice in the mix, unknown zone or date) throw a RangeError.
 */

export interface MixEntry {
  discipline: Discipline;
  /** Visits per week for this discipline: 2 = twice a week, 1 = weekly, 0.5 = every other week (weeks 1,3,5…), 0 = only "as needed" (planned 0). */
  perWeek: number;
  /** Visit length in minutes. */
  minutes: number;
  /** e.g. 'gym' for the physiotherapist, 'office' otherwise. */
  roomKind: string;
}

export interface IndividualPlanRequest {
  zone: string;
  closedDays: ClosedDays;
  /** The program's first day; week k = [startDate + 7(k-1), +7). */
  startDate: LocalDate;
  /** Usually 8–13. */
  weeks: number;
  /** Usually 3 or 4: the target count each week (see the module comment for how the mix fills it). */
  visitsPerWeek: number;
  mix: readonly MixEntry[];
  maxVisitsPerDay: number;
  slotStepMinutes: number;
  patientBusy: readonly Interval[];
  patientUnavailable?: readonly UnavailableTime[];
  /** Continuity: the same person throughout unless absent or busy that week. */
  preferredStaff?: Partial<Record<Discipline, string>>;
  staff: readonly PlannerStaff[];
  rooms: readonly PlannerRoom[];
  /** How long planning may take; BudgetExceeded past it. Unlimited when left out. */
  budget?: Budget;
}

export interface PlannedIndividualVisit {
  /** 1-based. */
  week: number;
  discipline: Discipline;
  staffId: string;
  roomId: string;
  start: number;
  end: number;
}

export interface WeekReport {
  week: number;
  weekStart: LocalDate;
  planned: number;
  /** visitsPerWeek, or the mix's count for the week when that is larger. */
  target: number;
  /** Why the week could not be filled; empty when planned = target. */
  problems: string[];
}

export interface IndividualPlan {
  visits: PlannedIndividualVisit[];
  weeks: WeekReport[];
  notes: string[];
}

const MINUTE = 60_000;
const DAY_MINUTES = 24 * 60;
const EPSILON = 1e-9;

export function planIndividualProgram(request: IndividualPlanRequest): IndividualPlan {
  validate(request);
  const notes: string[] = [];
  for (const entry of request.mix) {
    if (entry.perWeek === 0) notes.push(`${entry.discipline}: as needed only, no visits planned`);
  }
  const entries = request.mix.filter((entry) => entry.perWeek > 0);
  const demands = weeklyDemands(request, entries, notes);
  const calendar = new Calendar(request, entries);
  const ranked = entries.map((entry, e) => rankStaff(calendar, request, entry, e, demands, notes));
  const planner = new WeekPlanner(calendar, request, entries, ranked);

  const visits: PlannedIndividualVisit[] = [];
  const weeks: WeekReport[] = [];
  demands.forEach((demand, week) => {
    const result = planner.planWeek(week, demand);
    visits.push(...result.visits);
    weeks.push(result.report);
    notes.push(...result.notes);
  });
  notes.push(...continuityNotes(request, entries, ranked, visits));
  return { visits, weeks, notes };
}

// ---------------------------------------------------------------------------------------------
// What each week asks for.
// ---------------------------------------------------------------------------------------------

interface WeekDemand {
  /** Visits asked of each active mix entry (perWeek > 0), top-up included. */
  perEntry: number[];
  target: number;
}

/** Visits a perWeek value asks for in week `week` (1-based): every-other-week values land in odd weeks. */
function entryDemand(perWeek: number, week: number): number {
  return Math.ceil(perWeek * week - EPSILON) - Math.ceil(perWeek * (week - 1) - EPSILON);
}

function weeklyDemands(request: IndividualPlanRequest, entries: readonly MixEntry[], notes: string[]): WeekDemand[] {
  // The entry that takes the visits the mix leaves open: the highest perWeek, the first on ties.
  let topUp = -1;
  entries.forEach((entry, e) => {
    if (topUp < 0 || entry.perWeek > entries[topUp].perWeek) topUp = e;
  });
  const over = new Map<number, number[]>();
  const under = new Map<number, number[]>();
  const demands = Array.from({ length: request.weeks }, (_, index) => {
    const week = index + 1;
    const perEntry = entries.map((entry) => entryDemand(entry.perWeek, week));
    const asked = perEntry.reduce((sum, n) => sum + n, 0);
    if (asked > request.visitsPerWeek) pushTo(over, asked, week);
    if (asked < request.visitsPerWeek && topUp >= 0) {
      perEntry[topUp] += request.visitsPerWeek - asked;
      pushTo(under, asked, week);
    }
    return { perEntry, target: Math.max(asked, request.visitsPerWeek) };
  });
  for (const [asked, weeks] of over) {
    notes.push(`the mix asks for ${asked} visits in ${weekList(weeks)}, more than the ${request.visitsPerWeek} a week requested; the mix wins`);
  }
  for (const [asked, weeks] of under) {
    notes.push(
      `the mix asks for ${asked} visits in ${weekList(weeks)}; ${entries[topUp].discipline} takes the rest of the ${request.visitsPerWeek} a week`,
    );
  }
  return demands;
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function weekList(weeks: readonly number[]): string {
  return `${weeks.length === 1 ? 'week' : 'weeks'} ${weeks.join(', ')}`;
}

// ---------------------------------------------------------------------------------------------
// The calendar: days of the program and everyone's bookable slots, computed lazily and only once.
// ---------------------------------------------------------------------------------------------

interface Day {
  date: LocalDate;
  weekday: number;
  closedReason: string | undefined;
}

/** A working interval with the wall-clock minute of its start. */
interface WorkingPiece extends Interval {
  wall: number;
}

/** Free time inside one working interval; the slot grid starts at `origin` (wall minute `originWall`). */
interface FreePiece extends Interval {
  origin: number;
  originWall: number;
}

/** A start at which a staff member, the patient and some room of the right kind are free. */
interface Slot {
  start: number;
  /** Wall-clock minutes since local midnight. */
  wall: number;
}

type WeeklyHours = readonly { blocks: readonly WorkingHoursBlock[]; signature: string }[];

class Calendar {
  readonly days: readonly Day[];
  readonly stepMs: number;
  /** Position in the active mix entries of each staff member's discipline (-1: not in the mix). */
  readonly entryOfStaff: readonly number[];
  private readonly patientBusy: readonly Interval[];
  private readonly roomsByKind = new Map<string, { id: string; busy: readonly Interval[] }[]>();
  private readonly staffBusy: (readonly Interval[] | undefined)[] = [];
  private readonly weeklyHours: (WeeklyHours | undefined)[] = [];
  // Staff usually share their hours, so one conversion per date and distinct set of blocks is enough.
  private readonly hoursCache = new Map<string, WorkingPiece[]>();
  private readonly freeCache: (FreePiece[] | undefined)[] = [];
  private readonly slotCache: (Slot[] | undefined)[] = [];
  private readonly anySlotCache: (boolean | undefined)[] = [];
  private readonly unavailableCache: (readonly Interval[] | undefined)[] = [];
  private readonly zone: Zone;
  private readonly offsetCache = new Map<number, number>();
  private readonly firstMidnightUtc: number;

  constructor(
    readonly request: IndividualPlanRequest,
    readonly entries: readonly MixEntry[],
  ) {
    const first = request.startDate;
    const firstWeekday = DateTime.fromISO(first).weekday;
    this.days = calendarDates(first, request.weeks * 7).map((date, i) => ({
      date,
      weekday: ((firstWeekday - 1 + i) % 7) + 1,
      closedReason: request.closedDays.reason(date),
    }));
    this.stepMs = request.slotStepMinutes * MINUTE;
    this.zone = IANAZone.create(request.zone);
    this.firstMidnightUtc = Date.parse(`${first}T00:00:00Z`);
    this.entryOfStaff = request.staff.map((member) => entries.findIndex((entry) => entry.discipline === member.discipline));
    this.patientBusy = mergeIntervals(request.patientBusy);
    for (const room of request.rooms) {
      const rooms = this.roomsByKind.get(room.kind) ?? [];
      rooms.push({ id: room.id, busy: mergeIntervals(room.busy) });
      this.roomsByKind.set(room.kind, rooms);
    }
  }

  /** Whether the staff member has working hours on that ISO weekday at all. */
  worksOn(staff: number, weekday: number): boolean {
    return this.weekly(staff)[weekday].blocks.length > 0;
  }

  /** Bookable starts of the staff member's discipline visit on `day`, sorted. */
  slots(staff: number, day: number): readonly Slot[] {
    const key = staff * this.days.length + day;
    return (this.slotCache[key] ??= this.buildSlots(staff, day, false));
  }

  /** Whether `slots(staff, day)` is non-empty, without building the whole list. */
  hasSlot(staff: number, day: number): boolean {
    const key = staff * this.days.length + day;
    const built = this.slotCache[key];
    if (built) return built.length > 0;
    return (this.anySlotCache[key] ??= this.buildSlots(staff, day, true).length > 0);
  }

  /** The room of `kind` free for [start, end): `preferred` when it is, else the first in request order. */
  freeRoom(kind: string, start: number, end: number, preferred?: string): string | undefined {
    const rooms = this.roomsByKind.get(kind) ?? [];
    const favourite = rooms.find((room) => room.id === preferred);
    if (favourite && isFree(favourite.busy, start, end)) return favourite.id;
    return rooms.find((room) => isFree(room.busy, start, end))?.id;
  }

  private buildSlots(staff: number, day: number, firstOnly: boolean): Slot[] {
    const e = this.entryOfStaff[staff];
    if (e < 0 || this.days[day].closedReason !== undefined) return [];
    const { minutes, roomKind } = this.entries[e];
    const length = minutes * MINUTE;
    const rooms = this.roomsByKind.get(roomKind);
    if (!rooms) return [];
    const slots: Slot[] = [];
    for (const piece of this.freePieces(staff, day)) {
      for (let start = gridStart(piece.origin, piece.start, this.stepMs); start + length <= piece.end; start += this.stepMs) {
        if (!rooms.some((room) => isFree(room.busy, start, start + length))) continue;
        slots.push({ start, wall: piece.originWall + Math.round((start - piece.origin) / MINUTE) });
        if (firstOnly) return slots;
      }
    }
    return slots;
  }

  private freePieces(staff: number, day: number): readonly FreePiece[] {
    const key = staff * this.days.length + day;
    return (this.freeCache[key] ??= this.buildFreePieces(staff, day));
  }

  private buildFreePieces(staff: number, day: number): FreePiece[] {
    const busy = (this.staffBusy[staff] ??= mergeIntervals(this.request.staff[staff].busy));
    const blocked = [busy, this.patientBusy, this.unavailable(day)];
    return this.workingHours(staff, day).flatMap((hours) => freeParts(hours, blocked).map((part) => ({ ...part, origin: hours.start, originWall: hours.wall })));
  }

  private weekly(staff: number): WeeklyHours {
    return (this.weeklyHours[staff] ??= Array.from({ length: 8 }, (_, weekday) => {
      const blocks = this.request.staff[staff].workingHours.filter((block) => block.weekday === weekday);
      return { blocks, signature: blocks.map((block) => `${block.start}-${block.end}`).join(',') };
    }));
  }

  private workingHours(staff: number, day: number): WorkingPiece[] {
    const { date, weekday } = this.days[day];
    const { blocks, signature } = this.weekly(staff)[weekday];
    if (blocks.length === 0) return [];
    const key = `${date} ${signature}`;
    let pieces = this.hoursCache.get(key);
    if (!pieces) {
      pieces = blocks
        .map((block) => ({
          start: this.instant(day, block.start),
          end: this.instant(day, block.end),
          wall: wallMinutes(block.start),
        }))
        .filter((piece) => piece.end > piece.start)
        .sort((a, b) => a.start - b.start);
      this.hoursCache.set(key, pieces);
    }
    return pieces;
  }

  /** The patient's unavailable periods on `day` (see UnavailableTime). */
  private unavailable(day: number): readonly Interval[] {
    const unavailable = this.request.patientUnavailable ?? [];
    if (unavailable.length === 0) return [];
    return (this.unavailableCache[day] ??= mergeIntervals(
      unavailable
        .filter((period) => period.weekday === undefined || period.weekday === this.days[day].weekday)
        .map((period) => ({
          start: this.instant(day, period.start ?? '00:00'),
          end: period.end ? this.instant(day, period.end) : this.instant(day + 1, '00:00'),
        })),
    ));
  }

  /**
   * The instant the wall clock shows `time` on the day `day` days after startDate (any integer).
   * localToInstant costs ~0.1 ms through luxon; a day whose UTC offset is the same from noon UTC the
   * day before to noon UTC the day after (no DST change; always true but twice a year) is converted
   * with plain arithmetic instead. Zones more than 12 hours from UTC always take luxon's way.
   */
  private instant(day: number, time: string): number {
    const midnight = this.firstMidnightUtc + day * 86_400_000;
    const offset = this.noonOffset(day);
    if (Math.abs(offset) <= 720 && offset === this.noonOffset(day - 1) && offset === this.noonOffset(day + 1)) {
      return midnight + (wallMinutes(time) - offset) * MINUTE;
    }
    return localToInstant(new Date(midnight).toISOString().slice(0, 10), time, this.request.zone).getTime();
  }

  /** The zone's UTC offset in minutes at 12:00 UTC of the day `day` days after startDate. */
  private noonOffset(day: number): number {
    let offset = this.offsetCache.get(day);
    if (offset === undefined) {
      offset = this.zone.offset(this.firstMidnightUtc + day * 86_400_000 + 43_200_000);
      this.offsetCache.set(day, offset);
    }
    return offset;
  }
}

/**
 * The staff of a mix entry's discipline, best first: the preferred member when given, then those who
 * can take the discipline's visits in the most weeks, then those with the most free days, then
 * request order.
 */
function rankStaff(
  calendar: Calendar,
  request: IndividualPlanRequest,
  entry: MixEntry,
  e: number,
  demands: readonly WeekDemand[],
  notes: string[],
): number[] {
  const members = request.staff.flatMap((member, index) => (member.discipline === entry.discipline ? [index] : []));
  const scores = new Map<number, { weeks: number; days: number }>();
  for (const staff of members) {
    let weeks = 0;
    let days = 0;
    demands.forEach((demand, week) => {
      let free = 0;
      for (let day = week * 7; day < week * 7 + 7; day++) if (calendar.hasSlot(staff, day)) free++;
      days += free;
      if (demand.perEntry[e] > 0 && free * request.maxVisitsPerDay >= demand.perEntry[e]) weeks++;
    });
    scores.set(staff, { weeks, days });
  }
  const ranked = [...members].sort((a, b) => {
    const sa = scores.get(a)!;
    const sb = scores.get(b)!;
    return sb.weeks - sa.weeks || sb.days - sa.days || a - b;
  });
  const preferredId = request.preferredStaff?.[entry.discipline];
  if (preferredId !== undefined) {
    const preferred = ranked.find((staff) => request.staff[staff].id === preferredId);
    if (preferred === undefined) notes.push(`${entry.discipline}: preferred staff member ${preferredId} is not a ${entry.discipline} of this site; ignored`);
    else {
      ranked.splice(ranked.indexOf(preferred), 1);
      ranked.unshift(preferred);
    }
  }
  return ranked;
}

// ---------------------------------------------------------------------------------------------
// One week: a dynamic program over its days.
// ---------------------------------------------------------------------------------------------

/** A visit as planned, before its room is chosen. `offset` is the day within the week (0–6). */
interface Placement {
  entry: number;
  staff: number;
  rank: number;
  day: number;
  offset: number;
  start: number;
  end: number;
  wall: number;
}

/**
 * Additive cost of (part of) a week, compared lexicographically:
 * [non-main staff visits, sum of staff ranks, 3-day runs, extra visits on one day, consecutive-day
 *  pairs, minutes off the routine time, visits off last week's weekdays, minutes from week start].
 */
type Cost = number[];
const COST_LENGTH = 8;
const TRIPLES = 2;
const STACKED = 3;
const PAIRS = 4;

/** What one day of the week can hold: a combination of mix entries and where each visit goes. */
interface DayOption {
  /** The entries of its visits, sorted. */
  entries: number[];
  /** Each distinct entry with its number of visits. */
  added: { entry: number; visits: number }[];
  placements: Placement[];
  cost: Cost;
}

interface Node {
  /** Visits per mix entry so far, mixed-radix coded (radix target + 1). */
  code: number;
  count: number;
  /** Bit 0: the previous day has visits; bit 1: the day before it has. */
  occupancy: number;
  cost: Cost;
  parent: Node | undefined;
  option: DayOption | undefined;
}

interface WeekResult {
  visits: PlannedIndividualVisit[];
  report: WeekReport;
  notes: string[];
}

class WeekPlanner {
  /** Routine time (wall minutes) of each mix entry: that of its first planned visit. */
  private readonly routineWall: (number | undefined)[];
  /** Weekdays each mix entry used in the last week it had visits. */
  private readonly routineWeekdays: (Set<number> | undefined)[];
  private readonly lastRoom: (string | undefined)[];
  private readonly occupiedDays = new Set<number>();
  private readonly budget: Budget;

  constructor(
    private readonly calendar: Calendar,
    private readonly request: IndividualPlanRequest,
    private readonly entries: readonly MixEntry[],
    private readonly ranked: readonly (readonly number[])[],
  ) {
    this.routineWall = entries.map(() => undefined);
    this.routineWeekdays = entries.map(() => undefined);
    this.lastRoom = entries.map(() => undefined);
    this.budget = request.budget ?? Budget.unlimited;
  }

  planWeek(week: number, demand: WeekDemand): WeekResult {
    const first = week * 7;
    const weekStart = this.calendar.days[first].date;
    const placements = demand.target > 0 && this.entries.length > 0 ? this.bestWeek(week, demand) : [];
    const visits = placements.map((placement) => this.materialize(week, placement));
    this.remember(placements);

    const counts = this.entries.map((_, e) => placements.filter((p) => p.entry === e).length);
    const shortfalls = this.entries.flatMap((_, e) => (counts[e] < demand.perEntry[e] ? [this.shortfall(week, e, counts[e], demand.perEntry[e])] : []));
    const problems: string[] = [];
    const notes: string[] = [];
    if (visits.length < demand.target) {
      if (this.entries.length === 0) problems.push('no discipline in the mix has planned visits (perWeek > 0)');
      problems.push(...shortfalls);
      if (problems.length === 0) problems.push(`only ${visits.length} of ${demand.target} visits fit`);
    } else if (shortfalls.length > 0) {
      const extra = this.entries.flatMap((entry, e) =>
        counts[e] > demand.perEntry[e] ? [`${counts[e] - demand.perEntry[e]} more ${entry.discipline}`] : [],
      );
      notes.push(`week ${week + 1}: ${shortfalls.join('; ')}; replaced by ${extra.join(', ')}`);
    }
    return { visits, report: { week: week + 1, weekStart, planned: visits.length, target: demand.target, problems }, notes };
  }

  /**
   * The week's visits minimising the cost described in the module comment. First without substitutes
   * (no entry beyond its demand): a small program that settles the usual week. Only when that cannot
   * meet the target does the full program, where any entry of the mix may take the open visits, run.
   */
  private bestWeek(week: number, demand: WeekDemand): Placement[] {
    const first = week * 7;
    const maxVisits = Math.min(this.request.maxVisitsPerDay, demand.target);
    const options = Array.from({ length: 7 }, (_, offset) => this.dayOptions(first + offset, offset, maxVisits));
    const occupancy = (this.occupiedDays.has(first - 1) ? 1 : 0) | (this.occupiedDays.has(first - 2) ? 2 : 0);
    const exact = bestNode(options, occupancy, demand, demand.perEntry, this.budget);
    // The most visits the week's days can hold whatever their disciplines.
    const capacity = Math.min(demand.target, options.reduce((sum, day) => sum + Math.max(0, ...day.map((option) => option.entries.length)), 0));
    const filled = exact?.count ?? 0;
    // With one visit a day, the visits that can be placed form a transversal matroid: a largest plan
    // extends one without substitutes by substitutes only, so capacity − filled of them per entry suffice.
    const best = filled >= capacity ? exact : (bestNode(options, occupancy, demand, demand.perEntry.map((n) => n + capacity - filled), this.budget) ?? exact);
    const placements: Placement[] = [];
    for (let node = best; node; node = node.parent) if (node.option) placements.push(...node.option.placements);
    return placements.sort((a, b) => a.start - b.start);
  }

  /** The combinations of visits day `day` can hold (the empty one is implicit). */
  private dayOptions(day: number, offset: number, maxVisits: number): DayOption[] {
    this.budget.spend();
    if (maxVisits <= 0 || this.calendar.days[day].closedReason !== undefined) return [];
    const singles: DayOption[] = [];
    this.entries.forEach((_, e) => {
      const placement = this.place(day, offset, e, []);
      if (placement) singles.push(this.option([placement]));
    });
    if (maxVisits === 1 || singles.length === 0) return singles;

    const usable = singles.map((option) => option.entries[0]);
    const options = [...singles];
    for (const combination of multisets(usable, maxVisits)) {
      if (combination.length < 2) continue;
      const placements = this.pack(day, offset, combination);
      if (placements) options.push(this.option(placements));
    }
    return options;
  }

  /** The best visit of mix entry `e` on `day` not overlapping `taken`: best-ranked staff, then routine time, then earliest. */
  private place(day: number, offset: number, e: number, taken: readonly Placement[]): Placement | undefined {
    const length = this.entries[e].minutes * MINUTE;
    const routine = this.routineWall[e];
    for (let rank = 0; rank < this.ranked[e].length; rank++) {
      const staff = this.ranked[e][rank];
      if (!this.calendar.hasSlot(staff, day)) continue;
      let best: Slot | undefined;
      let bestDistance = Infinity;
      for (const slot of this.calendar.slots(staff, day)) {
        const end = slot.start + length;
        if (taken.some((other) => other.start < end && slot.start < other.end)) continue;
        const distance = routine === undefined ? 0 : Math.abs(slot.wall - routine);
        if (distance < bestDistance) {
          best = slot;
          bestDistance = distance;
          if (distance === 0) break;
        }
      }
      if (best) return { entry: e, staff, rank, day, offset, start: best.start, end: best.start + length, wall: best.wall };
    }
    return undefined;
  }

  /**
   * Visits for every entry of `combination` on one day, none overlapping: each order of the entries is
   * tried with the routine choice of `place`, the cheapest kept; if no order works, visits back to back
   * as early as possible (which finds a packing for an order whenever one exists).
   */
  private pack(day: number, offset: number, combination: readonly number[]): Placement[] | undefined {
    const orders = combination.length <= 4 ? permutations(combination) : [combination];
    let best: Placement[] | undefined;
    let bestCost: Cost | undefined;
    for (const order of orders) {
      const taken: Placement[] = [];
      for (const e of order) {
        const placement = this.place(day, offset, e, taken);
        if (!placement) break;
        taken.push(placement);
      }
      if (taken.length < order.length) continue;
      const cost = this.option(taken).cost;
      if (!bestCost || lexCompare(cost, bestCost) < 0) {
        best = taken;
        bestCost = cost;
      }
    }
    if (best) return best;
    for (const order of orders) {
      const packed = this.packEarliest(day, offset, order);
      if (packed) return packed;
    }
    return undefined;
  }

  private packEarliest(day: number, offset: number, order: readonly number[]): Placement[] | undefined {
    const placements: Placement[] = [];
    let notBefore = -Infinity;
    for (const e of order) {
      const length = this.entries[e].minutes * MINUTE;
      let best: Placement | undefined;
      this.ranked[e].forEach((staff, rank) => {
        if (!this.calendar.hasSlot(staff, day)) return;
        const slot = this.calendar.slots(staff, day).find((candidate) => candidate.start >= notBefore);
        if (slot && (!best || slot.start + length < best.end)) {
          best = { entry: e, staff, rank, day, offset, start: slot.start, end: slot.start + length, wall: slot.wall };
        }
      });
      if (!best) return undefined;
      placements.push(best);
      notBefore = best.end;
    }
    return placements;
  }

  private option(placements: Placement[]): DayOption {
    const cost = new Array<number>(COST_LENGTH).fill(0);
    cost[STACKED] = placements.length - 1;
    for (const placement of placements) {
      const { entry, rank, offset, wall } = placement;
      const routine = this.routineWall[entry];
      const weekdays = this.routineWeekdays[entry];
      cost[0] += rank > 0 ? 1 : 0;
      cost[1] += rank;
      cost[5] += routine === undefined ? 0 : Math.abs(wall - routine);
      cost[6] += weekdays && !weekdays.has(this.calendar.days[placement.day].weekday) ? 1 : 0;
      cost[7] += offset * DAY_MINUTES + wall;
    }
    const entries = placements.map((p) => p.entry).sort((a, b) => a - b);
    const added = [...new Set(entries)].map((entry) => ({ entry, visits: entries.filter((e) => e === entry).length }));
    return { entries, added, placements, cost };
  }

  private materialize(week: number, placement: Placement): PlannedIndividualVisit {
    const entry = this.entries[placement.entry];
    const roomId = this.calendar.freeRoom(entry.roomKind, placement.start, placement.end, this.lastRoom[placement.entry]);
    // Slots exist only where some room of the kind is free, so this cannot happen.
    if (roomId === undefined) throw new Error(`no free ${entry.roomKind} for a planned ${entry.discipline} visit`);
    this.lastRoom[placement.entry] = roomId;
    return {
      week: week + 1,
      discipline: entry.discipline,
      staffId: this.request.staff[placement.staff].id,
      roomId,
      start: placement.start,
      end: placement.end,
    };
  }

  /** Updates the routine (time and weekdays) and the occupied days after a week is planned. */
  private remember(placements: readonly Placement[]): void {
    const weekdays = new Map<number, Set<number>>();
    for (const placement of placements) {
      this.occupiedDays.add(placement.day);
      this.routineWall[placement.entry] ??= placement.wall;
      const set = weekdays.get(placement.entry) ?? new Set<number>();
      set.add(this.calendar.days[placement.day].weekday);
      weekdays.set(placement.entry, set);
    }
    for (const [entry, set] of weekdays) this.routineWeekdays[entry] = set;
  }

  /** Why mix entry `e` got `planned` of its `asked` visits in `week`. */
  private shortfall(week: number, e: number, planned: number, asked: number): string {
    const { discipline, roomKind } = this.entries[e];
    const staff = this.ranked[e];
    if (staff.length === 0) return `${discipline}: no ${discipline} on the staff`;
    const free: LocalDate[] = [];
    for (let day = week * 7; day < week * 7 + 7; day++) {
      if (staff.some((member) => this.calendar.hasSlot(member, day))) free.push(this.calendar.days[day].date);
    }
    const dates = free.join(', ');
    if (free.length === 0) return `${discipline}: no free ${roomKind} slot on open days${this.closures(week, staff)}`;
    if (free.length * this.request.maxVisitsPerDay < asked) {
      return `${discipline}: ${planned} of ${asked} planned; free ${roomKind} slots on only ${free.length} open day(s) (${dates})${this.closures(week, staff)}`;
    }
    // The discipline had room, the patient's days did not: closures of anyone in the mix matter.
    return (
      `${discipline}: ${planned} of ${asked} planned; the days with a free slot (${dates}) are taken by other visits ` +
      `(at most ${this.request.maxVisitsPerDay} a day)${this.closures(week, this.ranked.flat())}`
    );
  }

  /** ' (2026-05-14 closed: Kristi himmelsfärdsdag)' for the closed days of the week on which one of `staff` works. */
  private closures(week: number, staff: readonly number[]): string {
    const closed: string[] = [];
    for (let day = week * 7; day < week * 7 + 7; day++) {
      const { date, weekday, closedReason } = this.calendar.days[day];
      if (closedReason !== undefined && staff.some((member) => this.calendar.worksOn(member, weekday))) closed.push(`${date} closed: ${closedReason}`);
    }
    return closed.length > 0 ? ` (${closed.join('; ')})` : '';
  }
}

/**
 * Layers of the week's program kept at most this large. Realistic weeks (3–4 visits, one a day, up to
 * five disciplines) stay far below it and are solved exactly; beyond it the best partial weeks (most
 * visits first, then cost) are kept, a beam search.
 */
const MAX_LAYER = 400;

/**
 * The best last node of the week's program over `options` (per day), with at most `caps[e]` visits of
 * entry e and `demand.target` visits in all; undefined only when no visit can be planned at all.
 */
function bestNode(options: readonly DayOption[][], occupancy: number, demand: WeekDemand, caps: readonly number[], budget: Budget): Node | undefined {
  const radix = demand.target + 1;
  const powers = caps.map((_, e) => radix ** e);
  const start: Node = {
    code: 0,
    count: 0,
    occupancy,
    cost: new Array<number>(COST_LENGTH).fill(0),
    parent: undefined,
    option: undefined,
  };
  let layer = [start];
  for (const dayOptions of options) {
    budget.spend();
    const next = new Map<number, Node>();
    for (const node of layer) {
      relax(next, node, undefined, powers);
      for (const option of dayOptions) {
        if (node.count + option.entries.length > demand.target || exceeds(node.code, option, caps, powers, radix)) continue;
        relax(next, node, option, powers);
      }
    }
    layer = [...next.values()];
    if (layer.length > MAX_LAYER) layer = layer.sort((a, b) => b.count - a.count || lexCompare(a.cost, b.cost)).slice(0, MAX_LAYER);
  }

  let best: Node | undefined;
  let bestKey: number[] = [];
  for (const node of layer) {
    let substitutes = 0;
    let missing = 0;
    caps.forEach((_, e) => {
      const count = Math.floor(node.code / powers[e]) % radix;
      substitutes += Math.max(0, count - demand.perEntry[e]);
      if (demand.perEntry[e] > 0 && count === 0) missing++;
    });
    const key = [-node.count, substitutes, missing, ...node.cost];
    if (!best || lexCompare(key, bestKey) < 0) {
      best = node;
      bestKey = key;
    }
  }
  return best;
}

/** Whether adding `option` to the visits coded by `code` takes an entry beyond its cap. */
function exceeds(code: number, option: DayOption, caps: readonly number[], powers: readonly number[], radix: number): boolean {
  for (const { entry, visits } of option.added) {
    if (Math.floor(code / powers[entry]) % radix + visits > caps[entry]) return true;
  }
  return false;
}

/** Moves `node` through one day (with `option`'s visits, or none) into the next layer if it is better there. */
function relax(next: Map<number, Node>, node: Node, option: DayOption | undefined, powers: readonly number[]): void {
  const occupancy = ((node.occupancy & 1) << 1) | (option ? 1 : 0);
  let code = node.code;
  if (option) for (const e of option.entries) code += powers[e];
  const key = code * 4 + occupancy;
  const triple = option && (node.occupancy & 3) === 3 ? 1 : 0;
  const pair = option && node.occupancy & 1 ? 1 : 0;
  const existing = next.get(key);
  // Compare before building anything: most moves lose.
  if (existing) {
    let verdict = 0;
    for (let i = 0; i < COST_LENGTH && verdict === 0; i++) {
      const value = node.cost[i] + (option ? option.cost[i] : 0) + (i === TRIPLES ? triple : i === PAIRS ? pair : 0);
      verdict = value - existing.cost[i];
    }
    if (verdict >= 0) return;
  }
  const cost = node.cost.slice();
  if (option) {
    for (let i = 0; i < COST_LENGTH; i++) cost[i] += option.cost[i];
    cost[TRIPLES] += triple;
    cost[PAIRS] += pair;
  }
  next.set(key, { code, count: node.count + (option?.entries.length ?? 0), occupancy, cost, parent: node, option });
}

function lexCompare(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

/** Multisets of `items` with 1..size elements, as sorted arrays. */
function multisets(items: readonly number[], size: number): number[][] {
  const result: number[][] = [];
  const build = (from: number, current: number[]): void => {
    if (current.length > 0) result.push([...current]);
    if (current.length === size) return;
    for (let i = from; i < items.length; i++) build(i, [...current, items[i]]);
  };
  build(0, []);
  return result;
}

/** Distinct orders of `items`. */
function permutations(items: readonly number[]): number[][] {
  if (items.length <= 1) return [[...items]];
  const seen = new Set<string>();
  const result: number[][] = [];
  items.forEach((item, i) => {
    for (const rest of permutations([...items.slice(0, i), ...items.slice(i + 1)])) {
      const order = [item, ...rest];
      const key = order.join(',');
      if (!seen.has(key)) {
        seen.add(key);
        result.push(order);
      }
    }
  });
  return result;
}

function continuityNotes(
  request: IndividualPlanRequest,
  entries: readonly MixEntry[],
  ranked: readonly (readonly number[])[],
  visits: readonly PlannedIndividualVisit[],
): string[] {
  return entries.flatMap((entry, e) => {
    const own = visits.filter((visit) => visit.discipline === entry.discipline);
    if (own.length === 0 || ranked[e].length === 0) return [];
    const main = request.staff[ranked[e][0]];
    const switched = new Map<number, string[]>();
    for (const visit of own) {
      if (visit.staffId !== main.id) pushTo(switched, visit.week, visit.staffId);
    }
    if (switched.size === 0) return [`${entry.discipline}: ${main.name} (${main.id}) throughout`];
    const weeks = [...switched.keys()];
    const others = [...new Set([...switched.values()].flat())];
    return [`${entry.discipline}: ${main.name} (${main.id}), except ${weekList(weeks)} with ${others.join(', ')}`];
  });
}

// ---------------------------------------------------------------------------------------------
// The independent rule checker.
// ---------------------------------------------------------------------------------------------

/**
 * Every rule a planned (or moved) visit must obey, checked directly against the request without the
 * planner's machinery. Goals (weekly counts, mix, continuity) are not rules and are not checked.
 * Empty = valid.
 */
export function individualPlanViolations(request: IndividualPlanRequest, visits: readonly PlannedIndividualVisit[]): string[] {
  const violations: string[] = [];
  for (const visit of visits) violations.push(...visitViolations(request, visit));
  visits.forEach((a, i) =>
    visits.slice(i + 1).forEach((b) => {
      if (overlaps(a, b)) violations.push(`${describe(request, a)} overlaps ${describe(request, b)}`);
    }),
  );
  const perDay = new Map<LocalDate, number>();
  for (const visit of visits) {
    const date = localDateOf(visit.start, request.zone);
    perDay.set(date, (perDay.get(date) ?? 0) + 1);
  }
  for (const [date, count] of perDay) {
    if (count > request.maxVisitsPerDay) violations.push(`${count} visits on ${date}, at most ${request.maxVisitsPerDay} allowed`);
  }
  return violations;
}

function describe(request: IndividualPlanRequest, visit: PlannedIndividualVisit): string {
  const { zone } = request;
  return `week ${visit.week} ${visit.discipline} visit ${localDateOf(visit.start, zone)} ${localTimeOf(visit.start, zone)}–${localTimeOf(visit.end, zone)}`;
}

function visitViolations(request: IndividualPlanRequest, visit: PlannedIndividualVisit): string[] {
  const problems: string[] = [];
  if (!Number.isInteger(visit.week) || visit.week < 1 || visit.week > request.weeks) {
    problems.push(`week must be 1–${request.weeks}`);
  } else {
    const date = localDateOf(visit.start, request.zone);
    const first = addDays(request.startDate, 7 * (visit.week - 1));
    const last = addDays(first, 6);
    if (date < first || date > last) problems.push(`not in week ${visit.week} (${first}–${last})`);
  }
  const entry = request.mix.find((candidate) => candidate.discipline === visit.discipline);
  if (!entry) problems.push(`${visit.discipline} is not in the mix`);
  problems.push(
    ...plannedVisitProblems(
      request,
      { ...visit, staffIds: [visit.staffId] },
      { minutes: entry?.minutes, roomKind: entry?.roomKind, discipline: visit.discipline, endAfterStart: true, busyOfWrongKind: true },
    ),
  );
  // Described only when something is wrong: the description costs three time-zone conversions.
  if (problems.length === 0) return [];
  const what = describe(request, visit);
  return problems.map((problem) => `${what}: ${problem}`);
}

// ---------------------------------------------------------------------------------------------
// Small helpers: validation, dates, sorted interval lists, the slot grid.
// ---------------------------------------------------------------------------------------------

function validate(request: IndividualPlanRequest): void {
  const problems: string[] = [];
  if (!isValidTimeZone(request.zone)) problems.push(`unknown time zone ${request.zone}`);
  if (!isValidLocalDate(request.startDate)) problems.push(`invalid startDate ${request.startDate}`);
  if (!Number.isInteger(request.weeks) || request.weeks < 1) problems.push('weeks must be a positive integer');
  if (!Number.isInteger(request.visitsPerWeek) || request.visitsPerWeek < 0) problems.push('visitsPerWeek must be a non-negative integer');
  if (!Number.isInteger(request.maxVisitsPerDay) || request.maxVisitsPerDay < 1) problems.push('maxVisitsPerDay must be a positive integer');
  if (!(request.slotStepMinutes > 0)) problems.push('slotStepMinutes must be positive');
  const seen = new Set<Discipline>();
  for (const entry of request.mix) {
    if (seen.has(entry.discipline)) problems.push(`${entry.discipline} is in the mix twice`);
    seen.add(entry.discipline);
    if (!(entry.perWeek >= 0) || !Number.isFinite(entry.perWeek)) problems.push(`${entry.discipline}: perWeek must be 0 or more`);
    if (!(entry.minutes > 0)) problems.push(`${entry.discipline}: minutes must be positive`);
  }
  if (problems.length > 0) throw new RangeError(problems.join('; '));
}

function wallMinutes(time: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  return hours * 60 + minutes;
}

