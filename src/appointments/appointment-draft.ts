import { AppointmentKind } from './appointment.entity';

/** An appointment about to be booked, by any part of the service (single booking, assessment, program). */
export interface AppointmentDraft {
  siteId: string;
  kind: AppointmentKind;
  roomId: string | null;
  start: Date;
  end: Date;
  staffIds: string[];
  patientIds: string[];
  /** The referral this visit serves (its first booked visit ends the wait). */
  referralId?: string | null;
  /** The assessment the visit belongs to and its part in it (a discipline, or `feedback`). */
  assessmentId?: string | null;
  assessmentPart?: string | null;
  /** Prefix for field names in error details, e.g. `visits.2.` when several drafts are booked at once. */
  fieldPrefix?: string;
}
