import { Budget } from '../../budget';
import { LocalDate } from '../../time/local-time';
import { WeekDemand } from './demand';
import { ProgramCalendar, Slot } from './program-calendar';
import { IndividualPlanRequest, MixEntry, PlannedIndividualVisit, WeekReport } from './request';
import { bestNode, Cost, COST_LENGTH, DayOption, lexCompare, multisets, permutations, Placement, STACKED } from './week-program';

/**
 * One week of a program: the combinations of visits each day can hold (best-ranked staff, nearest
 * the routine time), the week's program over them, the rooms, and why a week falls short. It keeps
 * the routine (time of day, weekdays) and the occupied days from week to week.
 */

const MINUTE = 60_000;
const DAY_MINUTES = 24 * 60;

export interface WeekResult {
  visits: PlannedIndividualVisit[];
  report: WeekReport;
  notes: string[];
}

export class WeekPlanner {
  /** Routine time (wall minutes) of each mix entry: that of its first planned visit. */
  private readonly routineWall: (number | undefined)[];
  /** Weekdays each mix entry used in the last week it had visits. */
  private readonly routineWeekdays: (Set<number> | undefined)[];
  private readonly lastRoom: (string | undefined)[];
  private readonly occupiedDays = new Set<number>();
  private readonly budget: Budget;

  constructor(
    private readonly calendar: ProgramCalendar,
    private readonly request: IndividualPlanRequest,
    private readonly entries: readonly MixEntry[],
    private readonly ranked: readonly (readonly number[])[],
  ) {
    this.routineWall = entries.map(() => undefined);
    this.routineWeekdays = entries.map(() => undefined);
    this.lastRoom = entries.map(() => undefined);
    this.budget = calendar.budget;
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
   * The week's visits minimising the cost described in plan.ts. First without substitutes
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
