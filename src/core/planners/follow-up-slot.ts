import { freeParts, gridStart, isFree } from '../time/free-time';
import { ClosedDays } from '../time/holidays';
import { Interval } from '../time/interval';
import { LocalDate } from '../time/local-time';
import { WorkingHoursBlock, workingIntervals } from '../time/working-hours';

export interface SlotSearch {
  zone: string;
  closedDays: ClosedDays;
  /** The dates to try, in order. */
  dates: readonly LocalDate[];
  workingHours: readonly WorkingHoursBlock[];
  /** Sorted, non-overlapping. */
  staffBusy: readonly Interval[];
  patientBusy: readonly Interval[];
  /** Rooms to choose from, in order of preference, each with its sorted busy list. */
  rooms: readonly { id: string; busy: readonly Interval[] }[];
  minutes: number;
  stepMinutes: number;
}

/**
 * The first time on the dates, on the grid of the staff member's working hours, when they, the
 * patient and a room are all free for the whole visit: the follow-up visit offered at discharge.
 */
export function firstFreeSlot(search: SlotSearch): { start: number; end: number; roomId: string } | undefined {
  const length = search.minutes * 60_000;
  const step = search.stepMinutes * 60_000;
  for (const date of search.dates) {
    if (search.closedDays.isClosed(date)) continue;
    for (const hours of workingIntervals(search.workingHours, date, search.zone)) {
      for (const free of freeParts(hours, [search.staffBusy, search.patientBusy])) {
        for (let start = gridStart(hours.start, free.start, step); start + length <= free.end; start += step) {
          const room = search.rooms.find((candidate) => isFree(candidate.busy, start, start + length));
          if (room) return { start, end: start + length, roomId: room.id };
        }
      }
    }
  }
  return undefined;
}
