import { IANAZone, Zone } from 'luxon';
import { Budget } from '../budget';
import { calendarDates, freeParts, gridStart, isFree, mergeIntervals, UnavailableTime } from '../time/free-time';
import { ClosedDays } from '../time/holidays';
import { Interval } from '../time/interval';
import { LocalDate, localToInstant, weekdayOf } from '../time/local-time';
import { blocksOn, WorkingHoursBlock } from '../time/working-hours';
import { PlannerRoom, PlannerStaff } from './resources';

/**
 * The free-time calendar every planner searches: the days of a planning window, and each staff
 * member's, room's and the patient's free time on them. Planners ask the same questions thousands of
 * times, so everything is computed lazily, once, and kept in arrays indexed by (staff, day); staff and
 * days are positions in the request's lists. The assessment and individual planners extend it with
 * the bookable slots of their own kinds of visit.
 *
 * Local wall times become instants with plain arithmetic on days whose UTC offset does not change
 * (all but two a year), and through luxon on the others: luxon costs ~0.1 ms a conversion, and a
 * plan converts every working block of every day of its window.
 */

export interface Day {
  date: LocalDate;
  /** ISO weekday, Monday = 1. */
  weekday: number;
  /** The holiday's or the closure's name on a closed day. */
  closedReason: string | undefined;
  closed: boolean;
}

/** A working interval with the wall-clock minute of its start. */
export interface WorkingPiece extends Interval {
  wall: number;
}

/** Free time inside one working interval: slots are on the grid from `origin` (wall minute `originWall`). */
export interface FreePiece extends Interval {
  origin: number;
  originWall: number;
}

/**
 * Work shared between calendars of the same staff and rooms (a batch plans hundreds of patients on
 * one site calendar): merged busy lists and staff free time. See the assessment's FreeTimeMemo.
 */
export interface SharedFreeTime {
  staffBusyOf(staffId: string, busy: readonly Interval[]): readonly Interval[];
  roomBusyOf(roomId: string, busy: readonly Interval[]): readonly Interval[];
  freeTimeOf(staffId: string, date: LocalDate, compute: () => readonly FreePiece[]): readonly FreePiece[];
}

export interface CalendarRequest {
  zone: string;
  closedDays: ClosedDays;
  firstDate: LocalDate;
  dayCount: number;
  slotStepMinutes: number;
  patientBusy: readonly Interval[];
  patientUnavailable?: readonly UnavailableTime[];
  staff: readonly PlannerStaff[];
  rooms: readonly PlannerRoom[];
  /** How long planning may take; unlimited when left out. */
  budget?: Budget;
  shared?: SharedFreeTime;
}

const MINUTE = 60_000;
const DAY_MS = 86_400_000;
const NOON_MS = 43_200_000;

/**
 * UTC offsets in minutes by zone and 12:00 UTC of a date, shared by every calendar: asking the zone
 * goes through Intl (microseconds), and each proposal builds several calendars over the same dates.
 */
const noonOffsets = new Map<string, Map<number, number>>();
const NOON_OFFSET_LIMIT = 100_000;

/**
 * A staff member's blocks per ISO weekday (index 1..7), with a text key to share their conversion;
 * `dated` when some hold only from or until a date, so each day picks its own (blocksOn).
 */
type WeeklyHours = readonly { blocks: readonly WorkingHoursBlock[]; signature: string; dated: boolean }[];

export class PlanningCalendar {
  readonly days: readonly Day[];
  readonly stepMs: number;
  readonly budget: Budget;
  /** The weekday of the first day. */
  protected readonly firstWeekday: number;
  private readonly patientBusy: readonly Interval[];
  private readonly roomsByKind = new Map<string, { id: string; busy: readonly Interval[] }[]>();
  private readonly staffBusy: (readonly Interval[] | undefined)[] = [];
  private readonly weeklyHours: (WeeklyHours | undefined)[] = [];
  // Staff usually share their hours, so one conversion per date and distinct set of blocks is enough.
  private readonly hoursCache = new Map<string, WorkingPiece[]>();
  private readonly ownFreeCache: (readonly FreePiece[] | undefined)[] = [];
  private readonly freeCache: (readonly FreePiece[] | undefined)[] = [];
  private readonly unavailableCache: (readonly Interval[] | undefined)[] = [];
  private readonly zone: Zone;
  private readonly offsets: Map<number, number>;
  private readonly firstMidnightUtc: number;

  constructor(private readonly calendar: CalendarRequest) {
    this.firstWeekday = weekdayOf(calendar.firstDate);
    this.days = calendarDates(calendar.firstDate, calendar.dayCount).map((date, i) => {
      const closedReason = calendar.closedDays.reason(date);
      return { date, weekday: ((this.firstWeekday - 1 + i) % 7) + 1, closedReason, closed: closedReason !== undefined };
    });
    this.stepMs = calendar.slotStepMinutes * MINUTE;
    this.budget = calendar.budget ?? Budget.unlimited;
    this.zone = IANAZone.create(calendar.zone);
    this.offsets = noonOffsets.get(calendar.zone) ?? new Map<number, number>();
    noonOffsets.set(calendar.zone, this.offsets);
    this.firstMidnightUtc = Date.parse(`${calendar.firstDate}T00:00:00Z`);
    this.patientBusy = mergeIntervals(calendar.patientBusy);
    for (const room of calendar.rooms) {
      const rooms = this.roomsByKind.get(room.kind) ?? [];
      rooms.push({ id: room.id, busy: calendar.shared?.roomBusyOf(room.id, room.busy) ?? mergeIntervals(room.busy) });
      this.roomsByKind.set(room.kind, rooms);
    }
  }

  get lastDay(): number {
    return this.days.length - 1;
  }

  /** Whether the staff member has working hours on that ISO weekday at all. */
  worksOn(staff: number, weekday: number): boolean {
    return this.weekly(staff)[weekday].blocks.length > 0;
  }

  hasRoomOfKind(kind: string): boolean {
    return this.roomsByKind.has(kind);
  }

  /** The room of `kind` free for the whole of [start, end): `preferred` when it is, else the first in request order. */
  freeRoom(kind: string, start: number, end: number, preferred?: string): string | undefined {
    const rooms = this.roomsByKind.get(kind);
    if (!rooms) return undefined;
    if (preferred !== undefined) {
      const favourite = rooms.find((room) => room.id === preferred);
      if (favourite && isFree(favourite.busy, start, end)) return favourite.id;
    }
    return rooms.find((room) => isFree(room.busy, start, end))?.id;
  }

  /** Working time the staff member's own bookings and absences leave free (the patient not counted). */
  ownFreeTime(staff: number, day: number): readonly FreePiece[] {
    const key = staff * this.days.length + day;
    return (this.ownFreeCache[key] ??= this.buildOwnFreeTime(staff, day));
  }

  /** The staff member's working time that neither they nor the patient have taken. */
  freeTime(staff: number, day: number): readonly FreePiece[] {
    const key = staff * this.days.length + day;
    return (this.freeCache[key] ??= this.buildFreeTime(staff, day));
  }

  /** Whether the patient has `day` without busy or unavailable time: then staff free time is free time. */
  patientFreeAllDay(day: number): boolean {
    return this.patientBusy.length === 0 && this.unavailable(day).length === 0;
  }

  /** Whether the patient is free (not busy, not unavailable) for the whole of [start, end) on `day`. */
  patientFree(day: number, start: number, end: number): boolean {
    return isFree(this.patientBusy, start, end) && isFree(this.unavailable(day), start, end);
  }

  /**
   * Calls `visit` with each start on the slot grid at which a visit of `lengthMs` fits into one of
   * `pieces`, in time order, until it returns false.
   */
  eachGridStart(pieces: readonly FreePiece[], lengthMs: number, visit: (start: number, piece: FreePiece) => boolean): void {
    for (const piece of pieces) {
      for (let start = gridStart(piece.origin, piece.start, this.stepMs); start + lengthMs <= piece.end; start += this.stepMs) {
        if (!visit(start, piece)) return;
      }
    }
  }

  private buildOwnFreeTime(staff: number, day: number): readonly FreePiece[] {
    const compute = () => {
      const { id, busy: own } = this.calendar.staff[staff];
      const busy = (this.staffBusy[staff] ??= this.calendar.shared?.staffBusyOf(id, own) ?? mergeIntervals(own));
      const pieces: FreePiece[] = [];
      for (const hours of this.workingHours(staff, day)) {
        for (const part of freeParts(hours, [busy])) pieces.push({ start: part.start, end: part.end, origin: hours.start, originWall: hours.wall });
      }
      return pieces;
    };
    return this.calendar.shared?.freeTimeOf(this.calendar.staff[staff].id, this.days[day].date, compute) ?? compute();
  }

  private buildFreeTime(staff: number, day: number): readonly FreePiece[] {
    const own = this.ownFreeTime(staff, day);
    if (this.patientFreeAllDay(day)) return own;
    const patient = [this.patientBusy, this.unavailable(day)];
    const pieces: FreePiece[] = [];
    for (const piece of own) {
      for (const part of freeParts(piece, patient)) pieces.push({ start: part.start, end: part.end, origin: piece.origin, originWall: piece.originWall });
    }
    return pieces;
  }

  private weekly(staff: number): WeeklyHours {
    return (this.weeklyHours[staff] ??= Array.from({ length: 8 }, (_, weekday) => {
      const blocks = this.calendar.staff[staff].workingHours.filter((block) => block.weekday === weekday);
      const dated = blocks.some((block) => block.from !== undefined || block.until !== undefined);
      return { blocks, signature: signatureOf(blocks), dated };
    }));
  }

  private workingHours(staff: number, day: number): WorkingPiece[] {
    const { date, weekday } = this.days[day];
    const week = this.weekly(staff)[weekday];
    // Undated hours (the usual case) keep their weekday's conversion; dated ones are the day's own.
    const blocks = week.dated ? blocksOn(week.blocks, date) : week.blocks;
    if (blocks.length === 0) return [];
    const signature = week.dated ? signatureOf(blocks) : week.signature;
    const key = `${date} ${signature}`;
    let pieces = this.hoursCache.get(key);
    if (!pieces) {
      pieces = blocks
        .map((block) => ({ start: this.instant(day, block.start), end: this.instant(day, block.end), wall: wallMinutes(block.start) }))
        .filter((piece) => piece.end > piece.start)
        .sort((a, b) => a.start - b.start);
      this.hoursCache.set(key, pieces);
    }
    return pieces;
  }

  /** The patient's unavailable periods on `day` (see UnavailableTime), merged. */
  private unavailable(day: number): readonly Interval[] {
    const unavailable = this.calendar.patientUnavailable ?? [];
    if (unavailable.length === 0) return [];
    return (this.unavailableCache[day] ??= mergeIntervals(
      unavailable
        .filter((period) => period.weekday === undefined || period.weekday === this.days[day].weekday)
        .map((period) => ({
          start: this.instant(day, period.start ?? '00:00'),
          end: period.end ? this.instant(day, period.end) : this.instant(day + 1, '00:00'),
        })),
    ));
  }

  /**
   * The instant the wall clock shows `time` on the day `day` days after the first (any integer). A
   * day whose UTC offset is the same from noon UTC the day before to noon UTC the day after (no DST
   * change) is converted with plain arithmetic; zones more than 12 hours from UTC always take luxon's way.
   */
  private instant(day: number, time: string): number {
    const midnight = this.firstMidnightUtc + day * DAY_MS;
    const offset = this.noonOffset(day);
    if (Math.abs(offset) <= 720 && offset === this.noonOffset(day - 1) && offset === this.noonOffset(day + 1)) {
      return midnight + (wallMinutes(time) - offset) * MINUTE;
    }
    return localToInstant(new Date(midnight).toISOString().slice(0, 10), time, this.calendar.zone).getTime();
  }

  /** The zone's UTC offset in minutes at 12:00 UTC of the day `day` days after the first. */
  private noonOffset(day: number): number {
    const noon = this.firstMidnightUtc + day * DAY_MS + NOON_MS;
    let offset = this.offsets.get(noon);
    if (offset === undefined) {
      if (this.offsets.size >= NOON_OFFSET_LIMIT) this.offsets.clear();
      offset = this.zone.offset(noon);
      this.offsets.set(noon, offset);
    }
    return offset;
  }
}

/** Minutes since midnight of an `HH:mm` wall time. */
export function wallMinutes(time: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  return hours * 60 + minutes;
}

function signatureOf(blocks: readonly WorkingHoursBlock[]): string {
  return blocks.map((block) => `${block.start}-${block.end}`).join(',');
}
