import { QueryFailedError } from 'typeorm';

/** Which exclusion constraint refused a booking, and the key already holding the time. */
export interface OverlapViolation {
  constraint: 'appointment_staff_no_overlap' | 'appointment_patients_no_overlap' | 'appointments_room_no_overlap';
  /** The staff member, patient or room whose time is taken. */
  resourceId: string;
  /** The taken range exactly as PostgreSQL printed it; castable back to tstzrange. */
  existingRange: string;
}

const CONSTRAINTS = new Set(['appointment_staff_no_overlap', 'appointment_patients_no_overlap', 'appointments_room_no_overlap']);

/**
 * PostgreSQL reports an exclusion violation (SQLSTATE 23P01) with the existing key in its detail:
 * `Key (staff_id, during)=(…) conflicts with existing key (staff_id, during)=(<uuid>, [<from>,<to>)).`
 */
export function overlapViolation(error: unknown): OverlapViolation | undefined {
  if (!(error instanceof QueryFailedError)) return undefined;
  const { code, constraint, detail } = error.driverError as { code?: string; constraint?: string; detail?: string };
  if (code !== '23P01' || !constraint || !CONSTRAINTS.has(constraint) || !detail) return undefined;
  const existing = /conflicts with existing key \([^)]*\)=\(([0-9a-f-]{36}), (\[[^)]*\))\)/.exec(detail);
  if (!existing) return undefined;
  return { constraint: constraint as OverlapViolation['constraint'], resourceId: existing[1], existingRange: existing[2] };
}
