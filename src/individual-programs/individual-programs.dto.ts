import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsNumber, IsString, IsUUID, Length, Max, Min, ValidateNested } from 'class-validator';
import { AppointmentDto } from '../calendar/appointment-view.dto';
import { PreferredStaffDto, UnavailableTimeDto } from '../calendar/planning.dto';
import { DATE_WINDOWS } from '../core/time/date-windows';
import { IsInstant, IsLocalDate, Optional } from '../common/validators';
import { ROOM_KINDS, Discipline, DISCIPLINES } from '../core/vocabulary';
import { WeekReport } from '../core/planners/individual/request';
import { INDIVIDUAL_PROGRAM_END_REASONS, INDIVIDUAL_PROGRAM_STATUSES, IndividualProgramEndReason, IndividualProgramStatus } from './individual-program.entity';

export class MixEntryDto {
  @IsIn(DISCIPLINES)
  discipline: Discipline;

  /** Visits a week: 2 = twice a week, 1 = weekly, 0.5 = every other week, 0 = as needed. */
  @IsNumber()
  @Min(0)
  @Max(5)
  perWeek: number;

  /** Visit length; 60 minutes when left out. */
  @Optional()
  @IsInt()
  @Min(15)
  @Max(240)
  minutes?: number;

  /** `gym` for adapted training with the physiotherapist; `office` when left out. */
  @Optional()
  @IsIn(ROOM_KINDS)
  roomKind?: string;
}

export class IndividualProgramRequestDto {
  @IsUUID()
  patientId: string;

  @IsLocalDate(DATE_WINDOWS.booking)
  startDate: string;

  /** 8–13 weeks (2–3 months). */
  @IsInt()
  @Min(8)
  @Max(13)
  weeks: number;

  @IsIn([3, 4])
  visitsPerWeek: number;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5)
  @ValidateNested({ each: true })
  @Type(() => MixEntryDto)
  mix: MixEntryDto[];

  @Optional() @IsArray() @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => UnavailableTimeDto) unavailable?: UnavailableTimeDto[];

  /** Continuity: the same therapist throughout, unless absent. */
  @Optional() @ValidateNested() @Type(() => PreferredStaffDto) preferredStaff?: PreferredStaffDto;

  @Optional() @IsInt() @Min(1) @Max(3) maxVisitsPerDay?: number;
}

export class IndividualVisitDto {
  @IsInt() @Min(1) @Max(13) week: number;
  @IsIn(DISCIPLINES) discipline: Discipline;
  @IsUUID() staffId: string;
  @IsUUID() roomId: string;
  @IsInstant(DATE_WINDOWS.booking) start: string;
  @IsInstant(DATE_WINDOWS.booking) end: string;
}

export class BookIndividualProgramDto extends IndividualProgramRequestDto {
  /** Usually a proposal's visits, possibly edited. */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(80)
  @ValidateNested({ each: true })
  @Type(() => IndividualVisitDto)
  visits: IndividualVisitDto[];
}

/**
 * Something the planner says about a proposal or one of its weeks, as a problem of the API is said:
 * a stable code (src/core/problem-codes.ts, e.g. `individual.substitutes`) and its parameters, which
 * a client words in its own language, and `text`, the English made from them.
 */
export class PlanNoteDto {
  /** e.g. `individual.no_free_slot`, `individual.closed_day`. */
  code: string;
  /** Display values: disciplines as codes (`physiotherapist`), week numbers, dates, counts, staff names (ids only as `…Id` beside). */
  @ApiProperty({ type: 'object', additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }] } })
  params: Record<string, string | number>;
  /** The English, e.g. "week 2: psychologist: no free office slot on open days". */
  text: string;
}

export class WeekReportDto implements Omit<WeekReport, 'problems'> {
  week: number;
  weekStart: string;
  planned: number;
  /** visitsPerWeek, or the mix's count for the week when that is larger. */
  target: number;
  /** Why the week could not be filled (its shortfalls, then the closed days behind them); empty when planned = target. */
  problems: PlanNoteDto[];
}

export class IndividualProposalDto {
  visits: IndividualVisitDto[];
  /** Per week: planned against target, and why a week could not be filled. */
  weeks: WeekReportDto[];
  /**
   * What the plan did that was not asked for in so many words: a discipline only as needed, the mix
   * topped up or above visitsPerWeek, a preferred staff member ignored, who stood in for a week's
   * shortfall, and who was seen throughout.
   */
  notes: PlanNoteDto[];
}

export class IndividualProgramSummaryDto {
  id: string;
  patientId: string;
  siteId: string;
  startDate: string;
  weeks: number;
  visitsPerWeek: number;
  status: IndividualProgramStatus;
  /** The day it was ended early, or null. */
  endedOn: string | null;
  endReason: IndividualProgramEndReason | null;
}

export class IndividualProgramDto extends IndividualProgramSummaryDto {
  visits: AppointmentDto[];
}

export class IndividualProgramQueryDto {
  /** Admins only; others see their own site's. */
  @Optional()
  @IsUUID()
  siteId?: string;

  @Optional()
  @IsUUID()
  patientId?: string;

  @Optional()
  @IsIn(INDIVIDUAL_PROGRAM_STATUSES)
  status?: IndividualProgramStatus;

  /** How many, the latest start first (default 50). */
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

export class EndIndividualProgramDto {
  @IsIn(INDIVIDUAL_PROGRAM_END_REASONS)
  reason: IndividualProgramEndReason;

  /** Said to the cancelled visits, e.g. "the patient moved away". */
  @Optional()
  @IsString()
  @Length(1, 500)
  note?: string;
}
