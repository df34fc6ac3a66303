import { AssessmentCalendar, firstStartingFrom } from './assessment-calendar';
import { Completion, DayPacking, Restriction, Slot } from './search-types';

/**
 * Step 2 of the assessment search (see plan.ts): how early each set of disciplines can be seen on
 * one day (a day's packing), and over the days of the window the earliest end of a complete
 * assessment, a dynamic program whose state is the set of disciplines already seen.
 */

/**
 * How early each set of disciplines can be seen on one day, one visit after another, using
 * `next(discipline, notBefore)` = the earliest slot starting at or after `notBefore`. Visits of one
 * patient cannot overlap, so a set is a sequence; for a fixed order, taking each visit as early as
 * possible leaves the most room for the rest, so the best finish of a set is the best over which of
 * its disciplines goes last. Sets larger than maxVisitsPerDay, or with a discipline outside the
 * `available` mask (no slot that day), stay impossible (Infinity).
 */
export function packDay(
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
export function packedSlots(packing: DayPacking, set: number): Slot[] {
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
function earliestSlot(calendar: AssessmentCalendar, staff: readonly number[], day: number, notBefore: number): Slot | undefined {
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
 * change: see AssessmentCalendar.restrict) and day.
 */
export function packDayFor(calendar: AssessmentCalendar, allowed: Restriction, day: number): DayPacking {
  return calendar.rememberPacking(allowed, day, () => packDayWith(calendar, allowed, day));
}

/** The packing of `day` with the staff `allowed`; the sets whose staff the plan's own list also has come from its packing. */
export function packDayWith(calendar: AssessmentCalendar, allowed: Restriction, day: number): DayPacking {
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

/**
 * Adds one day to the sets of disciplines that earlier days can cover (each day takes one packable
 * set), in place: downwards, so a set reached today, larger than the one it came from, has already
 * been passed and no day adds two of its sets. Plans ask this of every day dozens of times.
 */
function extendCoverable(coverable: Uint8Array, packing: DayPacking): void {
  if (packing.sets.length === 0) return;
  for (let covered = coverable.length - 1; covered >= 0; covered--) {
    if (!coverable[covered]) continue;
    for (const set of packing.sets) {
      if (!(covered & set)) coverable[covered | set] = 1;
    }
  }
}

/** Only the empty set, before any day: the start of extendCoverable's program. */
function nothingCovered(size: number): Uint8Array {
  const coverable = new Uint8Array(1 << size);
  coverable[0] = 1;
  return coverable;
}

/**
 * The earliest end of a complete assessment with the allowed staff (criterion b). Days are added in
 * order; the first day on which the rest can be covered by earlier days is the last day, and on it
 * the best finish is the best over which set of disciplines is seen that day.
 */
export function earliestCompletion(calendar: AssessmentCalendar, allowed: Restriction): Completion | undefined {
  const all = (1 << allowed.length) - 1;
  const coverable = nothingCovered(allowed.length);
  for (const day of calendar.assessmentDays) {
    const packing = packDayFor(calendar, allowed, day);
    let end = Infinity;
    for (const set of packing.sets) {
      if (coverable[all ^ set]) end = Math.min(end, packing.end[set]);
    }
    if (end < Infinity) return { end, day };
    extendCoverable(coverable, packing);
  }
  return undefined;
}

/** Which sets of disciplines the whole window can cover: explains an impossible assessment. */
export function coverableSets(calendar: AssessmentCalendar, allowed: Restriction): readonly boolean[] {
  const coverable = nothingCovered(allowed.length);
  for (const day of calendar.assessmentDays) extendCoverable(coverable, packDayFor(calendar, allowed, day));
  return Array.from(coverable, Boolean);
}

export function bitCount(set: number): number {
  let count = 0;
  for (let rest = set; rest !== 0; rest &= rest - 1) count++;
  return count;
}
