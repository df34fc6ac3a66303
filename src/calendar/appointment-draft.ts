import { AppointmentKind } from '../core/vocabulary';
import { Appointment } from './appointment.entity';

export type AppointmentLinks = Partial<
  Pick<Appointment, 'assessmentId' | 'assessmentPart' | 'groupProgramId' | 'sessionNumber' | 'sessionDetail' | 'individualProgramId'>
>;

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
  /** What else the appointment belongs to: an assessment (and its part), a group session, an individual program. */
  links?: AppointmentLinks;
  /** Prefix for field names in error details, e.g. `visits.2.` when several drafts are booked at once. */
  fieldPrefix?: string;
}
