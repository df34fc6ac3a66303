import type { CancelCategory } from '../vocabulary';

/** Who gave the time up when the patient cancels or is ill: the unit's own cancellations are never the patient's. */
const BY_THE_PATIENT: readonly CancelCategory[] = ['patient_cancelled', 'illness'];

/**
 * Whether a cancellation counts as late on the patient: given up by the patient (cancelled, or ill)
 * `lateHours` or fewer elapsed hours before the start, or after it. Decided once, when it happens.
 */
export function isLateCancellation(category: CancelCategory | null, start: Date, cancelledAt: Date, lateHours: number): boolean {
  return category !== null && BY_THE_PATIENT.includes(category) && start.getTime() - cancelledAt.getTime() <= lateHours * 3_600_000;
}
