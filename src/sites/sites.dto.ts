import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsIn, IsInt, IsString, Length, Max, Min, ValidateNested } from 'class-validator';
import { PAIN_TYPES, ROOM_KINDS } from '../core/vocabulary';
import { DATE_WINDOWS } from '../core/time/date-windows';
import { IsLocalDate, IsLocalTime, IsTimeZone, Optional, OptionalOrNull } from '../common/validators';

export class CreateSiteDto {
  @IsString()
  @Length(1, 200)
  name: string;

  /** IANA time zone; the service's DEFAULT_TIME_ZONE (Europe/Stockholm) when left out. */
  @Optional()
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
  @Optional() @IsInt() @Min(0) @Max(120) minPainMonths?: number;
  @Optional() @IsInt() @Min(0) @Max(10000) maxMeddMgPerDay?: number;
  @Optional() @IsInt() @Min(0) @Max(120) workingAgeMin?: number;
  @Optional() @IsInt() @Min(0) @Max(120) workingAgeMax?: number;
  @Optional() @IsInt() @Min(0) @Max(20) mmrQuarantineYears?: number;
  @Optional() @ArrayMaxSize(4) @IsIn(PAIN_TYPES, { each: true }) painTypesInScope?: string[];
}

export class DisciplineMinutesDto {
  @Optional() @IsInt() @Min(15) @Max(480) nurse?: number;
  @Optional() @IsInt() @Min(15) @Max(480) physician?: number;
  @Optional() @IsInt() @Min(15) @Max(480) physiotherapist?: number;
  @Optional() @IsInt() @Min(15) @Max(480) psychologist?: number;
  @Optional() @IsInt() @Min(15) @Max(480) occupational_therapist?: number;
}

export class DisciplineRoomKindDto {
  @Optional() @IsIn(ROOM_KINDS) nurse?: string;
  @Optional() @IsIn(ROOM_KINDS) physician?: string;
  @Optional() @IsIn(ROOM_KINDS) physiotherapist?: string;
  @Optional() @IsIn(ROOM_KINDS) psychologist?: string;
  @Optional() @IsIn(ROOM_KINDS) occupational_therapist?: string;
}

export class AssessmentSettingsDto {
  @Optional() @ValidateNested() @Type(() => DisciplineMinutesDto) visitMinutes?: DisciplineMinutesDto;
  /** E.g. {"physiotherapist": "gym"}; `office` where not named. */
  @Optional() @ValidateNested() @Type(() => DisciplineRoomKindDto) roomKindByDiscipline?: DisciplineRoomKindDto;
  @Optional() @IsInt() @Min(5) @Max(90) windowDays?: number;
  @Optional() @IsInt() @Min(1) @Max(5) maxVisitsPerDay?: number;
  @Optional() @IsInt() @Min(15) @Max(240) feedbackMinutes?: number;
  @Optional() @IsInt() @Min(0) @Max(20) feedbackMinWorkingDaysAfter?: number;
  @Optional() @IsInt() @Min(0) @Max(60) feedbackExtraDays?: number;
  @Optional() @IsIn([5, 10, 15, 30, 60]) slotStepMinutes?: number;
}

/** Up to three reminders, 1 hour to 2 weeks before the visit. */
const HoursBefore = () => applyDecorators(Optional(), ArrayMaxSize(3), IsInt({ each: true }), Min(1, { each: true }), Max(336, { each: true }));

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
  @Optional() @ValidateNested() @Type(() => HoursBeforeDto) hoursBefore?: HoursBeforeDto;
  @Optional() @ValidateNested() @Type(() => QuietHoursDto) smsQuietHours?: QuietHoursDto;
  @Optional() @IsString() @Length(1, 300) howToCancel?: string;
}

/** The unit's phone and address as patients see them with their visits, and how late they may cancel themselves. */
export class PatientServiceSettingsDto {
  /** As patients dial it, e.g. "021-17 30 00"; null removes it. */
  @OptionalOrNull() @IsString() @Length(1, 50) phone?: string | null;
  /** Null removes it. */
  @OptionalOrNull() @IsString() @Length(1, 300) address?: string | null;
  /** A patient cancels a visit themself until this many hours before it (0: until it starts); later is a 409. */
  @Optional() @IsInt() @Min(0) @Max(336) cancelHoursBefore?: number;
}

/** Only the values to change; the rest stay as they are (or at their defaults). */
export class UpdateSiteSettingsDto {
  /** Care guarantee in days from the referral's arrival; applies to referrals received from now on. */
  @Optional() @IsInt() @Min(1) @Max(365) careGuaranteeDays?: number;
  @Optional() @IsInt() @Min(0) @Max(90) atRiskDays?: number;
  /** Hours before a visit within which a patient's cancellation is late (counted on the patient). */
  @Optional() @IsInt() @Min(0) @Max(168) lateCancellationHours?: number;
  /** Minutes a visit of a patient who needs an interpreter takes beyond others: their assessment visits and feedback conversation, and a single visit's length in `GET /appointments/free-slots`. */
  @Optional() @IsInt() @Min(0) @Max(120) interpreterExtraMinutes?: number;
  @Optional() @ValidateNested() @Type(() => TriageCriteriaDto) triage?: TriageCriteriaDto;
  @Optional() @ValidateNested() @Type(() => AssessmentSettingsDto) assessment?: AssessmentSettingsDto;
  @Optional() @ValidateNested() @Type(() => ReminderSettingsDto) reminders?: ReminderSettingsDto;
  @Optional() @ValidateNested() @Type(() => PatientServiceSettingsDto) patientService?: PatientServiceSettingsDto;
}

/** The site's rules in force, each value set (the default where the site chose none). */
export class SiteSettingsDto {
  /** Vårdgaranti: days from the referral's arrival to the first visit. */
  careGuaranteeDays: number;
  /** A waiting referral with this many days or fewer left is at risk. */
  atRiskDays: number;
  /** A patient's cancellation this many hours or fewer before the visit is late. */
  lateCancellationHours: number;
  /** Minutes a visit of a patient who needs an interpreter takes beyond others (0 by default). */
  interpreterExtraMinutes: number;
  triage: TriageCriteriaDto;
  assessment: AssessmentSettingsDto;
  reminders: ReminderSettingsDto;
  patientService: PatientServiceSettingsDto;
}
