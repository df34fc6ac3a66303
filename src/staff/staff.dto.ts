import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsString, IsUUID, Length, Max, Min, ValidateNested } from 'class-validator';
import { DATE_WINDOWS } from '../core/time/date-windows';
import { IsInstant, IsLocalTime, Optional } from '../common/validators';
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
  workingHours: WorkingHoursBlockDto[];
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
