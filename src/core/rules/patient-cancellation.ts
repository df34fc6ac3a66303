import type { AppointmentStatus } from '../vocabulary';

/** A visit as a patient's own cancellation judges it. */
export interface OwnVisit {
  start: Date;
  status: AppointmentStatus;
  /** How many patients the visit has: a group session goes on for the others. */
  patientCount: number;
}

/** The last instant the patient may cancel the visit themself (the site's `cancelHoursBefore`, elapsed hours). */
export function selfCancelDeadline(start: Date, cancelHoursBefore: number): Date {
  return new Date(start.getTime() - cancelHoursBefore * 3_600_000);
}

/** Whether the patient may cancel the visit themself now: a visit of their own, still booked, before the deadline. */
export function maySelfCancel(visit: OwnVisit, cancelHoursBefore: number, now: Date = new Date()): boolean {
  return visit.status === 'booked' && visit.patientCount === 1 && now.getTime() <= selfCancelDeadline(visit.start, cancelHoursBefore).getTime();
}
