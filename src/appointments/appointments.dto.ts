import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsIn, IsString, IsUUID, Length } from 'class-validator';
import { DATE_WINDOWS } from '../core/time/date-windows';
import { IsInstant, Optional, OptionalOrNull } from '../common/validators';
import { AppointmentKind, APPOINTMENT_KINDS, AppointmentStatus, APPOINTMENT_STATUSES, Participation } from '../core/vocabulary';

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
}

export class CancelAppointmentDto {
  /** Why, in a few words (patient ill, staff absent...). */
  @IsString()
  @Length(1, 500)
  reason: string;
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
