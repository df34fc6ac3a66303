import { Budget } from '../../budget';
import { WeekDemand } from './demand';

/**
 * The dynamic program over the 7 days of one week (see plan.ts): its state is the visits per mix
 * entry so far and whether the two previous days had visits; its cost is compared lexicographically.
 * Kept apart from the WeekPlanner that builds each day's options, as it knows nothing of calendars.
 */

/** A visit as planned, before its room is chosen. `offset` is the day within the week (0–6). */
export interface Placement {
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
export type Cost = number[];
export const COST_LENGTH = 8;
export const TRIPLES = 2;
export const STACKED = 3;
export const PAIRS = 4;

/** What one day of the week can hold: a combination of mix entries and where each visit goes. */
export interface DayOption {
  /** The entries of its visits, sorted. */
  entries: number[];
  /** Each distinct entry with its number of visits. */
  added: { entry: number; visits: number }[];
  placements: Placement[];
  cost: Cost;
}

export interface Node {
  /** Visits per mix entry so far, mixed-radix coded (radix target + 1). */
  code: number;
  count: number;
  /** Bit 0: the previous day has visits; bit 1: the day before it has. */
  occupancy: number;
  cost: Cost;
  parent: Node | undefined;
  option: DayOption | undefined;
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
export function bestNode(options: readonly DayOption[][], occupancy: number, demand: WeekDemand, caps: readonly number[], budget: Budget): Node | undefined {
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

export function lexCompare(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

/** Multisets of `items` with 1..size elements, as sorted arrays. */
export function multisets(items: readonly number[], size: number): number[][] {
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
export function permutations(items: readonly number[]): number[][] {
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
