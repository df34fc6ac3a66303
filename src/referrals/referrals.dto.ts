import { IntersectionType, PickType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsNumber,
  IsString,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { problemText } from '../core/problem-codes';
import { DATE_WINDOWS } from '../core/time/date-windows';
import { IsLocalDate, Optional } from '../common/validators';
import { ReferrerUnitKind, REFERRER_UNIT_KINDS } from '../core/rules/referral-contents';
import { ReferralDecisionKind, REFERRAL_DECISIONS } from './referral-decision.entity';
import { EpisodePhase, PainType, PAIN_TYPES, ReferralStatus, REFERRAL_STATUSES } from '../core/vocabulary';
import { TriageOutcome, TriageReason, TriageSuggestion } from '../core/rules/triage';

export class ReferrerDto {
  /** The referring physician. */
  @IsString()
  @Length(1, 200)
  name: string;

  /** E.g. "Vårdcentralen Skultuna". */
  @IsString()
  @Length(1, 200)
  unit: string;

  @IsIn(REFERRER_UNIT_KINDS)
  unitKind: ReferrerUnitKind;

  /** Phone or address for the referral answer. */
  @IsString()
  @Length(1, 200)
  contact: string;
}

/**
 * What the referral says. Every field is optional here: a referral lacking required contents is
 * stored as `incomplete` with the list of what is missing, not refused. Wrong types are refused.
 */
export class ReferralContentsDto {
  @Optional() @IsString() @MaxLength(4000) reasonForReferral?: string;
  @Optional() @IsString() @MaxLength(500) painLocation?: string;
  @Optional() @IsIn(PAIN_TYPES) painType?: PainType;
  @Optional() @IsNumber() @Min(0) @Max(1200) painDurationMonths?: number;
  @Optional() @IsString() @MaxLength(4000) comorbidity?: string;
  @Optional() @IsString() @MaxLength(4000) medications?: string;
  /** Opioids as mg morphine equivalent per day; 0 when none. */
  @Optional() @IsNumber() @Min(0) @Max(10000) meddMgPerDay?: number;
  @Optional() @IsString() @MaxLength(4000) examinationsAndInvestigations?: string;
  @Optional() @IsString() @MaxLength(4000) treatments?: string;
  @Optional() @IsString() @MaxLength(4000) physicalFunction?: string;
  @Optional() @IsString() @MaxLength(4000) socialAndPsychologicalFunction?: string;
  /** Whether the patient needs an interpreter: required content, answered either way. */
  @Optional() @IsBoolean() interpreterNeeded?: boolean;
  /** The interpreter's language, e.g. "arabiska": given exactly when `interpreterNeeded` is true (a 400 otherwise). */
  @Optional() @IsString() @MaxLength(100) interpreterLanguage?: string;
  @Optional() @IsString() @MaxLength(4000) patientAttitude?: string;
  @Optional() @IsBoolean() consentToRecordAccess?: boolean;
  @Optional() @IsLocalDate(DATE_WINDOWS.past) earlierMmrCompletedOn?: string;
  /** Percent of full time, 0–100. */
  @Optional() @IsNumber() @Min(0) @Max(100) workingFraction?: number;
  @Optional() @IsBoolean() fullSicknessCompensation?: boolean;
  @Optional() @IsBoolean() medicallyFullyInvestigated?: boolean;
  @Optional() @IsBoolean() ongoingOrPlannedIntervention?: boolean;
  @Optional() @IsBoolean() activeRheumaticDisease?: boolean;
  @Optional() @IsBoolean() malignantCause?: boolean;
  @Optional() @IsBoolean() substanceUseDisorderNeedingTreatment?: boolean;
  @Optional() @IsBoolean() severePsychiatricIllness?: boolean;
  @Optional() @IsBoolean() psychiatricDiagnosisWithoutPainComorbidity?: boolean;
  /** Ask for an occupational therapist in the assessment too. */
  @Optional() @IsBoolean() occupationalTherapistNeeded?: boolean;
}

export class CreateReferralDto extends ReferralContentsDto {
  @IsUUID()
  patientId: string;

  @IsUUID()
  siteId: string;

  /** Local date the referral arrived: at most 5 years back, and not after today at the site (see DATE_WINDOWS.referralReceived). */
  @IsLocalDate(DATE_WINDOWS.referralReceived)
  receivedDate: string;

  /** Who referred: required, for the referral answer (remissvar). */
  @IsDefined({ message: problemText('validation.required') })
  @ValidateNested()
  @Type(() => ReferrerDto)
  referrer: ReferrerDto;

  /** 1 (urgent) to 3; 2 when not given. */
  @Optional()
  @IsInt()
  @Min(1)
  @Max(3)
  priority?: number;

  /** The patient can come at short notice (the cancellation list). */
  @Optional()
  @IsBoolean()
  availableAtShortNotice?: boolean;
}

/** Completes or corrects a referral; the triage suggestion and missing list are worked out again. */
export class UpdateReferralDto extends IntersectionType(ReferralContentsDto, PickType(CreateReferralDto, ['priority', 'availableAtShortNotice'] as const)) {
  /**
   * Corrects the date the referral arrived (not after the site's today): the care-guarantee
   * deadline moves by as many days, and the waiting list follows.
   */
  @Optional()
  @IsLocalDate(DATE_WINDOWS.referralReceived)
  receivedDate?: string;
}

export class ReferralQueryDto {
  @Optional()
  @IsUUID()
  siteId?: string;

  @Optional()
  @IsIn(REFERRAL_STATUSES)
  status?: ReferralStatus;
}

export class DecisionDto {
  @IsIn(REFERRAL_DECISIONS)
  decision: ReferralDecisionKind;

  /** Required for a rejection or a request for more information. */
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 500, { each: true })
  reasons: string[];

  /** Name of the deciding coordinator or physician. */
  @IsString()
  @Length(1, 200)
  decidedBy: string;

  /** Other measures to suggest in the referral answer; derived from the triage reasons when left out. */
  @Optional()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 500, { each: true })
  suggestedMeasures?: string[];

  @Optional()
  @IsInt()
  @Min(1)
  @Max(3)
  priority?: number;

  /**
   * Accepting a referral of a patient with another episode under way (assessment booked or in
   * rehabilitation) needs this set to true: the referral's `warnings` name that episode.
   */
  @Optional()
  @IsBoolean()
  confirmSecondEpisode?: boolean;
}

export class TransferDto {
  @IsUUID()
  toSiteId: string;

  @IsString()
  @Length(1, 500)
  reason: string;
}

export class DecisionView {
  decision: ReferralDecisionKind;
  reasons: string[];
  suggestedMeasures: string[];
  suggestedOutcome: string;
  decidedBy: string;
  decidedAt: string;
}

export class TransferView {
  fromSiteId: string;
  toSiteId: string;
  reason: string;
  transferredAt: string;
}

export class TriageReasonDto implements TriageReason {
  /** Stable, for a program to act on (e.g. `pain_too_short`). */
  code: string;
  text: string;
}

export class TriageSuggestionDto implements TriageSuggestion {
  outcome: TriageOutcome;
  reasons: TriageReasonDto[];
}

/** Something triage should know before deciding. */
export class ReferralWarningDto {
  /** `open_episode`: the patient has another episode under way. */
  code: 'open_episode';
  text: string;
  episodeId: string;
  /** The referral that episode belongs to. */
  referralId: string;
  phase: EpisodePhase;
}

export class ReferralDto {
  id: string;
  siteId: string;
  patientId: string;
  status: ReferralStatus;
  receivedDate: string;
  careGuaranteeDeadline: string;
  priority: number;
  availableAtShortNotice: boolean;
  referrer: ReferrerDto;
  contents: ReferralContentsDto;
  missingContents: string[];
  /** The same as field names of the contents, for a form to mark. */
  missingFields: string[];
  triageSuggestion: TriageSuggestionDto;
  /** Set when the patient's rehabilitation program begins (its first session or visit). */
  rehabilitationStartedOn: string | null;
  /** E.g. another episode of the patient under way: accepting then needs `confirmSecondEpisode`. */
  warnings: ReferralWarningDto[];
  decisions?: DecisionView[];
  transfers?: TransferView[];
}

/** Remissvar: the answer to the referrer when the unit does not take the patient. */
export class ReferralAnswerDto {
  referralId: string;
  to: ReferrerDto;
  patient: { name: string; personalNumber: string };
  decision: ReferralDecisionKind;
  decidedBy: string;
  decidedAt: string;
  reasons: string[];
  suggestedMeasures: string[];
  /** The letter, in Swedish. */
  text: string;
}
