import { PlanningRefusal } from '../../planning-refusal';
import { isoWeekOf, localDateOf } from '../../time/local-time';
import { Discipline } from '../../vocabulary';
import { PlanningCalendar } from '../planning-calendar';
import { AssessmentPlanRequest, DEFAULT_ROOM_KIND, DEFAULT_VISIT_MINUTES, PlannedVisit } from './request';
import { DayPacking, PartialPlan, PooledSlots, Restriction, Slot } from './search-types';

/**
 * The assessment planner's calendar: the shared free-time calendar over the assessment window and
 * the feedback days after it, with what the search asks of it again and again, each worked out once:
 * every staff member's assessment slots (with a free room of the discipline's kind), those of
 * several staff pooled, the staff each discipline may have, booked minutes a week, and the searches'
 * own results (day packings and staffings), remembered per restriction of the staff.
 */

const MINUTE = 60_000;

/** One empty list for every day without slots, so pools over such days stay the same too (see pooledOf). */
const NO_SLOTS: readonly Slot[] = [];

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

export class AssessmentCalendar extends PlanningCalendar {
  readonly disciplines: readonly Discipline[];
  readonly assessmentDays: readonly number[];
  private readonly slotCache: (readonly Slot[] | undefined)[] = [];
  private readonly weekCache: (string | undefined)[] = [];
  private readonly leastLoadCache: (number | undefined)[] = [];
  private readonly poolCache = new Map<readonly number[], (PooledSlots | undefined)[]>();
  private readonly singles: (readonly number[] | undefined)[] = [];
  private allowed: Restriction | undefined;
  private readonly restrictions = new Map<Restriction, Map<number, Restriction>>();
  private readonly packings = new Map<Restriction, (DayPacking | undefined)[]>();
  private readonly restrictionKeys = new Map<Restriction, string>();
  private readonly staffKeys = new Map<readonly number[], string>();
  /** Cheapest staffing of a set of disciplines on a day (see dayOptions). */
  readonly staffingCache = new Map<string, PartialPlan | undefined>();

  constructor(readonly request: AssessmentPlanRequest) {
    const { slotStepMinutes, maxVisitsPerDay, windowDays } = request;
    if (!(slotStepMinutes > 0)) throw new PlanningRefusal('plan.not_positive', { setting: 'slotStepMinutes', value: slotStepMinutes });
    if (!(maxVisitsPerDay >= 1)) throw new PlanningRefusal('plan.not_positive', { setting: 'maxVisitsPerDay', value: maxVisitsPerDay });
    if (!(windowDays >= 1)) throw new PlanningRefusal('plan.not_positive', { setting: 'windowDays', value: windowDays });
    super({
      ...request,
      firstDate: request.earliestDate,
      dayCount: request.windowDays + Math.max(0, request.feedbackExtraDays),
      shared: request.memo,
    });
    this.disciplines = [...new Set(request.disciplines)];
    this.assessmentDays = this.days.flatMap((day, i) => (i < request.windowDays && !day.closed ? [i] : []));
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

  /**
   * The packing of `day` for `allowed`, remembered for this plan, and in the memo for the plans after
   * it while the day's slots are the memo's: a packing depends on nothing but those slots.
   */
  rememberPacking(allowed: Restriction, day: number, compute: () => DayPacking): DayPacking {
    let byDay = this.packings.get(allowed);
    if (!byDay) this.packings.set(allowed, (byDay = []));
    const memo = this.request.memo;
    return (byDay[day] ??= memo && this.slotsShared(day) ? memo.packingOf(this.days[day].date, this.restrictionKey(allowed), compute) : compute());
  }

  /** A restriction as a memo key: the visits a day allows and each discipline's staff, spelled out once per restriction. */
  private restrictionKey(allowed: Restriction): string {
    let key = this.restrictionKeys.get(allowed);
    if (key === undefined) this.restrictionKeys.set(allowed, (key = `${this.request.maxVisitsPerDay}:${allowed.map((staff) => this.staffKey(staff)).join('|')}`));
    return key;
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
    return (byDay[day] ??= this.buildPooledSlots(staff, day));
  }

  /**
   * Pooled anew, or taken from the memo while every member's slots are still the memo's own: in a
   * batch most days of most staff are untouched by the last booking, and pooling sorts them all.
   */
  private buildPooledSlots(staff: readonly number[], day: number): PooledSlots {
    const members = staff.map((member) => this.assessmentSlots(member, day));
    const memo = this.request.memo;
    if (!memo || !this.slotsShared(day)) return poolSlots(members);
    return memo.pooledOf(this.days[day].date, this.staffKey(staff), members, () => poolSlots(members));
  }

  /** Whether every staff member's slots on `day` are the memo's, unfiltered: the patient is free all day and no visit is fixed. */
  private slotsShared(day: number): boolean {
    return this.request.fixedVisit === undefined && this.patientFreeAllDay(day);
  }

  private buildAssessmentSlots(staff: number, day: number): readonly Slot[] {
    if (day >= this.request.windowDays || this.days[day].closed) return NO_SLOTS;
    const fixed = this.request.fixedVisit;
    if (fixed && fixed.discipline === this.request.staff[staff].discipline) return this.fixedSlot(staff, day, fixed);
    const id = this.request.staff[staff].id;
    const slots = this.request.memo?.slotsOf(id, this.days[day].date, () => this.staffSlots(staff, day)) ?? this.staffSlots(staff, day);
    // The slot grid starts with each working interval, so the patient's busy time only removes slots.
    if (this.patientFreeAllDay(day)) return slots;
    return slots.filter((slot) => this.patientFree(day, slot.start, slot.end));
  }

  /** The chosen visit as a slot, for its own staff member on its own day, when it is still free. */
  private fixedSlot(staff: number, day: number, fixed: PlannedVisit): Slot[] {
    const { discipline, start, end, roomId: preferred } = fixed;
    if (this.request.staff[staff].id !== fixed.staffIds[0] || localDateOf(start, this.request.zone) !== this.days[day].date) return [];
    if (end - start !== this.visitMs(discipline as Discipline) || !this.patientFree(day, start, end)) return [];
    if (!this.ownFreeTime(staff, day).some((piece) => piece.start <= start && end <= piece.end)) return [];
    const roomId = this.freeRoom(this.roomKind(discipline as Discipline), start, end, preferred);
    return roomId === undefined ? [] : [{ staff, discipline: this.positionOf(discipline as Discipline), start, end, roomId }];
  }

  /** Grid starts in the staff member's own free time with a free room of the discipline's kind. */
  private staffSlots(staff: number, day: number): Slot[] {
    const discipline = this.request.staff[staff].discipline;
    const position = this.positionOf(discipline);
    const length = this.visitMs(discipline);
    const kind = this.roomKind(discipline);
    const slots: Slot[] = [];
    this.eachGridStart(this.ownFreeTime(staff, day), length, (start) => {
      const roomId = this.freeRoom(kind, start, start + length);
      if (roomId !== undefined) slots.push({ staff, discipline: position, start, end: start + length, roomId });
      return true;
    });
    return slots;
  }
}

/** Index of the first slot (sorted by start) starting at or after `time`. */
export function firstStartingFrom(slots: readonly Slot[], time: number): number {
  let low = 0;
  let high = slots.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (slots[middle].start >= time) high = middle;
    else low = middle + 1;
  }
  return low;
}
