import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsString, IsUUID, Length, Max, Min, ValidateNested } from 'class-validator';
import { DATE_WINDOWS } from '../core/time/date-windows';
import { IsHsaId, IsInstant, IsLocalDate, IsLocalTime, Optional, OptionalOrNull } from '../common/validators';
import { Discipline, DISCIPLINES } from '../core/vocabulary';
import { AbsenceReason, ABSENCE_REASONS } from './staff-absence.entity';

export class WorkingHoursBlockDto {
  /** ISO weekday: Monday = 1 ... Sunday = 7. */
  @IsInt()
  @Min(1)
  @Max(7)
  weekday: number;

  /** Local wall time the block starts, HH:mm. */
  @IsLocalTime()
  start: string;

  /** Local wall time the block ends, HH:mm (after start). */
  @IsLocalTime()
  end: string;
}

/** A block as stored: dated when a change of hours made it hold from or until a date. */
export class DatedWorkingHoursBlockDto extends WorkingHoursBlockDto {
  /** The first local date the block holds; from the beginning of time when left out. */
  from?: string;

  /** The first local date it no longer holds; for good when left out. */
  until?: string;
}

export class CreateStaffDto {
  @IsString()
  @Length(1, 200)
  name: string;

  @IsIn(DISCIPLINES)
  discipline: Discipline;

  @IsUUID()
  siteId: string;

  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => WorkingHoursBlockDto)
  workingHours: WorkingHoursBlockDto[];

  /** The member's HSA-id, for sign-in through the region's identity provider; unique. */
  @OptionalOrNull()
  @IsHsaId()
  hsaId?: string | null;
}

/** A change to the member's record itself; their hours and use are changed by their own requests. */
export class UpdateStaffDto {
  /** The member's HSA-id; null removes it, so they can no longer sign in through the identity provider. */
  @OptionalOrNull()
  @IsHsaId()
  hsaId?: string | null;
}

export class StaffQueryDto {
  @Optional()
  @IsUUID()
  siteId?: string;

  @Optional()
  @IsIn(DISCIPLINES)
  discipline?: Discipline;
}

export class StaffDto {
  id: string;
  siteId: string;
  name: string;
  discipline: Discipline;
  workingHours: DatedWorkingHoursBlockDto[];
  /** The first local date the member is no longer planned or booked; null while in use. */
  deactivatedFrom: string | null;
  /** Their HSA-id; null when none is known. */
  hsaId: string | null;
}

/** New working hours from a date, and optionally until one (the earlier week holds again after it). */
export class ChangeWorkingHoursDto {
  @IsLocalDate(DATE_WINDOWS.booking)
  from: string;

  /** The first local date the new week no longer holds; for good when left out. */
  @Optional()
  @IsLocalDate(DATE_WINDOWS.booking)
  until?: string;

  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => WorkingHoursBlockDto)
  workingHours: WorkingHoursBlockDto[];
}

/** A change to a staff member, with the booked visits it leaves outside their hours: none is moved. */
export class StaffChangeDto {
  staff: StaffDto;
  /** Booked appointments of the member from the change on that fall outside the hours now valid: they need a new time or a stand-in. */
  affectedAppointmentIds: string[];
}

export class CreateAbsenceDto {
  @IsInstant(DATE_WINDOWS.booking)
  start: string;

  /** At most two years after `start`; a longer leave is entered as consecutive absences. */
  @IsInstant(DATE_WINDOWS.booking)
  end: string;

  @IsIn(ABSENCE_REASONS)
  reason: AbsenceReason;

  @Optional()
  @IsString()
  @Length(0, 500)
  note?: string;
}

/** Any of an absence's fields; the others stay. */
export class UpdateAbsenceDto {
  @Optional()
  @IsInstant(DATE_WINDOWS.booking)
  start?: string;

  @Optional()
  @IsInstant(DATE_WINDOWS.booking)
  end?: string;

  @Optional()
  @IsIn(ABSENCE_REASONS)
  reason?: AbsenceReason;

  @OptionalOrNull()
  @IsString()
  @Length(0, 500)
  note?: string | null;
}

export class AbsenceDto {
  id: string;
  staffId: string;
  start: string;
  end: string;
  reason: AbsenceReason;
  note: string | null;
  /** Booked appointments of this staff member inside the absence: they need a new time or a stand-in. */
  affectedAppointmentIds?: string[];
}
