import { PlanningCalendar } from '../planning-calendar';
import { IndividualPlanRequest, MixEntry } from './request';

/**
 * The individual program's calendar: the shared free-time calendar over the program's weeks, with
 * each staff member's bookable starts for their discipline's visit (a start at which they, the
 * patient and some room of the mix entry's kind are free), computed once per staff member and day.
 */

/** A start at which a staff member, the patient and some room of the right kind are free. */
export interface Slot {
  start: number;
  /** Wall-clock minutes since local midnight. */
  wall: number;
}

const MINUTE = 60_000;

export class ProgramCalendar extends PlanningCalendar {
  /** Position in the active mix entries of each staff member's discipline (-1: not in the mix). */
  readonly entryOfStaff: readonly number[];
  private readonly slotCache: (Slot[] | undefined)[] = [];
  private readonly anySlotCache: (boolean | undefined)[] = [];

  constructor(
    readonly request: IndividualPlanRequest,
    readonly entries: readonly MixEntry[],
  ) {
    super({ ...request, firstDate: request.startDate, dayCount: request.weeks * 7 });
    this.entryOfStaff = request.staff.map((member) => entries.findIndex((entry) => entry.discipline === member.discipline));
  }

  /** Bookable starts of the staff member's discipline visit on `day`, sorted. */
  slots(staff: number, day: number): readonly Slot[] {
    const key = staff * this.days.length + day;
    return (this.slotCache[key] ??= this.buildSlots(staff, day, false));
  }

  /** Whether `slots(staff, day)` is non-empty, without building the whole list. */
  hasSlot(staff: number, day: number): boolean {
    const key = staff * this.days.length + day;
    const built = this.slotCache[key];
    if (built) return built.length > 0;
    return (this.anySlotCache[key] ??= this.buildSlots(staff, day, true).length > 0);
  }

  private buildSlots(staff: number, day: number, firstOnly: boolean): Slot[] {
    const e = this.entryOfStaff[staff];
    if (e < 0 || this.days[day].closed) return [];
    const { minutes, roomKind } = this.entries[e];
    if (!this.hasRoomOfKind(roomKind)) return [];
    const length = minutes * MINUTE;
    const slots: Slot[] = [];
    this.eachGridStart(this.freeTime(staff, day), length, (start, piece) => {
      if (this.freeRoom(roomKind, start, start + length) === undefined) return true;
      slots.push({ start, wall: piece.originWall + Math.round((start - piece.origin) / MINUTE) });
      return !firstOnly;
    });
    return slots;
  }
}
