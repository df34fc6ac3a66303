import { Budget } from '../../budget';
import { LocalDate } from '../../time/local-time';
import { WeekDemand } from './demand';
import { ProgramCalendar, Slot } from './program-calendar';
import { IndividualPlanRequest, MixEntry, PlanNote, planNote, PlannedIndividualVisit, WeekReport } from './request';
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
  notes: PlanNote[];
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
    const short = this.entries.flatMap((_, e) => (counts[e] < demand.perEntry[e] ? [this.shortfall(week, e, counts[e], demand.perEntry[e])] : []));
    const shortfalls = [...short.map(({ note }) => note), ...this.closures(week, short.flatMap(({ closuresOf }) => closuresOf))];
    const problems: PlanNote[] = [];
    const notes: PlanNote[] = [];
    if (visits.length < demand.target) {
      if (this.entries.length === 0) problems.push(planNote('individual.no_planned_discipline', {}));
      problems.push(...shortfalls);
      if (problems.length === 0) problems.push(planNote('individual.visits_do_not_fit', { planned: visits.length, target: demand.target }));
    } else if (shortfalls.length > 0) {
      // The target was met by other disciplines of the mix: why, and who stood in.
      notes.push(...shortfalls);
      this.entries.forEach(({ discipline }, e) => {
        if (counts[e] > demand.perEntry[e]) notes.push(planNote('individual.substitutes', { week: week + 1, count: counts[e] - demand.perEntry[e], discipline }));
      });
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

  /**
   * Why mix entry `e` got `planned` of its `asked` visits in `week`, and whose closed days explain
   * it: the discipline's staff when they lacked room; anyone in the mix when the discipline had
   * room but the patient's days were taken, since another discipline's closed day crowds the rest.
   */
  private shortfall(week: number, e: number, planned: number, asked: number): { note: PlanNote; closuresOf: readonly number[] } {
    const { discipline, roomKind } = this.entries[e];
    const staff = this.ranked[e];
    const where = { week: week + 1, discipline };
    if (staff.length === 0) return { note: planNote('individual.no_staff', where), closuresOf: [] };
    const free = this.freeDates(week, staff);
    if (free.length === 0) return { note: planNote('individual.no_free_slot', { ...where, roomKind }), closuresOf: staff };
    const counts = { ...where, planned, asked, dates: free.join(', ') };
    if (free.length * this.request.maxVisitsPerDay < asked) {
      return { note: planNote('individual.few_free_days', { ...counts, roomKind, days: free.length }), closuresOf: staff };
    }
    return { note: planNote('individual.free_days_taken', { ...counts, max: this.request.maxVisitsPerDay }), closuresOf: this.ranked.flat() };
  }

  /** The open dates of `week` on which one of `staff` has a free slot. */
  private freeDates(week: number, staff: readonly number[]): LocalDate[] {
    const free: LocalDate[] = [];
    for (let day = week * 7; day < week * 7 + 7; day++) {
      if (staff.some((member) => this.calendar.hasSlot(member, day))) free.push(this.calendar.days[day].date);
    }
    return free;
  }

  /** The closed days of `week` on which one of `staff` works, each once. */
  private closures(week: number, staff: readonly number[]): PlanNote[] {
    const closed: PlanNote[] = [];
    for (let day = week * 7; day < week * 7 + 7; day++) {
      const { date, weekday, closedReason } = this.calendar.days[day];
      if (closedReason !== undefined && staff.some((member) => this.calendar.worksOn(member, weekday))) closed.push(planNote('individual.closed_day', { week: week + 1, date, reason: closedReason }));
    }
    return closed;
  }
}
