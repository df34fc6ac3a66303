import { IsIn } from 'class-validator';
import { AppointmentKind, AppointmentStatus, DISCIPLINES, Discipline } from '../core/vocabulary';
import { DATE_WINDOWS } from '../core/time/date-windows';
import { IsInstant, Optional } from '../common/validators';
import { InterpreterDto } from '../calendar/appointment-view.dto';

export class CalendarQueryDto {
  @IsInstant(DATE_WINDOWS.query)
  from: string;

  /** At most 93 days after `from`. */
  @IsInstant(DATE_WINDOWS.query)
  to: string;
}

export class SiteCalendarQueryDto extends CalendarQueryDto {
  /** Only staff members of this discipline, and their appointments. */
  @Optional()
  @IsIn(DISCIPLINES)
  discipline?: Discipline;

  /** `true`: cancelled visits too (the team schedule shows a freed time until it is filled). */
  @Optional()
  @IsIn(['true', 'false'])
  withCancelled?: 'true' | 'false';
}

export class MyAppointmentsQueryDto {
  /** Default: now. */
  @Optional()
  @IsInstant(DATE_WINDOWS.query)
  from?: string;

  /** Default: 93 days after `from`, the longest range served. */
  @Optional()
  @IsInstant(DATE_WINDOWS.query)
  to?: string;
}

export class CalendarPatientDto {
  id: string;
  initials: string;
  /** Only for coordinators, and for clinicians on the appointment. */
  name?: string;
  /** Null when the patient needs no interpreter. */
  interpreter: InterpreterDto | null;
}

// Classes of their own rather than inline object types: the document marks an inline `{ ... } | null` as never null.
export class CalendarRoomDto {
  id: string;
  name: string;
}

export class CalendarAssessmentDto {
  id: string;
  part: string;
}

export class CalendarGroupSessionDto {
  id: string;
  sessionNumber: number;
  /** The group program's name, e.g. "Smärtskola". */
  name: string;
}

/** The patient's own request to move a visit, sent and not yet resolved by the unit. */
export class OpenMoveRequestDto {
  /** When the patient sent it, ISO 8601 in the site's offset. */
  sentAt: string;
  /** When they could come instead, in their words. */
  note: string | null;
}

/** On a patient's own visits: how to reach the unit, until when they may cancel themself, and what they have asked. */
export class PatientSelfServiceDto {
  /** The unit's phone number, null until the site sets it. */
  unitPhone: string | null;
  unitAddress: string | null;
  /** The site's rule: a patient cancels a visit themself until this many hours before it. */
  cancelHoursBefore: number;
  /** Until when this visit may be cancelled with `POST /me/appointments/:id/cancel` (site offset); null when it may not be (past the time, a group session, not booked). */
  selfCancelUntil: string | null;
  /** The patient's open move request for this visit (`POST /me/appointments/:id/move-requests`); null when none waits, a resolved one included. */
  moveRequest: OpenMoveRequestDto | null;
}

export class CalendarEntryDto {
  id: string;
  kind: AppointmentKind;
  /** The visit in plain Swedish, e.g. "Bedömningsbesök hos fysioterapeut". */
  label: string;
  status: AppointmentStatus;
  /** ISO 8601 in the site's offset. */
  start: string;
  end: string;
  room: CalendarRoomDto | null;
  staff: { id: string; name: string; discipline: Discipline }[];
  patients: CalendarPatientDto[];
  assessment: CalendarAssessmentDto | null;
  groupProgram: CalendarGroupSessionDto | null;
  individualProgramId: string | null;
  /** Only on a patient's own visits (`GET /me/appointments`). */
  selfService?: PatientSelfServiceDto;
}

export class AbsenceEntryDto {
  staffId: string;
  start: string;
  end: string;
  reason: string;
}

export class StaffCalendarDto {
  staff: { id: string; name: string; discipline: Discipline };
  timeZone: string;
  appointments: CalendarEntryDto[];
  absences: AbsenceEntryDto[];
}

export class SiteCalendarDto {
  siteId: string;
  timeZone: string;
  staff: { id: string; name: string; discipline: Discipline }[];
  appointments: CalendarEntryDto[];
  absences: AbsenceEntryDto[];
}

export class RoomCalendarDto {
  room: { id: string; name: string; kind: string };
  timeZone: string;
  appointments: CalendarEntryDto[];
}

export class CalendarFeedDto {
  /** The secret address to subscribe to; shown only now. */
  url: string;
  createdAt: string;
}
