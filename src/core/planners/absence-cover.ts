import { CodedProblem, problemAt } from '../problem-codes';
import { insertSorted } from '../time/free-time';
import { ClosedDays } from '../time/holidays';
import { Interval } from '../time/interval';
import { localDateOf } from '../time/local-time';
import { firstFreeSlots, FreeSlot } from './free-slots';
import { PlannerRoom, PlannerStaff } from './resources';

/** A booked visit of the absent staff member that needs a new time or a stand-in. */
export interface VisitToCover extends Interval {
  id: string;
  roomId: string | null;
  /** The kind of its room (null for a visit without one): a new time needs a room of that kind. */
  roomKind: string | null;
  patientIds: readonly string[];
  /** Its other staff, who stay on it. */
  otherStaffIds: readonly string[];
}

export interface CoverRequest {
  zone: string;
  closedDays: ClosedDays;
  slotStepMinutes: number;
  absentStaffId: string;
  /** The absent member's discipline, the absent member among them (their absence is in their busy time). */
  staff: readonly PlannerStaff[];
  rooms: readonly PlannerRoom[];
  patientBusy: (patientId: string) => readonly Interval[];
  visits: readonly VisitToCover[];
  /** How many days from each visit's own a new time is looked for. */
  searchDays: number;
  /** No new time before this instant (now). */
  notBefore: number;
  /** Past this instant (by `clock`) the visits left are listed without a proposal. */
  deadline: number;
  clock: () => number;
}

/** A proposal, or why there is none (`cover.timed_out` when the deadline passed before the visit was looked at). */
export type CoverOutcome = { appointmentId: string; proposal: FreeSlot } | { appointmentId: string; proposal: null; problem: CodedProblem };

/**
 * Where each visit of an absent staff member could go, in order: the first free time from the
 * visit's own on, with another member of the discipline (preferred at an equal time) or the absent
 * one after their absence, the patient and a room of the visit's kind free. The visit's own time
 * counts as free for its patient and room, and each proposal is taken before the next visit is
 * looked at, so no two proposals collide. A visit with several patients or other staff keeps its
 * time and room and gets a stand-in at that very time, if one is free. Nothing is booked.
 */
export function coverProposals(request: CoverRequest): CoverOutcome[] {
  const staff = request.staff.map((member) => ({ ...member, busy: [...member.busy] }));
  const rooms = request.rooms.map((room) => ({ ...room, busy: [...room.busy] }));
  const patients = new Map<string, Interval[]>();
  const patientBusy = (id: string) => patients.get(id) ?? patients.set(id, [...request.patientBusy(id)]).get(id)!;
  const order = [...staff.filter((member) => member.id !== request.absentStaffId), ...staff.filter((member) => member.id === request.absentStaffId)];

  return request.visits.map((visit) => {
    if (request.clock() > request.deadline) return { appointmentId: visit.id, proposal: null, problem: problemAt('appointmentId', 'cover.timed_out') };
    const keepsTime = visit.patientIds.length > 1 || visit.otherStaffIds.length > 0;
    const [patientId] = visit.patientIds;
    const ownRoom = rooms.find((room) => room.id === visit.roomId);
    const freed = (busy: readonly Interval[]) => busy.filter((interval) => interval.start !== visit.start || interval.end !== visit.end);
    const [slot] = firstFreeSlots({
      zone: request.zone,
      closedDays: request.closedDays,
      firstDate: localDateOf(visit.start, request.zone),
      dayCount: keepsTime ? 1 : request.searchDays,
      slotStepMinutes: request.slotStepMinutes,
      patientBusy: keepsTime || !patientId ? [] : freed(patientBusy(patientId)),
      staff: keepsTime ? order.filter((member) => member.id !== request.absentStaffId) : order,
      rooms: rooms.map((room) => (room === ownRoom ? { ...room, busy: freed(room.busy) } : room)),
      minutes: (visit.end - visit.start) / 60_000,
      roomKind: keepsTime ? null : visit.roomKind,
      limit: 1,
      notBefore: Math.max(request.notBefore, visit.start),
    });
    if (!slot || (keepsTime && slot.start !== visit.start)) {
      const problem = keepsTime ? problemAt('appointmentId', 'cover.no_stand_in') : problemAt('appointmentId', 'cover.no_free_time', { days: request.searchDays });
      return { appointmentId: visit.id, proposal: null, problem };
    }
    const proposal = keepsTime ? { ...slot, roomId: visit.roomId } : slot;
    const taken = { start: proposal.start, end: proposal.end };
    insertSorted(staff.find((member) => member.id === proposal.staffId)!.busy, taken);
    const room = rooms.find((candidate) => candidate.id === proposal.roomId);
    if (room && !keepsTime) insertSorted(room.busy, taken);
    if (patientId && !keepsTime) insertSorted(patientBusy(patientId), taken);
    return { appointmentId: visit.id, proposal };
  });
}
