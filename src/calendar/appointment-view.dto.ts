import { AppointmentKind, AppointmentStatus, CancelCategory, Participation } from '../core/vocabulary';

/** The patient needs an interpreter in this language at every visit. */
export class InterpreterDto {
  language: string;
}

export class ParticipantDto {
  patientId: string;
  participation: Participation;
  /** Null when the patient needs no interpreter (or the unit has not recorded one). */
  interpreter: InterpreterDto | null;
}

export class AppointmentDto {
  id: string;
  siteId: string;
  kind: AppointmentKind;
  /** What the visit is, in Swedish, as patients read it ("Bedömningsbesök hos psykolog"). */
  label: string;
  roomId: string | null;
  referralId: string | null;
  assessmentId: string | null;
  /** ISO 8601 in the site's offset. */
  start: string;
  end: string;
  status: AppointmentStatus;
  cancelReason: string | null;
  /** Who or what cancelled it (null while booked, or cancelled without a category). */
  cancelCategory: CancelCategory | null;
  /** Cancelled by the patient within the site's late-cancellation hours. */
  lateCancellation: boolean;
  staffIds: string[];
  /** A patient caller sees only themself here, even in a group session. */
  patientIds: string[];
  participants: ParticipantDto[];
}
