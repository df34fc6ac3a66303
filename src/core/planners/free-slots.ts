import { CalendarRequest, PlanningCalendar } from './planning-calendar';

/**
 * Finding a time while the patient is on the phone: the first free starts, on the site's slot grid,
 * for a visit of `minutes` with one of `staff` (in their working hours, on open days, outside their
 * bookings and absences), the patient free and a room of `roomKind` free. Answered from a calendar
 * already in memory, so it is a walk over at most `dayCount` days, stopping at `limit` slots.
 */
export interface FreeSlotQuery extends CalendarRequest {
  minutes: number;
  /** Every room of this kind is tried, in request order; null books without a room. */
  roomKind: string | null;
  limit: number;
  /** No start before this instant (now: the past is not free). */
  notBefore: number;
}

export interface FreeSlot {
  start: number;
  end: number;
  staffId: string;
  roomId: string | null;
}

/** The `limit` earliest free slots, by start, then the staff member's place in `staff`. */
export function firstFreeSlots(query: FreeSlotQuery): FreeSlot[] {
  const calendar = new PlanningCalendar(query);
  const length = query.minutes * 60_000;
  const found: FreeSlot[] = [];
  for (let day = 0; day <= calendar.lastDay && found.length < query.limit; day++) {
    if (calendar.days[day].closed) continue;
    const today: FreeSlot[] = [];
    query.staff.forEach((member, staff) => {
      let taken = 0;
      // Each member's first `limit` slots of the day are enough: no later one of theirs can make the cut.
      calendar.eachGridStart(calendar.freeTime(staff, day), length, (start) => {
        if (start < query.notBefore) return true;
        const roomId = query.roomKind === null ? null : calendar.freeRoom(query.roomKind, start, start + length);
        if (roomId === undefined) return true;
        today.push({ start, end: start + length, staffId: member.id, roomId });
        return ++taken < query.limit;
      });
    });
    // Array.sort is stable: equal starts keep the staff's order.
    found.push(...today.sort((a, b) => a.start - b.start).slice(0, query.limit - found.length));
  }
  return found;
}
