import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsIn, IsInt, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import { OmitType } from '@nestjs/swagger';
import { FieldProblemDto } from '../common/api-error.dto';
import { DATE_WINDOWS } from '../core/time/date-windows';
import { IsInstant, IsLocalDate, Optional, OptionalOrNull } from '../common/validators';
import {
  AppointmentKind,
  APPOINTMENT_KINDS,
  AppointmentStatus,
  APPOINTMENT_STATUSES,
  CANCEL_CATEGORIES,
  CancelCategory,
  Discipline,
  DISCIPLINES,
  Participation,
} from '../core/vocabulary';

export class CreateAppointmentDto {
  @IsIn(APPOINTMENT_KINDS)
  kind: AppointmentKind;

  @IsUUID()
  siteId: string;

  /** A room id; left out or null to book without a room. */
  @OptionalOrNull()
  @IsUUID()
  roomId?: string | null;

  @IsInstant(DATE_WINDOWS.booking)
  start: string;

  @IsInstant(DATE_WINDOWS.booking)
  end: string;

  @ArrayMinSize(1)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  @ArrayMaxSize(20) // nearest the property: checked first, before ArrayUnique's quadratic work
  staffIds: string[];

  /** One patient, or the cohort of a group session. */
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  @ArrayMaxSize(50) // nearest the property: checked first, before ArrayUnique's quadratic work
  patientIds: string[];

  /** The accepted referral this visit serves; the first such booking ends the patient's wait. */
  @Optional()
  @IsUUID()
  referralId?: string;
}

/** Move an appointment, or change its room or staff. A new start alone keeps the duration. */
export class RescheduleAppointmentDto {
  @Optional()
  @IsInstant(DATE_WINDOWS.booking)
  start?: string;

  @Optional()
  @IsInstant(DATE_WINDOWS.booking)
  end?: string;

  /** A room id, or null to book without a room. */
  @OptionalOrNull()
  @IsUUID()
  roomId?: string | null;

  @Optional()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  @ArrayMaxSize(20) // nearest the property: checked first, before ArrayUnique's quadratic work
  staffIds?: string[];

  /**
   * The other appointments the move may take with it, as its preview (POST
   * /appointments/:id/move-preview) listed them: an assessment's feedback conversation that no
   * longer fits after a moved visit. A move that needs one not listed here is a 409 naming it.
   */
  @Optional()
  @ArrayUnique()
  @IsUUID('all', { each: true })
  @ArrayMaxSize(10) // nearest the property: checked first, before ArrayUnique's quadratic work
  alsoMove?: string[];
}

/** Where an appointment is, or would be. */
export class VisitPlaceDto {
  /** ISO 8601 in the site's offset. */
  start: string;
  end: string;
  roomId: string | null;
  staffIds: string[];
}

/** A rule an appointment would break where it is, so it must move: a problem as the API words it, without a field. */
export class MoveReasonDto extends OmitType(FieldProblemDto, ['field'] as const) {}

/** One appointment a move changes: the visit asked for first, then what must move with it and why. */
export class VisitMoveDto {
  appointmentId: string;
  kind: AppointmentKind;
  /** For an assessment's visits: the discipline, or feedback. */
  assessmentPart: string | null;
  /** Whether this is the visit the move was asked for. */
  requested: boolean;
  from: VisitPlaceDto;
  to: VisitPlaceDto;
  /** The rules that make an appointment not asked for move (empty for the one asked for), each with its code and params. */
  why: MoveReasonDto[];
}

/**
 * A move looked at before it is made: whether it can be made as asked, what it moves, and otherwise
 * the problems (the assessment's or program's rules, the calendar's, a time someone holds), each on
 * the field to change. Made by the same code as the move, in a transaction rolled back.
 */
export class MovePreviewDto {
  fits: boolean;
  moves: VisitMoveDto[];
  problems: FieldProblemDto[];
  /** The appointment in the way, when another booking holds the time. */
  conflictingAppointmentId?: string;
}

export class CancelAppointmentDto {
  /** Why, in a few words (patient ill, staff absent...). */
  @IsString()
  @Length(1, 500)
  reason: string;

  /**
   * Who or what cancelled: the patient, the unit, or the patient's illness. The patient's (and
   * illness) within the site's `lateCancellationHours` of the start count as late cancellations.
   */
  @Optional()
  @IsIn(CANCEL_CATEGORIES)
  category?: CancelCategory;
}

/** A patient's attendance record: late cancellations and no-shows, as counted on the patient. */
export class AttendanceRecordDto {
  patientId: string;
  /** Cancelled by the patient (or ill) within the site's late-cancellation hours of the start. */
  lateCancellations: number;
  /** Visits and group sessions the patient did not come to. */
  noShows: number;
  /** Cancelled visits of the patient by category; `uncategorised` for those cancelled without one. */
  cancellations: CancellationCountsDto;
}

export class CancellationCountsDto {
  patient_cancelled: number;
  unit_cancelled: number;
  illness: number;
  uncategorised: number;
}

export class AttendanceDto {
  @IsUUID()
  patientId: string;

  @IsIn(['attended', 'no_show'])
  participation: Extract<Participation, 'attended' | 'no_show'>;
}

export class AppointmentQueryDto {
  @Optional()
  @IsUUID()
  siteId?: string;

  @Optional()
  @IsUUID()
  staffId?: string;

  @Optional()
  @IsUUID()
  patientId?: string;

  @IsInstant(DATE_WINDOWS.query)
  from: string;

  /** At most 93 days after `from`. */
  @IsInstant(DATE_WINDOWS.query)
  to: string;

  @Optional()
  @IsIn(APPOINTMENT_STATUSES)
  status?: AppointmentStatus;
}

/** Find a time: who and what the visit needs, and the days to look in. */
export class FreeSlotQueryDto {
  /** Required for an admin; a coordinator's or clinician's own site otherwise. */
  @Optional()
  @IsUUID()
  siteId?: string;

  @IsIn(APPOINTMENT_KINDS)
  kind: AppointmentKind;

  /** Any staff member of this discipline; `staffId` or `discipline` (or both) is required. */
  @Optional()
  @IsIn(DISCIPLINES)
  discipline?: Discipline;

  @Optional()
  @IsUUID()
  staffId?: string;

  /** The patient must be free too. */
  @Optional()
  @IsUUID()
  patientId?: string;

  /** The first local day to look at. */
  @IsLocalDate(DATE_WINDOWS.booking)
  from: string;

  /** The last local day to look at (inclusive): 28 days at most in all, two weeks when left out. */
  @Optional()
  @IsLocalDate(DATE_WINDOWS.booking)
  to?: string;

  /**
   * The visit's length; when left out, for an assessment visit the discipline's length in the site's
   * settings, else 60, and the site's `interpreterExtraMinutes` more when the patient needs an interpreter.
   */
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(5)
  @Max(480)
  minutes?: number;

  /** The kind of room; for an assessment visit the discipline's room kind in the site's settings when left out, else an office. */
  @Optional()
  @IsString()
  @Length(1, 40)
  roomKind?: string;

  /** How many slots, earliest first (default 5). */
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(20)
  limit?: number;
}

export class FreeSlotDto {
  /** In the site's local time. */
  start: string;
  end: string;
  staffId: string;
  staffName: string;
  roomId: string | null;
}
