import { Interval } from '../../time/interval';

/**
 * The values the parts of the assessment search hand each other: slots, completions, the staff a
 * search may use, a day's packing and the cost of a (partial) plan. Apart so that the calendar that
 * caches them and the searches that make them need not import each other.
 */

/** A bookable visit time. `staff` is a position in the request's staff list, `discipline` in its list of disciplines. */
export interface Slot extends Interval {
  staff: number;
  discipline: number;
  roomId: string;
}

/**
 * Slots of several staff members on one day in one list by start (ties in list order), and for each
 * position the earliest-ending slot from there on (see AssessmentCalendar.pooledSlots).
 */
export interface PooledSlots {
  slots: readonly Slot[];
  earliestEndingFrom: readonly number[];
}

/** The earliest a set of visits can be over, and on which day. */
export interface Completion {
  end: number;
  day: number;
}

/** Staff allowed per requested discipline (indices into request.staff), by position in the discipline list. */
export type Restriction = readonly (readonly number[])[];

/**
 * For a set of disciplines on one day (index = bitmask): the earliest end of all its visits, and the
 * last visit; `sets` lists the non-empty sets that can be seen at all.
 */
export interface DayPacking {
  end: number[];
  last: (Slot | undefined)[];
  sets: number[];
}

/** Patient days and booked staff minutes of a (partial) plan; compared in that order. */
export interface Cost {
  days: number;
  load: number;
}

export interface PartialPlan extends Cost {
  slots: readonly Slot[];
}
