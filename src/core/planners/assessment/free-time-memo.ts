import { mergeIntervals } from '../../time/free-time';
import { Interval, overlaps } from '../../time/interval';
import { LocalDate } from '../../time/local-time';
import { FreePiece, SharedFreeTime } from '../planning-calendar';
import { DayPacking, PooledSlots, Slot } from './search-types';

/**
 * What planning works out per staff member and date that does not depend on the patient: free time
 * (working hours minus bookings and absences), assessment slots with a free room, and the merged
 * busy lists of staff and rooms they come from. A batch plans hundreds of patients on one calendar,
 * each plan on the last one's work. A memo belongs to one calendar (staff in one order, rooms, zone,
 * closed days, visit settings, disciplines in one order), and whoever adds to its busy lists tells
 * it (`booked`).
 */
export class FreeTimeMemo implements SharedFreeTime {
  private readonly freeTime = new Map<LocalDate, Map<string, readonly FreePiece[]>>();
  private readonly slots = new Map<LocalDate, Map<string, readonly Slot[]>>();
  private readonly staffBusy = new Map<string, readonly Interval[]>();
  private readonly roomBusy = new Map<string, readonly Interval[]>();
  private readonly packings = new Map<LocalDate, Map<string, DayPacking>>();
  private readonly pools = new Map<LocalDate, Map<string, { members: readonly (readonly Slot[])[]; pooled: PooledSlots }>>();

  /** A visit on `date` was added to the busy lists of its staff members and its room. */
  booked(date: LocalDate, visit: Interval & { staffIds: readonly string[]; roomId: string }): void {
    const slots = this.slots.get(date);
    for (const id of visit.staffIds) {
      this.staffBusy.delete(id);
      this.freeTime.get(date)?.delete(id);
      slots?.delete(id);
    }
    this.roomBusy.delete(visit.roomId);
    // Which staff's slots the visit changed is more than a packing records: the date's packings go.
    this.packings.delete(date);
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

  /** A day's packing for a restriction of the staff (`key`; see AssessmentCalendar.rememberPacking), until a booking on the date. */
  packingOf(date: LocalDate, key: string, compute: () => DayPacking): DayPacking {
    return remember(this.packings, date, key, compute);
  }

  /**
   * The slots of several staff members pooled (`key` names the list), kept while each member's slots
   * are the very lists it was pooled from: a booking replaces the lists it touches (see `booked`),
   * so a pool of untouched members needs no check beyond their identity.
   */
  pooledOf(date: LocalDate, key: string, members: readonly (readonly Slot[])[], compute: () => PooledSlots): PooledSlots {
    let byKey = this.pools.get(date);
    if (!byKey) this.pools.set(date, (byKey = new Map()));
    const kept = byKey.get(key);
    if (kept && kept.members.length === members.length && kept.members.every((slots, i) => slots === members[i])) return kept.pooled;
    const pooled = compute();
    byKey.set(key, { members, pooled });
    return pooled;
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
