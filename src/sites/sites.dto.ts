import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsIn, IsInt, IsOptional, IsString, Length, Max, Min, ValidateNested } from 'class-validator';
import { PAIN_TYPES } from '../referrals/referral-contents';
import { ROOM_KINDS } from '../rooms/room.entity';
import { DATE_WINDOWS } from '../common/date-windows';
import { IsLocalDate, IsLocalTime, IsTimeZone } from '../common/validators';

export class CreateSiteDto {
  @IsString()
  @Length(1, 200)
  name: string;

  /** IANA time zone; the service's DEFAULT_TIME_ZONE (Europe/Stockholm) when left out. */
  @IsOptional()
  @IsTimeZone()
  timeZone?: string;
}

export class SiteDto {
  id: string;
  name: string;
  timeZone: string;
}

export class CreateClosureDto {
  /** Local date the site is closed. */
  @IsLocalDate(DATE_WINDOWS.booking)
  date: string;

  @IsString()
  @Length(1, 200)
  reason: string;
}

export class ClosedDaysQueryDto {
  @IsLocalDate(DATE_WINDOWS.query)
  from: string;

  /** At most 366 days after `from`. */
  @IsLocalDate(DATE_WINDOWS.query)
  to: string;
}

export class ClosedDayDto {
  date: string;
  reason: string;
}

export class TriageCriteriaDto {
  @IsOptional() @IsInt() @Min(0) @Max(120) minPainMonths?: number;
  @IsOptional() @IsInt() @Min(0) @Max(10000) maxMeddMgPerDay?: number;
  @IsOptional() @IsInt() @Min(0) @Max(120) workingAgeMin?: number;
  @IsOptional() @IsInt() @Min(0) @Max(120) workingAgeMax?: number;
  @IsOptional() @IsInt() @Min(0) @Max(20) mmrQuarantineYears?: number;
  @IsOptional() @ArrayMaxSize(4) @IsIn(PAIN_TYPES, { each: true }) painTypesInScope?: string[];
}

export class DisciplineMinutesDto {
  @IsOptional() @IsInt() @Min(15) @Max(480) nurse?: number;
  @IsOptional() @IsInt() @Min(15) @Max(480) physician?: number;
  @IsOptional() @IsInt() @Min(15) @Max(480) physiotherapist?: number;
  @IsOptional() @IsInt() @Min(15) @Max(480) psychologist?: number;
  @IsOptional() @IsInt() @Min(15) @Max(480) occupational_therapist?: number;
}

export class DisciplineRoomKindDto {
  @IsOptional() @IsIn(ROOM_KINDS) nurse?: string;
  @IsOptional() @IsIn(ROOM_KINDS) physician?: string;
  @IsOptional() @IsIn(ROOM_KINDS) physiotherapist?: string;
  @IsOptional() @IsIn(ROOM_KINDS) psychologist?: string;
  @IsOptional() @IsIn(ROOM_KINDS) occupational_therapist?: string;
}

export class AssessmentSettingsDto {
  @IsOptional() @ValidateNested() @Type(() => DisciplineMinutesDto) visitMinutes?: DisciplineMinutesDto;
  /** E.g. {"physiotherapist": "gym"}; `office` where not named. */
  @IsOptional() @ValidateNested() @Type(() => DisciplineRoomKindDto) roomKindByDiscipline?: DisciplineRoomKindDto;
  @IsOptional() @IsInt() @Min(5) @Max(90) windowDays?: number;
  @IsOptional() @IsInt() @Min(1) @Max(5) maxVisitsPerDay?: number;
  @IsOptional() @IsInt() @Min(15) @Max(240) feedbackMinutes?: number;
  @IsOptional() @IsInt() @Min(0) @Max(20) feedbackMinWorkingDaysAfter?: number;
  @IsOptional() @IsInt() @Min(0) @Max(60) feedbackExtraDays?: number;
  @IsOptional() @IsIn([5, 10, 15, 30, 60]) slotStepMinutes?: number;
}

/** Up to three reminders, 1 hour to 2 weeks before the visit. */
const HoursBefore = () => applyDecorators(IsOptional(), ArrayMaxSize(3), IsInt({ each: true }), Min(1, { each: true }), Max(336, { each: true }));

export class HoursBeforeDto {
  @HoursBefore() assessment_visit?: number[];
  @HoursBefore() feedback_conversation?: number[];
  @HoursBefore() group_session?: number[];
  @HoursBefore() individual_visit?: number[];
  @HoursBefore() follow_up_visit?: number[];
  @HoursBefore() other?: number[];
}

export class QuietHoursDto {
  @IsLocalTime() start: string;
  @IsLocalTime() end: string;
}

export class ReminderSettingsDto {
  /** Hours before the visit, per kind of visit, e.g. {"individual_visit": [48, 2]}. */
  @IsOptional() @ValidateNested() @Type(() => HoursBeforeDto) hoursBefore?: HoursBeforeDto;
  @IsOptional() @ValidateNested() @Type(() => QuietHoursDto) smsQuietHours?: QuietHoursDto;
  @IsOptional() @IsString() @Length(1, 300) howToCancel?: string;
}

/** Only the values to change; the rest stay as they are (or at their defaults). */
export class UpdateSiteSettingsDto {
  /** Care guarantee in days from the referral's arrival; applies to referrals received from now on. */
  @IsOptional() @IsInt() @Min(1) @Max(365) careGuaranteeDays?: number;
  @IsOptional() @IsInt() @Min(0) @Max(90) atRiskDays?: number;
  @IsOptional() @ValidateNested() @Type(() => TriageCriteriaDto) triage?: TriageCriteriaDto;
  @IsOptional() @ValidateNested() @Type(() => AssessmentSettingsDto) assessment?: AssessmentSettingsDto;
  @IsOptional() @ValidateNested() @Type(() => ReminderSettingsDto) reminders?: ReminderSettingsDto;
}

/** The site's rules in force, each value set (the default where the site chose none). */
export class SiteSettingsDto {
  /** Vårdgaranti: days from the referral's arrival to the first visit. */
  careGuaranteeDays: number;
  /** A waiting referral with this many days or fewer left is at risk. */
  atRiskDays: number;
  triage: TriageCriteriaDto;
  assessment: AssessmentSettingsDto;
  reminders: ReminderSettingsDto;
}
