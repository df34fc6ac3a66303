import { IndividualPlanRequest, MixEntry, PlanNote, planNote } from './request';

/**
 * What each week of a program asks for: the visits of each mix entry (every-other-week entries in
 * odd weeks), topped up to visitsPerWeek by the entry with the highest perWeek, with notes saying so.
 */

const EPSILON = 1e-9;

export interface WeekDemand {
  /** Visits asked of each active mix entry (perWeek > 0), top-up included. */
  perEntry: number[];
  target: number;
}

/** Visits a perWeek value asks for in week `week` (1-based): every-other-week values land in odd weeks. */
function entryDemand(perWeek: number, week: number): number {
  return Math.ceil(perWeek * week - EPSILON) - Math.ceil(perWeek * (week - 1) - EPSILON);
}

export function weeklyDemands(request: IndividualPlanRequest, entries: readonly MixEntry[], notes: PlanNote[]): WeekDemand[] {
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
  const { visitsPerWeek } = request;
  for (const [asked, weeks] of over) notes.push(planNote('individual.mix_over_target', { asked, weeks: weekList(weeks), visitsPerWeek }));
  for (const [asked, weeks] of under) {
    notes.push(planNote('individual.mix_topped_up', { asked, weeks: weekList(weeks), discipline: entries[topUp].discipline, visitsPerWeek }));
  }
  return demands;
}

export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Week numbers as a note's `weeks` parameter: '1, 3, 5'. */
export function weekList(weeks: readonly number[]): string {
  return weeks.join(', ');
}
