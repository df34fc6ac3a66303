import { calendarDates, freeParts, gridStart, isFree, mergeIntervals, unavailablePeriods, UnavailableTime } from '../time/free-time';
import { Budget } from '../budget';
import { addOpenWeekdays, ClosedDays } from '../time/holidays';
import { Interval, overlaps } from '../time/interval';
import { addDays, daysBetween, isoWeekOf, LocalDate, localDateOf, localTimeOf, weekdayOf } from '../time/local-time';
import { WorkingHoursBlock, workingIntervals } from '../time/working-hours';
import { Discipline } from '../vocabulary';
import { PlannerRoom, PlannerStaff } from './resources';
import { plannedVisitProblems } from './visit-violations';

export type { PlannerRoom, PlannerStaff, UnavailableTime };

/**
 * Plans a whole assessment (utredning): one visit with each requested discipline, then the
 * feedback conversation (återkopplingssamtal) with the physician and one other assessing clinician.
 *
 * The plan is exact on the whole objective: (a) earliest feedback end, (b) earliest end of the last
 * assessment visit, (c) fewest patient days, (d) least already-booked staff time. How:
 *
 * 1. Every staff member's free time on a day (working hours minus their own, the patient's busy
 *    and unavailable time) is computed once, lazily, as a sorted list; bookable slots are the grid
 *    starts inside it with a free room of the right kind.
 * 2. The earliest end of a complete assessment is found by a dynamic program over days whose state
 *    is the set of disciplines already seen (at most 2^5 states). On one day, the best finish of a
 *    set of disciplines is again a small program over subsets: for a fixed order of visits, taking
 *    each as early as possible is optimal. This is complete, unlike picking disciplines greedily.
 * 3. The feedback needs the physician p and another clinician o of the same plan, so the optimum of
 *    (a) is the best, over all pairs (p, o), of the earliest feedback after the earliest assessment
 *    that uses both. Pairs are tried in the order of a lower bound (assessments with only p, or only
 *    o, fixed) and the search stops as soon as the bound is worse than the best pair found.
 * 4. Among the pairs that reach the optimum of (a) and (b), a second program over days and sets of
 *    disciplines minimises (days, load) for assessments ending no later than that optimum. Who sees
 *    a set of disciplines on one day is a small branch-and-bound (lightest staff first); it is
 *    exponential only in maxVisitsPerDay and in practice stops at its first leaf.
 *
 * Where the rules leave room, this module decides:
 * - The feedback's slot grid is that of the physician's working interval (the first of its staff).
 * - The feedback starts after the last assessment visit has ended (this only matters when
 *   feedbackMinWorkingDaysAfter is 0), and is never on a closed day.
 * - Staff load (d) counts every staff member of every visit in the ISO week of that visit, so the
 *   feedback adds its physician's and other clinician's minutes of the feedback's week.
 * - A visit gets the first free room of its kind in request order; remaining ties go to earlier
 *   days and to staff earlier in the request, so the result is deterministic.
 * - Nonsensical settings (no positive slot step, window or visits per day) throw a RangeError.
 *
 * replanVisit moves one visit (or the feedback) of a booked assessment with the same machinery: the
 * free time and slot grid of a calendar in which the visits that stay are the patient's busy time,
 * and the same feedback search; the rule checker decides whether the booked feedback can stay.
 */

/** A staff member as the assessment planner sees them: with their booked minutes a week, for criterion (d). */
export type AssessmentStaff = PlannerStaff & {
  /** Minutes already booked per ISO week ('2026-W48'); missing weeks count as 0. */
  bookedMinutesByWeek?: Readonly<Record<string, number>>;
};

export interface AssessmentPlanRequest {
  zone: string;
  closedDays: ClosedDays;
  earliestDate: LocalDate;
  windowDays: number;
  disciplines: readonly Discipline[];
  /** Missing disciplines take 90 minutes. */
  visitMinutes: Readonly<Partial<Record<Discipline, number>>>;
  /** Missing disciplines use an 'office'. */
  roomKindByDiscipline: Readonly<Partial<Record<Discipline, string>>>;
  maxVisitsPerDay: number;
  feedbackMinutes: number;
  feedbackMinWorkingDaysAfter: number;
  feedbackExtraDays: number;
  feedbackRoomKind: string;
  slotStepMinutes: number;
  patientBusy: readonly Interval[];
  patientUnavailable?: readonly UnavailableTime[];
  preferredStaff?: Readonly<Partial<Record<Discipline, string>>>;
  staff: readonly AssessmentStaff[];
  rooms: readonly PlannerRoom[];
  /** Work shared with earlier plans on the same staff, rooms and settings (see FreeTimeMemo). */
  memo?: FreeTimeMemo;
  /** How long planning may take; BudgetExceeded past it. Unlimited when left out. */
  budget?: Budget;
}

export interface PlannedVisit {
  discipline: Discipline | 'feedback';
  staffIds: string[];
  roomId: string;
  start: number;
  end: number;
}

/** Why no plan exists, in English, for the discipline (or the feedback) that lacks capacity. */
export interface AssessmentPlanReason {
  discipline: Discipline | 'feedback';
  problem: string;
}

export type AssessmentPlanResult =
  | { feasible: true; visits: PlannedVisit[]; feedback: PlannedVisit }
  | { feasible: false; reasons: AssessmentPlanReason[] };

const DEFAULT_VISIT_MINUTES = 90;
const DEFAULT_ROOM_KIND = 'office';
const MINUTE = 60_000;

/**
 * The best plan for one patient's assessment (see the objective above), with its visits sorted by
 * start and the feedback with staffIds [physician, other clinician]; or the reasons none exists.
 */
export function planAssessment(request: AssessmentPlanRequest): AssessmentPlanResult {
  const calendar = new PlanningCalendar(request);
  const setupProblems = requestProblems(calendar);
  if (setupProblems.length > 0) return { feasible: false, reasons: setupProblems };

  const allowed = calendar.allowedStaff();
  const earliest = earliestCompletion(calendar, allowed);
  if (!earliest) return { feasible: false, reasons: capacityProblems(calendar, allowed) };

  const contenders = fastestFeedbackContenders(calendar, allowed, earliest);
  if (contenders.length === 0) return { feasible: false, reasons: [feedbackProblem(calendar, earliest)] };
  return lightestPlan(calendar, allowed, contenders);
}

// ---------------------------------------------------------------------------------------------
// The calendar: days of the window and everyone's free time, computed lazily and only once.
// ---------------------------------------------------------------------------------------------

/** A bookable visit time. `staff` is a position in the request's staff list, `discipline` in its list of disciplines. */
interface Slot {
  staff: number;
  discipline: number;
  start: number;
  end: number;
  roomId: string;
}

/** Free time inside one working interval; `origin` is that interval's start, where the slot grid begins. */
interface FreePiece extends Interval {
  origin: number;
}

/**
 * What planning works out per staff member and date that does not depend on the patient: free time
 * (working hours minus bookings and absences), assessment slots with a free room, and the merged
 * busy lists of staff and rooms they come from. A batch plans hundreds of patients on one calendar,
 * each plan on the last one's work. A memo belongs to one calendar (staff in one order, rooms, zone,
 * closed days, visit settings, disciplines in one order), and whoever adds to its busy lists tells
 * it (`booked`).
 */
export class FreeTimeMemo {
  private readonly freeTime = new Map<LocalDate, Map<string, readonly FreePiece[]>>();
  private readonly slots = new Map<LocalDate, Map<string, readonly Slot[]>>();
  private readonly staffBusy = new Map<string, readonly Interval[]>();
  private readonly roomBusy = new Map<string, readonly Interval[]>();

  /** A visit on `date` was added to the busy lists of its staff members and its room. */
  booked(date: LocalDate, visit: Pick<PlannedVisit, 'staffIds' | 'roomId' | 'start' | 'end'>): void {
    const slots = this.slots.get(date);
    for (const id of visit.staffIds) {
      this.staffBusy.delete(id);
      this.freeTime.get(date)?.delete(id);
      slots?.delete(id);
    }
    this.roomBusy.delete(visit.roomId);
    // A slot takes the first free room of its kind. One in another room still has it, and no earlier
    // room became free; so only slots that had this room at this time must look again.
    for (const [id, list] of slots ?? []) {
      if (list.some((slot) => slot.roomId === visit.roomId && overlaps(slot, visit))) slots!.delete(id);
    }
  }

  /** A staff member's busy list sorted and merged: long lists, the same for every plan until a booking. */
  staffBusyOf(staffId: string, busy: readonly Interval[]): readonly Interval[] {
    return mergedOnce(this.staffBusy, staffId, busy);
  }

  roomBusyOf(roomId: string, busy: readonly Interval[]): readonly Interval[] {
    return mergedOnce(this.roomBusy, roomId, busy);
  }

  freeTimeOf(staffId: string, date: LocalDate, compute: () => readonly FreePiece[]): readonly FreePiece[] {
    return remember(this.freeTime, date, staffId, compute);
  }

  slotsOf(staffId: string, date: LocalDate, compute: () => readonly Slot[]): readonly Slot[] {
    return remember(this.slots, date, staffId, compute);
  }
}

function mergedOnce(cache: Map<string, readonly Interval[]>, id: string, busy: readonly Interval[]): readonly Interval[] {
  let merged = cache.get(id);
  if (!merged) cache.set(id, (merged = mergeIntervals(busy)));
  return merged;
}

function remember<T>(cache: Map<LocalDate, Map<string, T>>, date: LocalDate, id: string, compute: () => T): T {
  let byId = cache.get(date);
  if (!byId) cache.set(date, (byId = new Map()));
  let value = byId.get(id);
  if (value === undefined) byId.set(id, (value = compute()));
  return value;
}

/** Slots of several staff members; see PlanningCalendar.pooledSlots. */
interface PooledSlots {
  slots: readonly Slot[];
  earliestEndingFrom: readonly number[];
}

function poolSlots(slotsByMember: readonly (readonly Slot[])[]): PooledSlots {
  // Array.sort is stable: members' slots in list order, so equal starts keep that order.
  const pooled = slotsByMember.flatMap((slots, position) => slots.map((slot) => ({ slot, position })));
  pooled.sort((a, b) => a.slot.start - b.slot.start);
  const earliestEndingFrom = new Array<number>(pooled.length);
  for (let i = pooled.length - 1; i >= 0; i--) {
    const later = earliestEndingFrom[i + 1];
    const keep =
      later === undefined ||
      pooled[i].slot.end < pooled[later].slot.end ||
      (pooled[i].slot.end === pooled[later].slot.end && pooled[i].position < pooled[later].position);
    earliestEndingFrom[i] = keep ? i : later;
  }
  return { slots: pooled.map((entry) => entry.slot), earliestEndingFrom };
}

interface Day {
  date: LocalDate;
  weekday: number;
  closed: boolean;
}

/** The earliest a set of visits can be over, and on which day. */
interface Completion {
  end: number;
  day: number;
}

/** Staff allowed per requested discipline (indices into request.staff), by position in the discipline list. */
type Restriction = readonly (readonly number[])[];

/** A staff member's blocks per ISO weekday (index 1..7), with a text key to share their conversion. */
type WeeklyHours = readonly { blocks: readonly WorkingHoursBlock[]; signature: string }[];

function weeklyHours(hours: readonly WorkingHoursBlock[]): WeeklyHours {
  return Array.from({ length: 8 }, (_, weekday) => {
    const blocks = hours.filter((block) => block.weekday === weekday);
    return { blocks, signature: blocks.map((block) => `${block.start}-${block.end}`).join(',') };
  });
}

class PlanningCalendar {
  readonly disciplines: readonly Discipline[];
  readonly days: readonly Day[];
  readonly assessmentDays: readonly number[];
  readonly stepMs: number;
  readonly budget: Budget;
  private readonly firstWeekday: number;
  private readonly patientBusy: readonly Interval[];
  private readonly roomsByKind = new Map<string, { id: string; busy: readonly Interval[] }[]>();
  private readonly staffBusy: (readonly Interval[] | undefined)[] = [];
  private readonly freeCache: (readonly FreePiece[] | undefined)[] = [];
  private readonly slotCache: (readonly Slot[] | undefined)[] = [];
  private readonly unavailableCache: (readonly Interval[] | undefined)[] = [];
  private readonly weekCache: (string | undefined)[] = [];
  private readonly leastLoadCache: (number | undefined)[] = [];
  private readonly poolCache = new Map<readonly number[], (PooledSlots | undefined)[]>();
  private readonly singles: (readonly number[] | undefined)[] = [];
  private allowed: Restriction | undefined;
  private readonly restrictions = new Map<Restriction, Map<number, Restriction>>();
  private readonly packings = new Map<Restriction, (DayPacking | undefined)[]>();
  private readonly staffKeys = new Map<readonly number[], string>();
  // Staff usually share their hours, so one conversion per date and distinct set of blocks is enough.
  private readonly hoursCache = new Map<string, Interval[]>();
  private readonly weeklyHours: (WeeklyHours | undefined)[] = [];
  /** Cheapest staffing of a set of disciplines on a day (see dayOptions). */
  readonly staffingCache = new Map<string, PartialPlan | undefined>();

  constructor(readonly request: AssessmentPlanRequest) {
    if (!(request.slotStepMinutes > 0) || !(request.maxVisitsPerDay >= 1) || !(request.windowDays >= 1)) {
      throw new RangeError('slotStepMinutes, maxVisitsPerDay and windowDays must be positive');
    }
    this.disciplines = [...new Set(request.disciplines)];
    this.firstWeekday = weekdayOf(request.earliestDate);
    const dayCount = request.windowDays + Math.max(0, request.feedbackExtraDays);
    this.days = calendarDates(request.earliestDate, dayCount).map((date, i) => ({
      date,
      weekday: ((this.firstWeekday - 1 + i) % 7) + 1,
      closed: request.closedDays.isClosed(date),
    }));
    this.assessmentDays = this.days.flatMap((day, i) => (i < request.windowDays && !day.closed ? [i] : []));
    this.stepMs = request.slotStepMinutes * MINUTE;
    this.budget = request.budget ?? Budget.unlimited;
    this.patientBusy = mergeIntervals(request.patientBusy);
    for (const room of request.rooms) {
      const rooms = this.roomsByKind.get(room.kind) ?? [];
      rooms.push({ id: room.id, busy: request.memo?.roomBusyOf(room.id, room.busy) ?? mergeIntervals(room.busy) });
      this.roomsByKind.set(room.kind, rooms);
    }
  }

  get lastDay(): number {
    return this.days.length - 1;
  }

  positionOf(discipline: Discipline): number {
    return this.disciplines.indexOf(discipline);
  }

  visitMs(discipline: Discipline): number {
    return (this.request.visitMinutes[discipline] ?? DEFAULT_VISIT_MINUTES) * MINUTE;
  }

  roomKind(discipline: Discipline): string {
    return this.request.roomKindByDiscipline[discipline] ?? DEFAULT_ROOM_KIND;
  }

  /** Per requested discipline, the staff who may do its visit: the preferred member only, when there is one. */
  allowedStaff(): Restriction {
    return (this.allowed ??= this.disciplines.map((discipline) => {
      const preferred = this.request.preferredStaff?.[discipline];
      return this.request.staff.flatMap((member, index) =>
        member.discipline === discipline && (preferred === undefined || member.id === preferred) ? [index] : [],
      );
    }));
  }

  /**
   * `restrict`'s results are remembered, so a restriction made twice is the same object and finds
   * the packings (see rememberPacking) computed for it the first time.
   */
  restrict(allowed: Restriction, discipline: number, staff: number): Restriction {
    let made = this.restrictions.get(allowed);
    if (!made) this.restrictions.set(allowed, (made = new Map()));
    const key = discipline * this.request.staff.length + staff;
    let restriction = made.get(key);
    if (!restriction) made.set(key, (restriction = allowed.map((list, i) => (i === discipline ? this.only(staff) : list))));
    return restriction;
  }

  rememberPacking(allowed: Restriction, day: number, compute: () => DayPacking): DayPacking {
    let byDay = this.packings.get(allowed);
    if (!byDay) this.packings.set(allowed, (byDay = []));
    return (byDay[day] ??= compute());
  }

  /** The list of just this staff member, always the same array: caches keyed by a list find it again. */
  only(staff: number): readonly number[] {
    return (this.singles[staff] ??= [staff]);
  }

  /** A list of staff as (part of) a cache key, spelled out once per list. */
  staffKey(staff: readonly number[]): string {
    let key = this.staffKeys.get(staff);
    if (key === undefined) this.staffKeys.set(staff, (key = staff.join(',')));
    return key;
  }

  /** A working day for the feedback rule: Monday to Friday and the site open. */
  isWorkingDay(day: number): boolean {
    return this.days[day].weekday <= 5 && !this.days[day].closed;
  }

  /** The day `count` working days after `day`, or undefined when that is past the last feedback day. */
  workingDaysLater(day: number, count: number): number | undefined {
    let result = day;
    for (let remaining = count; remaining > 0; ) {
      result++;
      if (result > this.lastDay) return undefined;
      if (this.isWorkingDay(result)) remaining--;
    }
    return result;
  }

  /** Minutes the staff member already has booked in the ISO week of `day`. */
  load(staff: number, day: number): number {
    // Days of one ISO week share its label, so each week is named once.
    const week = Math.floor((this.firstWeekday - 1 + day) / 7);
    this.weekCache[week] ??= isoWeekOf(this.days[day].date);
    return this.request.staff[staff].bookedMinutesByWeek?.[this.weekCache[week]] ?? 0;
  }

  /** The staff member's least load on the days up to `lastDay` they have a slot (Infinity when there are none). */
  leastLoad(staff: number, lastDay: number): number {
    const key = staff * this.days.length + lastDay;
    let least = this.leastLoadCache[key];
    if (least === undefined) {
      least = Infinity;
      for (const day of this.assessmentDays) {
        if (day > lastDay) break;
        if (this.assessmentSlots(staff, day).length > 0) least = Math.min(least, this.load(staff, day));
      }
      this.leastLoadCache[key] = least;
    }
    return least;
  }

  /** Assessment visits the staff member could hold on `day`, sorted by start. */
  assessmentSlots(staff: number, day: number): readonly Slot[] {
    const key = staff * this.days.length + day;
    return (this.slotCache[key] ??= this.buildAssessmentSlots(staff, day));
  }

  /**
   * The slots of several staff members on `day` in one list by start (ties in list order), and for
   * each position the earliest-ending slot from there on: one search instead of one per member.
   * Keyed by the list itself, which lives as long as the plan.
   */
  pooledSlots(staff: readonly number[], day: number): PooledSlots {
    let byDay = this.poolCache.get(staff);
    if (!byDay) this.poolCache.set(staff, (byDay = []));
    return (byDay[day] ??= poolSlots(staff.map((member) => this.assessmentSlots(member, day))));
  }

  /** The staff member's working time on `day` that neither they nor the patient have taken. */
  freePieces(staff: number, day: number): readonly FreePiece[] {
    const key = staff * this.days.length + day;
    return (this.freeCache[key] ??= this.buildFreePieces(staff, day));
  }

  /** The first room of `kind` (in request order) free for the whole of [start, end). */
  freeRoom(kind: string, start: number, end: number): string | undefined {
    return this.roomsByKind.get(kind)?.find((room) => isFree(room.busy, start, end))?.id;
  }

  private buildAssessmentSlots(staff: number, day: number): readonly Slot[] {
    if (day >= this.request.windowDays || this.days[day].closed) return [];
    const id = this.request.staff[staff].id;
    const slots = this.request.memo?.slotsOf(id, this.days[day].date, () => this.staffSlots(staff, day)) ?? this.staffSlots(staff, day);
    // The slot grid starts with each working interval, so the patient's busy time only removes slots.
    const patient = this.patientBlocked(day);
    if (patient.every((busy) => busy.length === 0)) return slots;
    return slots.filter((slot) => patient.every((busy) => isFree(busy, slot.start, slot.end)));
  }

  /** Grid starts in the staff member's free time with a free room of the discipline's kind. */
  private staffSlots(staff: number, day: number): Slot[] {
    const discipline = this.request.staff[staff].discipline;
    const position = this.positionOf(discipline);
    const length = this.visitMs(discipline);
    const kind = this.roomKind(discipline);
    const slots: Slot[] = [];
    for (const piece of this.staffFreeTime(staff, day)) {
      for (let start = gridStart(piece.origin, piece.start, this.stepMs); start + length <= piece.end; start += this.stepMs) {
        const roomId = this.freeRoom(kind, start, start + length);
        if (roomId !== undefined) slots.push({ staff, discipline: position, start, end: start + length, roomId });
      }
    }
    return slots;
  }

  private buildFreePieces(staff: number, day: number): readonly FreePiece[] {
    const own = this.staffFreeTime(staff, day);
    const patient = this.patientBlocked(day);
    if (patient.every((busy) => busy.length === 0)) return own;
    return own.flatMap((piece) => freeParts(piece, patient).map((part) => ({ ...part, origin: piece.origin })));
  }

  /** Working time the staff member's own bookings and absences leave free. */
  private staffFreeTime(staff: number, day: number): readonly FreePiece[] {
    const compute = () => {
      const { id, busy: own } = this.request.staff[staff];
      const busy = (this.staffBusy[staff] ??= this.request.memo?.staffBusyOf(id, own) ?? mergeIntervals(own));
      return this.workingHours(staff, day).flatMap((hours) => freeParts(hours, [busy]).map((part) => ({ ...part, origin: hours.start })));
    };
    return this.request.memo?.freeTimeOf(this.request.staff[staff].id, this.days[day].date, compute) ?? compute();
  }

  private patientBlocked(day: number): readonly (readonly Interval[])[] {
    return [this.patientBusy, this.unavailable(day)];
  }

  private workingHours(staff: number, day: number): Interval[] {
    const { date, weekday } = this.days[day];
    const week = (this.weeklyHours[staff] ??= weeklyHours(this.request.staff[staff].workingHours));
    const { blocks, signature } = week[weekday];
    if (blocks.length === 0) return [];
    const key = `${date} ${signature}`;
    let intervals = this.hoursCache.get(key);
    if (!intervals) {
      intervals = workingIntervals(blocks, date, this.request.zone);
      this.hoursCache.set(key, intervals);
    }
    return intervals;
  }

  private unavailable(day: number): readonly Interval[] {
    const unavailable = this.request.patientUnavailable ?? [];
    if (unavailable.length === 0) return [];
    return (this.unavailableCache[day] ??= mergeIntervals(unavailablePeriods(unavailable, this.days[day].date, this.request.zone)));
  }
}

// ---------------------------------------------------------------------------------------------
// Assessment visits: the earliest complete assessment, and the cheapest one by a deadline.
// ---------------------------------------------------------------------------------------------

/**
 * For a set of disciplines on one day (index = bitmask): the earliest end of all its visits, and the
 * last visit; `sets` lists the non-empty sets that can be seen at all.
 */
interface DayPacking {
  end: number[];
  last: (Slot | undefined)[];
  sets: number[];
}

/**
 * How early each set of disciplines can be seen on one day, one visit after another, using
 * `next(discipline, notBefore)` = the earliest slot starting at or after `notBefore`. Visits of one
 * patient cannot overlap, so a set is a sequence; for a fixed order, taking each visit as early as
 * possible leaves the most room for the rest, so the best finish of a set is the best over which of
 * its disciplines goes last. Sets larger than maxVisitsPerDay, or with a discipline outside the
 * `available` mask (no slot that day), stay impossible (Infinity).
 */
function packDay(
  size: number,
  maxVisits: number,
  next: (discipline: number, notBefore: number) => Slot | undefined,
  available: number,
  inherited?: { packing: DayPacking; changed: number },
): DayPacking {
  const end = new Array<number>(1 << size).fill(Infinity);
  const last = new Array<Slot | undefined>(1 << size);
  const sets: number[] = [];
  end[0] = -Infinity;
  for (let set = 1; set < 1 << size; set++) {
    if ((set & available) !== set || bitCount(set) > maxVisits) continue;
    if (inherited && !(set & inherited.changed)) {
      end[set] = inherited.packing.end[set];
      last[set] = inherited.packing.last[set];
      if (end[set] < Infinity) sets.push(set);
      continue;
    }
    for (let discipline = 0; discipline < size; discipline++) {
      const bit = 1 << discipline;
      if (!(set & bit) || end[set ^ bit] === Infinity) continue;
      const slot = next(discipline, end[set ^ bit]);
      if (slot && slot.end < end[set]) {
        end[set] = slot.end;
        last[set] = slot;
      }
    }
    if (end[set] < Infinity) sets.push(set);
  }
  return { end, last, sets };
}

/** The visits behind `packing.end[set]`, in time order. */
function packedSlots(packing: DayPacking, set: number): Slot[] {
  const slots: Slot[] = [];
  for (let rest = set; rest !== 0; ) {
    const slot = packing.last[rest]!;
    slots.unshift(slot);
    rest ^= 1 << slot.discipline;
  }
  return slots;
}

/**
 * The earliest-ending slot on `day` of any of `staff` starting at or after `notBefore`; of equal
 * ends, the one of the staff member earlier in the list.
 */
function earliestSlot(calendar: PlanningCalendar, staff: readonly number[], day: number, notBefore: number): Slot | undefined {
  if (staff.length === 1) {
    const slots = calendar.assessmentSlots(staff[0], day);
    return slots[firstStartingFrom(slots, notBefore)];
  }
  const pool = calendar.pooledSlots(staff, day);
  const from = firstStartingFrom(pool.slots, notBefore);
  return from < pool.slots.length ? pool.slots[pool.earliestEndingFrom[from]] : undefined;
}

/**
 * The packing of `day` with the staff `allowed`, remembered per restriction (an object that must not
 * change: see PlanningCalendar.restrict) and day.
 */
function packDayFor(calendar: PlanningCalendar, allowed: Restriction, day: number): DayPacking {
  return calendar.rememberPacking(allowed, day, () => packDayWith(calendar, allowed, day));
}

/** The packing of `day` with the staff `allowed`; the sets whose staff the plan's own list also has come from its packing. */
function packDayWith(calendar: PlanningCalendar, allowed: Restriction, day: number): DayPacking {
  // Every search of the planner packs days over and over: the one place to look at the clock.
  calendar.budget.spend();
  // Most days of a busy calendar have no slot for some discipline: sets with it need no search.
  let available = 0;
  allowed.forEach((staff, discipline) => {
    if (staff.length === 1 ? calendar.assessmentSlots(staff[0], day).length > 0 : calendar.pooledSlots(staff, day).slots.length > 0) {
      available |= 1 << discipline;
    }
  });
  const planned = calendar.allowedStaff();
  let changed = 0;
  allowed.forEach((staff, discipline) => {
    if (staff !== planned[discipline]) changed |= 1 << discipline;
  });
  return packDay(
    allowed.length,
    calendar.request.maxVisitsPerDay,
    (discipline, notBefore) => earliestSlot(calendar, allowed[discipline], day, notBefore),
    available,
    allowed !== planned && changed !== (1 << allowed.length) - 1 ? { packing: packDayFor(calendar, planned, day), changed } : undefined,
  );
}

/** Adds one day to the sets of disciplines that earlier days can cover (each day takes one packable set). */
function extendCoverable(coverable: readonly boolean[], packing: DayPacking): readonly boolean[] {
  if (packing.sets.length === 0) return coverable;
  const next = [...coverable];
  for (let covered = 0; covered < coverable.length; covered++) {
    if (!coverable[covered]) continue;
    for (const set of packing.sets) {
      if (!(covered & set)) next[covered | set] = true;
    }
  }
  return next;
}

/**
 * The earliest end of a complete assessment with the allowed staff (criterion b). Days are added in
 * order; the first day on which the rest can be covered by earlier days is the last day, and on it
 * the best finish is the best over which set of disciplines is seen that day.
 */
function earliestCompletion(calendar: PlanningCalendar, allowed: Restriction): Completion | undefined {
  const all = (1 << allowed.length) - 1;
  let coverable: readonly boolean[] = [true, ...new Array<boolean>(all).fill(false)];
  for (const day of calendar.assessmentDays) {
    const packing = packDayFor(calendar, allowed, day);
    let end = Infinity;
    for (const set of packing.sets) {
      if (coverable[all ^ set]) end = Math.min(end, packing.end[set]);
    }
    if (end < Infinity) return { end, day };
    coverable = extendCoverable(coverable, packing);
  }
  return undefined;
}

/** Which sets of disciplines the whole window can cover: explains an impossible assessment. */
function coverableSets(calendar: PlanningCalendar, allowed: Restriction): readonly boolean[] {
  let coverable: readonly boolean[] = [true, ...new Array<boolean>((1 << allowed.length) - 1).fill(false)];
  for (const day of calendar.assessmentDays) coverable = extendCoverable(coverable, packDayFor(calendar, allowed, day));
  return coverable;
}

/** Patient days and booked staff minutes of a (partial) plan; compared in that order. */
interface Cost {
  days: number;
  load: number;
}

interface PartialPlan extends Cost {
  slots: readonly Slot[];
}

function cheaper(a: Cost, b: Cost | undefined): boolean {
  return !b || compareCost(a, b) < 0;
}

function compareCost(a: Cost, b: Cost): number {
  return a.days - b.days || a.load - b.load;
}

/**
 * The assessment with the fewest patient days, then the least staff load, among those whose visits
 * all end by `deadline` (criteria c and d). A program over days whose state is the set of disciplines
 * seen so far; each day costs one patient day plus the cheapest staffing of the set seen that day.
 */
function cheapestAssessment(calendar: PlanningCalendar, allowed: Restriction, deadline: Completion): PartialPlan | undefined {
  const size = 1 << allowed.length;
  let best: (PartialPlan | undefined)[] = [{ days: 0, load: 0, slots: [] }, ...new Array<undefined>(size - 1)];
  for (const day of calendar.assessmentDays) {
    if (day > deadline.day) break;
    const options = dayOptions(calendar, allowed, day, deadline.end);
    if (options.length === 0) continue;
    const next = [...best];
    for (let covered = 0; covered < size; covered++) {
      const before = best[covered];
      if (!before) continue;
      for (const { set, option } of options) {
        if (covered & set) continue;
        const days = before.days + 1;
        const load = before.load + option.load;
        // Most candidates lose: build the plan only for one that wins.
        if (cheaper({ days, load }, next[covered | set])) next[covered | set] = { days, load, slots: [...before.slots, ...option.slots] };
      }
    }
    best = next;
  }
  return best[size - 1];
}

/** The sets of disciplines that can be seen on `day` with every visit ending by `limit`, each with its cheapest staffing. */
function dayOptions(calendar: PlanningCalendar, allowed: Restriction, day: number, limit: number): { set: number; option: PartialPlan }[] {
  // The unrestricted packing rules out impossible sets before the search over who does them.
  const possible = packDayFor(calendar, allowed, day);
  return possible.sets.flatMap((set) => {
    if (possible.end[set] > limit) return [];
    // Pairs of feedback clinicians differ in two disciplines only: the other sets' answers are shared.
    let key = `${day} ${limit} ${set}`;
    allowed.forEach((staff, discipline) => {
      if (set & (1 << discipline)) key += `/${calendar.staffKey(staff)}`;
    });
    if (!calendar.staffingCache.has(key)) calendar.staffingCache.set(key, cheapestStaffing(calendar, allowed, day, set, limit));
    const option = calendar.staffingCache.get(key);
    return option ? [{ set, option }] : [];
  });
}

/**
 * The staff choice with the least load that can see every discipline of `set` on `day` by `limit`.
 * Depth-first over disciplines with staff tried lightest first, pruned by the lightest possible rest;
 * it stops as soon as a choice reaches that lower bound (the usual case).
 */
function cheapestStaffing(calendar: PlanningCalendar, allowed: Restriction, day: number, set: number, limit: number): PartialPlan | undefined {
  const members = allowed.flatMap((_, discipline) => (set & (1 << discipline) ? [discipline] : []));
  const candidates = members.map((discipline) =>
    allowed[discipline]
      .filter((staff) => (calendar.assessmentSlots(staff, day)[0]?.end ?? Infinity) <= limit)
      .sort((a, b) => calendar.load(a, day) - calendar.load(b, day)),
  );
  if (candidates.some((list) => list.length === 0)) return undefined;
  // lightestRest[i]: the least load the disciplines from position i on can add.
  const lightestRest = [...candidates.map((_, i) => candidates.slice(i).reduce((sum, list) => sum + calendar.load(list[0], day), 0)), 0];

  let best: PartialPlan | undefined;
  const chosen = new Array<readonly number[]>(allowed.length).fill([]);
  const search = (depth: number, load: number): void => {
    if (depth === members.length) {
      // `chosen` changes as the search goes on: its packing is not one to remember.
      const packing = packDayWith(calendar, chosen, day);
      if (packing.end[set] <= limit) best = { days: 1, load, slots: packedSlots(packing, set) };
      return;
    }
    for (const staff of candidates[depth]) {
      const reached = best?.load ?? Infinity;
      const withStaff = load + calendar.load(staff, day);
      // Candidates are sorted by load, so once one cannot beat the best, no later one can.
      if (withStaff + lightestRest[depth + 1] >= reached || reached === lightestRest[0]) return;
      chosen[members[depth]] = calendar.only(staff);
      search(depth + 1, withStaff);
    }
  };
  search(0, 0);
  return best;
}

// ---------------------------------------------------------------------------------------------
// The feedback conversation and the choice of the physician and the other clinician.
// ---------------------------------------------------------------------------------------------

interface FeedbackSlot {
  day: number;
  start: number;
  end: number;
  roomId: string;
}

/** The first instant the feedback may start after an assessment completed at `completion`. */
function feedbackFrom(calendar: PlanningCalendar, completion: Completion): { day: number; notBefore: number } | undefined {
  const day = calendar.workingDaysLater(completion.day, calendar.request.feedbackMinWorkingDaysAfter);
  if (day === undefined) return undefined;
  // It sums the assessment up, so on the last visit's own day (0 working days) it comes after it.
  return { day, notBefore: day === completion.day ? completion.end : -Infinity };
}

/**
 * The earliest feedback conversation of `physician` and `other` after `completion`, not before
 * `firstDay`: a time both work and are free, on the physician's slot grid, with a free room of the
 * feedback kind.
 */
function earliestFeedback(
  calendar: PlanningCalendar,
  physician: number,
  other: number,
  completion: Completion,
  firstDay = 0,
): FeedbackSlot | undefined {
  const from = feedbackFrom(calendar, completion);
  if (!from) return undefined;
  const { feedbackMinutes, feedbackRoomKind } = calendar.request;
  const length = feedbackMinutes * MINUTE;
  for (let day = Math.max(from.day, firstDay); day <= calendar.lastDay; day++) {
    if (calendar.days[day].closed) continue;
    calendar.budget.spend();
    const notBefore = day === from.day ? from.notBefore : -Infinity;
    // Both lists are sorted and disjoint, so their intersections come out in time order.
    for (const mine of calendar.freePieces(physician, day)) {
      for (const theirs of calendar.freePieces(other, day)) {
        const end = Math.min(mine.end, theirs.end);
        const first = gridStart(mine.origin, Math.max(mine.start, theirs.start, notBefore), calendar.stepMs);
        for (let start = first; start + length <= end; start += calendar.stepMs) {
          const roomId = calendar.freeRoom(feedbackRoomKind, start, start + length);
          if (roomId !== undefined) return { day, start, end: start + length, roomId };
        }
      }
    }
  }
  return undefined;
}

/** A physician and another clinician with their earliest joint assessment and feedback. */
interface Contender {
  physician: number;
  other: number;
  otherDiscipline: number;
  completion: Completion;
  feedback: FeedbackSlot;
}

/** Orders by criterion (a), then (b). */
function compareSpeed(a: { feedback: FeedbackSlot; completion: Completion }, b: { feedback: FeedbackSlot; completion: Completion }): number {
  return a.feedback.end - b.feedback.end || a.completion.end - b.completion.end;
}

/**
 * Every (physician, other clinician) pair whose best plan reaches the optimum of criteria (a) and (b),
 * in the order of their bounds below (then the request's order). Two lower bounds spare most exact
 * evaluations: no pair's assessment ends before the earliest of all (`earliest`), nor before the
 * assessments with only one of the two fixed; the feedback after either is a bound on the pair's.
 * Pairs are taken in order of the first, cheap bound until it is worse than the best pair found;
 * the second is worked out only for those, and the exact plan only when it too can still win.
 * Complete: a pair is skipped only when it provably cannot do better.
 */
function fastestFeedbackContenders(calendar: PlanningCalendar, allowed: Restriction, earliest: Completion): Contender[] {
  const physicianPosition = calendar.positionOf('physician');
  const completionWith = new Map<number, Completion | undefined>();
  const completionFixing = (discipline: number, staff: number) => {
    if (!completionWith.has(staff)) completionWith.set(staff, earliestCompletion(calendar, calendar.restrict(allowed, discipline, staff)));
    return completionWith.get(staff);
  };

  const pairs: { physician: number; other: number; otherDiscipline: number; index: number; first: { completion: Completion; feedback: FeedbackSlot } }[] = [];
  for (const physician of allowed[physicianPosition]) {
    allowed.forEach((staffList, otherDiscipline) => {
      if (otherDiscipline === physicianPosition) return;
      for (const other of staffList) {
        const feedback = earliestFeedback(calendar, physician, other, earliest);
        if (feedback) pairs.push({ physician, other, otherDiscipline, index: pairs.length, first: { completion: earliest, feedback } });
      }
    });
  }
  pairs.sort((a, b) => compareSpeed(a.first, b.first) || a.index - b.index);

  let winners: (Contender & { index: number; bound: { completion: Completion; feedback: FeedbackSlot } })[] = [];
  for (const { physician, other, otherDiscipline, index, first } of pairs) {
    if (winners.length > 0 && compareSpeed(first, winners[0]) > 0) break;
    const withPhysician = completionFixing(physicianPosition, physician);
    const withOther = completionFixing(otherDiscipline, other);
    if (!withPhysician || !withOther) continue;
    const fixed = withOther.end > withPhysician.end ? withOther : withPhysician;
    const fixedFeedback = fixed.end === earliest.end ? first.feedback : earliestFeedback(calendar, physician, other, fixed);
    if (!fixedFeedback) continue;
    const bound = { completion: fixed, feedback: fixedFeedback };
    if (winners.length > 0 && compareSpeed(bound, winners[0]) > 0) continue;
    const pairAllowed = calendar.restrict(calendar.restrict(allowed, physicianPosition, physician), otherDiscipline, other);
    const completion = earliestCompletion(calendar, pairAllowed);
    if (!completion) continue;
    const feedback = completion.end === fixed.end ? fixedFeedback : earliestFeedback(calendar, physician, other, completion);
    if (!feedback) continue;
    const exact = { physician, other, otherDiscipline, completion, feedback, index, bound };
    const order = winners.length === 0 ? -1 : compareSpeed(exact, winners[0]);
    if (order < 0) winners = [exact];
    else if (order === 0) winners.push(exact);
  }
  // The order the pairs' second bounds give, as ties between equal plans go by it.
  return winners
    .sort((a, b) => compareSpeed(a.bound, b.bound) || a.index - b.index)
    .map(({ physician, other, otherDiscipline, completion, feedback }) => ({ physician, other, otherDiscipline, completion, feedback }));
}

function add(a: Cost, b: Cost): Cost {
  return { days: a.days + b.days, load: a.load + b.load };
}

/**
 * No assessment with `allowed` ending by `lastDay` costs less: as few days as maxVisitsPerDay
 * allows, and each visit with the least loaded of its staff in the least loaded week.
 */
function costFloor(calendar: PlanningCalendar, allowed: Restriction, lastDay: number): Cost {
  let load = 0;
  for (const staff of allowed) {
    let least = Infinity;
    for (const member of staff) least = Math.min(least, calendar.leastLoad(member, lastDay));
    if (least < Infinity) load += least;
  }
  return { days: Math.ceil(allowed.length / calendar.request.maxVisitsPerDay), load };
}

/** Among the fastest pairs, the plan with the fewest patient days, then the least staff load. */
function lightestPlan(calendar: PlanningCalendar, allowed: Restriction, contenders: readonly Contender[]): AssessmentPlanResult {
  const physicianPosition = calendar.positionOf('physician');
  // Pairs often tie on (a) and (b) by the dozen. They are tried from the lowest cost they could reach
  // in theory; once that is above the best found, or equal to it for a pair later in the list (which
  // would lose the tie), no pair left can win.
  const pairs = contenders.map((contender, index) => {
    const { physician, other, otherDiscipline, completion, feedback } = contender;
    const pairAllowed = calendar.restrict(calendar.restrict(allowed, physicianPosition, physician), otherDiscipline, other);
    const feedbackCost = { days: feedback.day === completion.day ? 0 : 1, load: calendar.load(physician, feedback.day) + calendar.load(other, feedback.day) };
    return { contender, index, pairAllowed, feedbackCost, floor: add(costFloor(calendar, pairAllowed, completion.day), feedbackCost) };
  });
  pairs.sort((a, b) => compareCost(a.floor, b.floor) || a.index - b.index);
  let best: (Cost & { index: number; contender: Contender; slots: readonly Slot[] }) | undefined;
  for (const { contender, index, pairAllowed, feedbackCost, floor } of pairs) {
    const reach = best ? compareCost(floor, best) : -1;
    if (best && (reach > 0 || (reach === 0 && index > best.index))) break;
    const assessment = cheapestAssessment(calendar, pairAllowed, contender.completion);
    if (!assessment) continue;
    const candidate = { ...add(assessment, feedbackCost), index, contender, slots: assessment.slots };
    if (!best || compareCost(candidate, best) < 0 || (compareCost(candidate, best) === 0 && index < best.index)) best = candidate;
  }
  // Every contender has an assessment by its own completion, so best is always set here.
  const { contender, slots } = best!;
  const staff = calendar.request.staff;
  return {
    feasible: true,
    visits: slots
      .map((slot) => ({
        discipline: calendar.disciplines[slot.discipline],
        staffIds: [staff[slot.staff].id],
        roomId: slot.roomId,
        start: slot.start,
        end: slot.end,
      }))
      .sort((a, b) => a.start - b.start),
    feedback: {
      discipline: 'feedback',
      staffIds: [staff[contender.physician].id, staff[contender.other].id],
      roomId: contender.feedback.roomId,
      start: contender.feedback.start,
      end: contender.feedback.end,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Moving one part of a booked assessment.
// ---------------------------------------------------------------------------------------------

/**
 * Moves one visit of a booked assessment and re-plans only what must move. `visits` are the booked
 * assessment visits and `feedback` the booked feedback conversation; `moving` is the part to move
 * (a discipline, or 'feedback'). The request's busy lists must NOT contain this assessment's own
 * visits (the caller removes them). `request.earliestDate` is the earliest local date the moved
 * visit may take; `windowStart` is the assessment's fixed window start (the window stays
 * [windowStart, windowStart + windowDays - 1], feedback until + feedbackExtraDays).
 *
 * - Moving a discipline: the other visits stay. The moved visit takes the earliest-ending slot from
 *   request.earliestDate on that overlaps neither its old time nor the other visits (ties: its old
 *   staff member, then request order). The booked feedback stays if the rule checker still accepts
 *   it; otherwise the feedback is re-planned as early as possible with the plan's physician and one
 *   of its other clinicians (ties: the old other clinician). Only if that slot leaves no feedback at
 *   all, the slot is chosen for the earliest feedback end, then the earliest end of the moved visit.
 * - Moving the feedback: the visits stay; the feedback takes the earliest slot from
 *   request.earliestDate on (and the required working days after the last visit) that does not
 *   overlap its old time (ties: the old other clinician).
 * Visits come back sorted by start. A booked visit that no longer fits the rules is a reason for no
 * plan; visits that do not match the requested disciplines throw a RangeError.
 */
export function replanVisit(
  request: AssessmentPlanRequest,
  windowStart: LocalDate,
  visits: readonly PlannedVisit[],
  feedback: PlannedVisit,
  moving: Discipline | 'feedback',
): { feasible: true; visits: PlannedVisit[]; feedback: PlannedVisit; moved: (Discipline | 'feedback')[] } | { feasible: false; reasons: AssessmentPlanReason[] } {
  const windowed: AssessmentPlanRequest = { ...request, earliestDate: windowStart };
  const requested = [...new Set(request.disciplines)];
  if (visits.length !== requested.length || requested.some((discipline) => visits.filter((visit) => visit.discipline === discipline).length !== 1)) {
    throw new RangeError(`the booked visits must be one of each of ${requested.join(', ')}`);
  }
  if (moving !== 'feedback' && !requested.includes(moving)) throw new RangeError(`${moving} is not a requested discipline`);

  const calendar = new PlanningCalendar(windowed);
  const setupProblems = requestProblems(calendar);
  if (setupProblems.length > 0) return { feasible: false, reasons: setupProblems };
  const fixed = visits.filter((visit) => visit.discipline !== moving);
  const bookedProblems = bookedVisitProblems(windowed, fixed);
  if (bookedProblems.length > 0) return { feasible: false, reasons: bookedProblems };

  const replanner = new Replanner(windowed, Math.max(0, daysBetween(windowStart, request.earliestDate)), fixed, feedback);
  return moving === 'feedback' ? replanner.moveFeedback() : replanner.moveVisit(visits.find((visit) => visit.discipline === moving)!);
}

type ReplanResult = ReturnType<typeof replanVisit>;

/** The booked visits that stay but no longer satisfy the rules on their own (then nothing can be moved around them). */
function bookedVisitProblems(request: AssessmentPlanRequest, fixed: readonly PlannedVisit[]): AssessmentPlanReason[] {
  const { zone, maxVisitsPerDay } = request;
  return fixed.flatMap((visit) => {
    const date = localDateOf(visit.start, zone);
    const problems = assessmentVisitViolations(request, visit);
    for (const other of fixed) {
      if (other !== visit && overlaps(other, visit)) problems.push(`overlaps the ${other.discipline} visit`);
    }
    const sameDay = fixed.filter((other) => localDateOf(other.start, zone) === date).length;
    if (sameDay > maxVisitsPerDay) problems.push(`${sameDay} assessment visits on ${date}, at most ${maxVisitsPerDay} allowed`);
    if (problems.length === 0) return [];
    return [{ discipline: visit.discipline, problem: `the booked ${label(visit.discipline as Discipline)} visit no longer fits: ${problems.join('; ')}` }];
  });
}

/** A candidate outcome of a move: the visits, the feedback and what moved. */
interface Replan {
  visits: PlannedVisit[];
  feedback: PlannedVisit;
  moved: (Discipline | 'feedback')[];
}

/**
 * The state of one move: `request` has the window's start as earliestDate, `firstDay` is the first
 * day (from that start) the moved part may take, `fixed` the visits that stay.
 */
class Replanner {
  private readonly staffIndex: Map<string, number>;
  private readonly zone: string;
  private readonly feedbackCache = new Map<string, FeedbackSlot | undefined>();
  /** Per (physician, other, firstDay): the earliest completion end after which they have no feedback time. */
  private readonly noFeedbackFrom = new Map<string, number>();
  /** The rule checker's verdict on keeping the booked feedback, by what it depends on (see keepsFeedback). */
  private readonly keepCache = new Map<string, boolean>();

  constructor(
    private readonly request: AssessmentPlanRequest,
    private readonly firstDay: number,
    private readonly fixed: readonly PlannedVisit[],
    private readonly feedback: PlannedVisit,
  ) {
    this.zone = request.zone;
    this.staffIndex = new Map(request.staff.map((member, index) => [member.id, index]));
  }

  moveVisit(old: PlannedVisit): ReplanResult {
    const discipline = old.discipline as Discipline;
    // The moved visit must not take its old time again, nor overlap the visits that stay.
    const slotCalendar = new PlanningCalendar({ ...this.request, patientBusy: [...this.request.patientBusy, ...this.fixed, old] });
    // The feedback comes after every visit; the moved visit's old time is free for it.
    const feedbackCalendar = new PlanningCalendar({ ...this.request, patientBusy: [...this.request.patientBusy, ...this.fixed] });
    const candidates = this.visitCandidates(slotCalendar, discipline, this.staffIndex.get(old.staffIds[0]));

    const first = candidates.next();
    if (first.done) return { feasible: false, reasons: [this.noSlotReason(slotCalendar, discipline)] };
    const earliest = this.withMovedVisit(feedbackCalendar, first.value);
    if (earliest) return { feasible: true, ...earliest };

    // The earliest slot leaves no feedback: the slot with the earliest feedback, then the earliest end.
    let best: Replan | undefined;
    for (const slot of candidates) {
      // Every feedback of this slot or a later one ends after it.
      if (best && slot.end >= best.feedback.end) break;
      const option = this.withMovedVisit(feedbackCalendar, slot);
      if (option && (!best || option.feedback.end < best.feedback.end)) best = option;
    }
    if (best) return { feasible: true, ...best };
    const last = feedbackCalendar.days[feedbackCalendar.lastDay].date;
    return { feasible: false, reasons: [this.noFeedbackReason(`by ${last} with the ${label(discipline)} visit in any of its free slots`)] };
  }

  moveFeedback(): ReplanResult {
    // The feedback must not take its old time again.
    const calendar = new PlanningCalendar({ ...this.request, patientBusy: [...this.request.patientBusy, ...this.fixed, this.feedback] });
    const visits = [...this.fixed].sort((a, b) => a.start - b.start);
    const staff = visits.map((visit) => this.staffIndex.get(visit.staffIds[0])!);
    const physician = staff[visits.findIndex((visit) => visit.discipline === 'physician')];
    const others = staff.filter((member) => member !== physician);
    const completion = this.completionOf(visits);
    const feedback = this.earliestFeedbackOf(calendar, physician, others, completion, this.firstDay);
    if (!feedback) {
      const from = calendar.workingDaysLater(completion.day, this.request.feedbackMinWorkingDaysAfter);
      const last = calendar.days[calendar.lastDay].date;
      const span = from === undefined || Math.max(from, this.firstDay) > calendar.lastDay ? `by ${last}` : `between ${calendar.days[Math.max(from, this.firstDay)].date} and ${last}`;
      return { feasible: false, reasons: [this.noFeedbackReason(`${span} other than its booked time`)] };
    }
    return { feasible: true, visits, feedback, moved: ['feedback'] };
  }

  /**
   * Free slots of the discipline's allowed staff from firstDay on, on days with room under
   * maxVisitsPerDay beside the visits that stay; by end, then the old staff member, then request order.
   */
  private *visitCandidates(calendar: PlanningCalendar, discipline: Discipline, oldStaff: number | undefined): Generator<Slot> {
    const staff = calendar.allowedStaff()[calendar.positionOf(discipline)];
    const perDay = new Map<LocalDate, number>();
    for (const visit of this.fixed) {
      const date = localDateOf(visit.start, this.zone);
      perDay.set(date, (perDay.get(date) ?? 0) + 1);
    }
    for (const day of calendar.assessmentDays) {
      if (day < this.firstDay || (perDay.get(calendar.days[day].date) ?? 0) >= this.request.maxVisitsPerDay) continue;
      const slots = staff.flatMap((member) => calendar.assessmentSlots(member, day));
      slots.sort((a, b) => a.end - b.end || Number(b.staff === oldStaff) - Number(a.staff === oldStaff) || a.staff - b.staff);
      yield* slots;
    }
  }

  /** The move with the visit at `slot`: the booked feedback if it still passes the rules, else the earliest new one. */
  private withMovedVisit(feedbackCalendar: PlanningCalendar, slot: Slot): Replan | undefined {
    const discipline = feedbackCalendar.disciplines[slot.discipline];
    const moved: PlannedVisit = { discipline, staffIds: [this.request.staff[slot.staff].id], roomId: slot.roomId, start: slot.start, end: slot.end };
    const visits = [...this.fixed, moved].sort((a, b) => a.start - b.start);
    const staff = visits.map((visit) => this.staffIndex.get(visit.staffIds[0])!);
    const physician = staff[visits.findIndex((visit) => visit.discipline === 'physician')];
    const others = staff.filter((member) => member !== physician);
    const completion = this.completionOf(visits);
    if (this.keepsFeedback(slot, visits, physician, others, completion)) return { visits, feedback: this.feedback, moved: [discipline] };
    const feedback = this.earliestFeedbackOf(feedbackCalendar, physician, others, completion, 0);
    return feedback && { visits, feedback, moved: [discipline, 'feedback'] };
  }

  /**
   * Whether the rule checker still accepts the booked feedback with the moved visit at `slot`. The
   * slot itself keeps every rule by construction and the feedback starts after it, so the verdict can
   * only change with who the moved visit is with and on which day the assessment ends: it is asked
   * once for each of those (the checker converts time zones and is slow).
   */
  private keepsFeedback(slot: Slot, visits: readonly PlannedVisit[], physician: number, others: readonly number[], completion: Completion): boolean {
    const { feedback } = this;
    const [feedbackPhysician, feedbackOther] = feedback.staffIds.map((id) => this.staffIndex.get(id));
    if (feedback.start < completion.end || feedbackPhysician !== physician || feedbackOther === undefined || !others.includes(feedbackOther)) return false;
    const key = `${slot.staff} ${slot.roomId} ${completion.day}`;
    if (!this.keepCache.has(key)) this.keepCache.set(key, assessmentPlanViolations(this.request, visits, feedback).length === 0);
    return this.keepCache.get(key)!;
  }

  /** The end and day of the last of `visits`. */
  private completionOf(visits: readonly PlannedVisit[]): Completion {
    const last = visits.reduce((a, b) => (b.end > a.end ? b : a));
    return { end: last.end, day: daysBetween(this.request.earliestDate, localDateOf(last.start, this.zone)) };
  }

  /**
   * The earliest feedback of `physician` and one of `others` after `completion`, from `firstDay` on;
   * on ties the old other clinician, then request order.
   */
  private earliestFeedbackOf(
    calendar: PlanningCalendar,
    physician: number,
    others: readonly number[],
    completion: Completion,
    firstDay: number,
  ): PlannedVisit | undefined {
    const previous = this.staffIndex.get(this.feedback.staffIds[1]);
    const order = [...new Set(others)].sort((a, b) => Number(b === previous) - Number(a === previous) || a - b);
    let best: { slot: FeedbackSlot; other: number } | undefined;
    for (const other of order) {
      const slot = this.cachedFeedback(calendar, physician, other, completion, firstDay);
      if (slot && (!best || slot.end < best.slot.end)) best = { slot, other };
    }
    if (!best) return undefined;
    const { staff } = this.request;
    return { discipline: 'feedback', staffIds: [staff[physician].id, staff[best.other].id], roomId: best.slot.roomId, start: best.slot.start, end: best.slot.end };
  }

  /**
   * earliestFeedback, remembered: the search over slots of the moved visit asks again for the same
   * completions. A later completion never allows a feedback where an earlier one allowed none.
   * One Replanner makes one move, so the cache never mixes calendars.
   */
  private cachedFeedback(calendar: PlanningCalendar, physician: number, other: number, completion: Completion, firstDay: number): FeedbackSlot | undefined {
    const pair = `${physician} ${other} ${firstDay}`;
    if ((this.noFeedbackFrom.get(pair) ?? Infinity) <= completion.end) return undefined;
    const key = `${pair} ${completion.end}`;
    if (!this.feedbackCache.has(key)) {
      const slot = earliestFeedback(calendar, physician, other, completion, firstDay);
      this.feedbackCache.set(key, slot);
      if (!slot) this.noFeedbackFrom.set(pair, Math.min(completion.end, this.noFeedbackFrom.get(pair) ?? Infinity));
    }
    return this.feedbackCache.get(key);
  }

  private noSlotReason(calendar: PlanningCalendar, discipline: Discipline): AssessmentPlanReason {
    const from = calendar.days[Math.min(this.firstDay, calendar.lastDay)].date;
    const to = calendar.days[this.request.windowDays - 1].date;
    const preferred = this.request.preferredStaff?.[discipline];
    const what = preferred === undefined ? `no free ${label(discipline)} slot` : `no free slot with the preferred ${label(discipline)} ${preferred}`;
    if (this.firstDay >= this.request.windowDays) {
      return { discipline, problem: `${what}: ${addDays(this.request.earliestDate, this.firstDay)} is after the last day of the window, ${to}` };
    }
    return { discipline, problem: `${what} between ${from} and ${to}` };
  }

  private noFeedbackReason(when: string): AssessmentPlanReason {
    const { feedbackMinutes, feedbackRoomKind } = this.request;
    return {
      discipline: 'feedback',
      problem: `no time for the feedback conversation ${when}: the physician and another assessing clinician of the assessment are never free together for ${feedbackMinutes} minutes with a free ${feedbackRoomKind}`,
    };
  }
}

// ---------------------------------------------------------------------------------------------
// Reasons for "no plan".
// ---------------------------------------------------------------------------------------------

function label(discipline: Discipline): string {
  return discipline.replace('_', ' ');
}

/** Problems visible before any search: no physician, nobody of a discipline, an unknown preferred member. */
function requestProblems(calendar: PlanningCalendar): AssessmentPlanReason[] {
  const { staff, preferredStaff } = calendar.request;
  const reasons: AssessmentPlanReason[] = [];
  if (!calendar.disciplines.includes('physician')) {
    reasons.push({ discipline: 'feedback', problem: 'the feedback conversation needs a physician visit, but none was requested' });
  } else if (calendar.disciplines.length < 2) {
    reasons.push({ discipline: 'feedback', problem: 'the feedback conversation needs a second assessing clinician besides the physician' });
  }
  for (const discipline of calendar.disciplines) {
    const preferred = preferredStaff?.[discipline];
    if (preferred !== undefined && !staff.some((member) => member.id === preferred && member.discipline === discipline)) {
      reasons.push({ discipline, problem: `the preferred ${label(discipline)} ${preferred} is not a ${label(discipline)} on the staff` });
    } else if (!staff.some((member) => member.discipline === discipline)) {
      reasons.push({ discipline, problem: `no ${label(discipline)} on the staff` });
    }
  }
  return reasons;
}

/**
 * Why no complete assessment fits the window: each discipline without any slot, or else the smallest
 * group of disciplines that cannot all be seen (too few days between them for maxVisitsPerDay).
 */
function capacityProblems(calendar: PlanningCalendar, allowed: Restriction): AssessmentPlanReason[] {
  const { earliestDate, windowDays, maxVisitsPerDay, preferredStaff, staff } = calendar.request;
  const span = `between ${earliestDate} and ${addDays(earliestDate, windowDays - 1)}`;
  const coverable = coverableSets(calendar, allowed);
  const alone = calendar.disciplines.flatMap((discipline, i) => {
    if (coverable[1 << i]) return [];
    const slot = `free ${calendar.roomKind(discipline)} slot ${span}`;
    const problem =
      preferredStaff?.[discipline] !== undefined
        ? `the preferred ${label(discipline)} ${staff[allowed[i][0]].name} has no ${slot}`
        : `no ${label(discipline)} with a ${slot}`;
    return [{ discipline, problem }];
  });
  if (alone.length > 0) return alone;

  const smallest = coverable
    .map((_, set) => set)
    .filter((set) => !coverable[set])
    .sort((a, b) => bitCount(a) - bitCount(b))[0];
  const group = calendar.disciplines.filter((_, i) => smallest & (1 << i));
  const names = group.map(label).join(', ');
  const perDay = maxVisitsPerDay === 1 ? 'one visit a day' : `${maxVisitsPerDay} visits a day`;
  return group.map((discipline) => ({ discipline, problem: `the ${names} visits do not all fit ${span} with at most ${perDay}` }));
}

function feedbackProblem(calendar: PlanningCalendar, earliest: Completion): AssessmentPlanReason {
  const { feedbackMinutes, feedbackRoomKind } = calendar.request;
  const fromDay = calendar.workingDaysLater(earliest.day, calendar.request.feedbackMinWorkingDaysAfter);
  const last = calendar.days[calendar.lastDay].date;
  const window = fromDay === undefined ? `by ${last}` : `between ${calendar.days[fromDay].date} and ${last}`;
  return {
    discipline: 'feedback',
    problem: `no time for the feedback conversation ${window}: the physician and another assessing clinician are never free together for ${feedbackMinutes} minutes with a free ${feedbackRoomKind}`,
  };
}

// ---------------------------------------------------------------------------------------------
// The independent rule checker.
// ---------------------------------------------------------------------------------------------

/**
 * Independent rule checker used by tests and by the service to validate an edited plan. Returns a
 * list of human-readable violations (empty = valid). It checks the rules only, not optimality.
 */
export function assessmentPlanViolations(request: AssessmentPlanRequest, visits: readonly PlannedVisit[], feedback: PlannedVisit): string[] {
  const violations: string[] = [];
  const requested = [...new Set(request.disciplines)];
  for (const discipline of requested) {
    const count = visits.filter((visit) => visit.discipline === discipline).length;
    if (count !== 1) violations.push(`expected one ${label(discipline)} visit, found ${count}`);
  }
  for (const visit of visits) {
    if (visit.discipline === 'feedback' || !requested.includes(visit.discipline)) {
      violations.push(`${describeVisit(request, visit)}: not a requested assessment visit`);
    } else {
      violations.push(...assessmentVisitViolations(request, visit));
    }
  }
  violations.push(...patientDayViolations(request, visits, feedback));
  violations.push(...feedbackViolations(request, visits, feedback));
  return violations;
}

function describeVisit(request: AssessmentPlanRequest, visit: PlannedVisit): string {
  const { zone } = request;
  return `${visit.discipline} visit ${localDateOf(visit.start, zone)} ${localTimeOf(visit.start, zone)}–${localTimeOf(visit.end, zone)}`;
}

function assessmentVisitViolations(request: AssessmentPlanRequest, visit: PlannedVisit): string[] {
  const discipline = visit.discipline as Discipline;
  const what = describeVisit(request, visit);
  const violations: string[] = [];
  if (visit.staffIds.length !== 1) violations.push(`${what}: needs exactly one staff member`);
  const member = request.staff.find((candidate) => candidate.id === visit.staffIds[0]);
  if (member && member.discipline !== discipline) violations.push(`${what}: ${member.name} is not a ${label(discipline)}`);
  const preferred = request.preferredStaff?.[discipline];
  if (preferred !== undefined && visit.staffIds[0] !== preferred) violations.push(`${what}: the preferred ${label(discipline)} is ${preferred}`);

  const date = localDateOf(visit.start, request.zone);
  const lastDate = addDays(request.earliestDate, request.windowDays - 1);
  if (date < request.earliestDate || date > lastDate) violations.push(`${what}: outside the window ${request.earliestDate}–${lastDate}`);
  const minutes = request.visitMinutes[discipline] ?? DEFAULT_VISIT_MINUTES;
  const kind = request.roomKindByDiscipline[discipline] ?? DEFAULT_ROOM_KIND;
  return [...violations, ...visitViolations(request, visit, minutes, kind)];
}

/** Rules shared by assessment visits and the feedback: length, day, staff, room and patient time. */
function visitViolations(request: AssessmentPlanRequest, visit: PlannedVisit, minutes: number, roomKind: string): string[] {
  const problems = plannedVisitProblems(request, visit, { minutes, roomKind, busyOfWrongKind: false });
  if (problems.length === 0) return [];
  const what = describeVisit(request, visit);
  return problems.map((problem) => `${what}: ${problem}`);
}

/** The patient cannot be in two visits at once, nor in more than maxVisitsPerDay assessment visits a day. */
function patientDayViolations(request: AssessmentPlanRequest, visits: readonly PlannedVisit[], feedback: PlannedVisit): string[] {
  const violations: string[] = [];
  const all = [...visits, feedback];
  all.forEach((a, i) =>
    all.slice(i + 1).forEach((b) => {
      if (overlaps(a, b)) violations.push(`${describeVisit(request, a)} overlaps ${describeVisit(request, b)}`);
    }),
  );
  const perDay = new Map<LocalDate, number>();
  for (const visit of visits) {
    const date = localDateOf(visit.start, request.zone);
    perDay.set(date, (perDay.get(date) ?? 0) + 1);
  }
  for (const [date, count] of perDay) {
    if (count > request.maxVisitsPerDay) violations.push(`${count} assessment visits on ${date}, at most ${request.maxVisitsPerDay} allowed`);
  }
  return violations;
}

function feedbackViolations(request: AssessmentPlanRequest, visits: readonly PlannedVisit[], feedback: PlannedVisit): string[] {
  const { zone } = request;
  const what = describeVisit(request, feedback);
  const violations: string[] = [];
  if (feedback.discipline !== 'feedback') violations.push(`${what}: must be the feedback conversation`);
  const physicianVisit = visits.find((visit) => visit.discipline === 'physician');
  const [physician, other] = feedback.staffIds;
  if (feedback.staffIds.length !== 2) violations.push(`${what}: needs exactly the physician and one other clinician`);
  if (!physicianVisit || physician !== physicianVisit.staffIds[0]) violations.push(`${what}: must be with the physician of the physician visit`);
  const others = visits.filter((visit) => visit.discipline !== 'physician').map((visit) => visit.staffIds[0]);
  if (other === physician || !others.includes(other)) violations.push(`${what}: must be with another clinician of this assessment`);

  if (visits.length > 0) {
    const last = visits.reduce((a, b) => (b.end > a.end ? b : a));
    const lastDate = localDateOf(last.start, zone);
    const earliest = addOpenWeekdays(request.closedDays, lastDate, request.feedbackMinWorkingDaysAfter);
    const date = localDateOf(feedback.start, zone);
    if (date < earliest || feedback.start < last.end) violations.push(`${what}: must be on or after ${earliest}, after the last visit`);
  }
  const deadline = addDays(request.earliestDate, request.windowDays - 1 + request.feedbackExtraDays);
  if (localDateOf(feedback.end - 1, zone) > deadline) violations.push(`${what}: must end by the end of ${deadline}`);
  return [...violations, ...visitViolations(request, feedback, request.feedbackMinutes, request.feedbackRoomKind)];
}

// ---------------------------------------------------------------------------------------------
// Small helpers: dates, sorted interval lists, the slot grid, bit sets.
// ---------------------------------------------------------------------------------------------

/** Index of the first slot (sorted by start) starting at or after `time`. */
function firstStartingFrom(slots: readonly Slot[], time: number): number {
  let low = 0;
  let high = slots.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (slots[middle].start >= time) high = middle;
    else low = middle + 1;
  }
  return low;
}

function bitCount(set: number): number {
  let count = 0;
  for (let rest = set; rest !== 0; rest &= rest - 1) count++;
  return count;
}
