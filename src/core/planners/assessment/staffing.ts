import { AssessmentCalendar } from './assessment-calendar';
import { packDayFor, packDayWith, packedSlots } from './packing';
import { Completion, Cost, PartialPlan, Restriction } from './search-types';

/**
 * Step 4 of the assessment search (see plan.ts): by a deadline, the assessment with the fewest
 * patient days, then the least booked staff time, and who sees each set of disciplines on a day
 * (a small branch-and-bound, lightest staff first); with the lower bound that lets the search over
 * pairs of feedback clinicians stop early.
 */

export function cheaper(a: Cost, b: Cost | undefined): boolean {
  return !b || compareCost(a, b) < 0;
}

export function compareCost(a: Cost, b: Cost): number {
  return a.days - b.days || a.load - b.load;
}

/**
 * The assessment with the fewest patient days, then the least staff load, among those whose visits
 * all end by `deadline` (criteria c and d). A program over days whose state is the set of disciplines
 * seen so far; each day costs one patient day plus the cheapest staffing of the set seen that day.
 */
export function cheapestAssessment(calendar: AssessmentCalendar, allowed: Restriction, deadline: Completion): PartialPlan | undefined {
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
function dayOptions(calendar: AssessmentCalendar, allowed: Restriction, day: number, limit: number): { set: number; option: PartialPlan }[] {
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
function cheapestStaffing(calendar: AssessmentCalendar, allowed: Restriction, day: number, set: number, limit: number): PartialPlan | undefined {
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

export function add(a: Cost, b: Cost): Cost {
  return { days: a.days + b.days, load: a.load + b.load };
}

/**
 * No assessment with `allowed` ending by `lastDay` costs less: as few days as maxVisitsPerDay
 * allows, and each visit with the least loaded of its staff in the least loaded week.
 */
export function costFloor(calendar: AssessmentCalendar, allowed: Restriction, lastDay: number): Cost {
  let load = 0;
  for (const staff of allowed) {
    let least = Infinity;
    for (const member of staff) least = Math.min(least, calendar.leastLoad(member, lastDay));
    if (least < Infinity) load += least;
  }
  return { days: Math.ceil(allowed.length / calendar.request.maxVisitsPerDay), load };
}
