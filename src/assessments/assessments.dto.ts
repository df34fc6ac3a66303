import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsString,
  IsUUID,
  Length,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { AppointmentDto } from '../calendar/appointment-view.dto';
import { FieldProblemDto } from '../common/api-error.dto';
import type { CodedProblem } from '../common/api-errors';
import { PreferredStaffDto, UnavailableTimeDto } from '../calendar/planning.dto';
import { DATE_WINDOWS } from '../core/time/date-windows';
import { IsInstant, IsLocalDate, Optional } from '../common/validators';
import { AssessmentOutcome, ASSESSMENT_OUTCOMES } from '../core/vocabulary';
import { AssessmentPart, ASSESSMENT_PARTS } from './assessment.entity';

export class PlanPreferencesDto {
  @Optional() @ValidateNested() @Type(() => PreferredStaffDto) preferredStaff?: PreferredStaffDto;
  @Optional() @IsArray() @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => UnavailableTimeDto) unavailable?: UnavailableTimeDto[];
  /** Allow two assessment visits on one day (the site's setting otherwise, default 1). */
  @Optional() @IsInt() @Min(1) @Max(5) maxVisitsPerDay?: number;
  /** Add an occupational therapist's visit. */
  @Optional() @IsBoolean() includeOccupationalTherapist?: boolean;
}

export class ProposalRequestDto {
  @IsUUID()
  referralId: string;

  /** No visit before this local date; tomorrow when left out. */
  @Optional()
  @IsLocalDate(DATE_WINDOWS.booking)
  earliestDate?: string;

  /**
   * A cancelled assessment visit whose time the patient takes from the cancellation list: it becomes
   * the assessment's first visit, the rest planned around it in its window (earliestDate is then its day).
   */
  @Optional()
  @IsUUID()
  freedAppointmentId?: string;

  @Optional()
  @ValidateNested()
  @Type(() => PlanPreferencesDto)
  preferences?: PlanPreferencesDto;
}

export class PlannedVisitDto {
  @IsIn(ASSESSMENT_PARTS)
  part: AssessmentPart;

  @ArrayMinSize(1)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  @ArrayMaxSize(3) // nearest the property: checked first, before ArrayUnique's quadratic work
  staffIds: string[];

  @IsUUID()
  roomId: string;

  @IsInstant(DATE_WINDOWS.booking)
  start: string;

  @IsInstant(DATE_WINDOWS.booking)
  end: string;
}

/** Why no plan exists for a discipline (or the feedback): its code and parameters (src/core/problem-codes.ts), and `problem`, the English made from them. */
export class PlanReasonDto {
  discipline: string;
  problem: string;
  code: string;
  @ApiProperty({ type: 'object', additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }] } })
  params: Record<string, string | number>;
}

export class ProposalDto {
  referralId: string;
  feasible: boolean;
  /** The assessment visits then the feedback conversation; empty when not feasible. */
  visits: PlannedVisitDto[];
  windowStart: string | null;
  windowEnd: string | null;
  careGuaranteeDeadline: string;
  /** Whether the first visit falls on or before the care-guarantee deadline. */
  meetsCareGuarantee: boolean;
  /** Days past the deadline when it does not. */
  daysLate: number;
  /** Why no plan exists (which discipline had no capacity). */
  reasons: PlanReasonDto[];
}

export class BookAssessmentDto {
  @IsUUID()
  referralId: string;

  /** Usually a proposal's visits, possibly edited: one per discipline and one `feedback`. */
  @IsArray()
  @ArrayMinSize(5)
  @ArrayMaxSize(6)
  @ValidateNested({ each: true })
  @Type(() => PlannedVisitDto)
  visits: PlannedVisitDto[];
}

export class BatchRequestDto {
  @IsUUID()
  siteId: string;

  /** Only these referrals (still in queue order); the whole waiting list when left out. */
  @Optional()
  @ArrayMaxSize(5000)
  @IsUUID('all', { each: true })
  referralIds?: string[];

  @Optional()
  @IsLocalDate(DATE_WINDOWS.booking)
  earliestDate?: string;
}

export class CancelAssessmentDto {
  @IsString()
  @Length(1, 500)
  reason: string;
}

export class RescheduleVisitDto {
  /** The visit moves to no earlier than this local date; tomorrow when left out. */
  @Optional()
  @IsLocalDate(DATE_WINDOWS.booking)
  earliestDate?: string;
}

export class OutcomeDto {
  @IsIn(ASSESSMENT_OUTCOMES)
  outcome: AssessmentOutcome;

  /** For other measures: the text for the referral answer. */
  @Optional()
  @IsString()
  @Length(1, 4000)
  note?: string;
}

/** What a batch did with one referral. */
export type BatchOutcome =
  | { referralId: string; status: 'booked'; assessmentId: string; firstVisit: string; lastVisitEnd: string }
  | { referralId: string; status: 'not_possible'; reason: string; problems: CodedProblem[] };

export type BatchOutcomeStatus = BatchOutcome['status'];

/** One referral of a waiting-list booking: booked (with the assessment), or why not. */
export class BatchOutcomeDto {
  referralId: string;
  status: BatchOutcomeStatus;
  assessmentId?: string;
  /** Start of the first visit and end of the last, when booked. */
  firstVisit?: string;
  lastVisitEnd?: string;
  /** Why it could not be booked, in English; `problems` says the same with codes, for a client to word. */
  reason?: string;
  problems?: FieldProblemDto[];
}

/** A booked visit of the assessment, and which part of it (a discipline's visit, or the feedback). */
export class AssessmentVisitDto extends AppointmentDto {
  part: AssessmentPart;
}

export class AssessmentDto {
  id: string;
  referralId: string;
  patientId: string;
  siteId: string;
  status: 'booked' | 'cancelled';
  windowStart: string;
  windowEnd: string;
  careGuaranteeDeadline: string;
  meetsCareGuarantee: boolean;
  outcome: AssessmentOutcome | null;
  outcomeNote: string | null;
  visits: AssessmentVisitDto[];
}
