import { AppointmentKind, AppointmentStatus, Participation } from '../core/vocabulary';

export class ParticipantDto {
  patientId: string;
  participation: Participation;
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
  staffIds: string[];
  /** A patient caller sees only themself here, even in a group session. */
  patientIds: string[];
  participants: ParticipantDto[];
}
