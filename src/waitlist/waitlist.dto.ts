import { Type } from 'class-transformer';
import { IsInt, IsUUID, Max, Min } from 'class-validator';
import { DATE_WINDOWS } from '../core/time/date-windows';
import { IsLocalDate, Optional } from '../common/validators';
import { TriageOutcome } from '../core/rules/triage';
import { WaitStatus } from '../core/rules/care-guarantee';

export class WaitlistQueryDto {
  @Optional()
  @IsUUID()
  siteId?: string;

  /** The day to count days left from; today in the site's zone when left out. */
  @Optional()
  @IsLocalDate(DATE_WINDOWS.query)
  asOf?: string;

  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset?: number;
}

export class WaitingReferralDto {
  /** 1 = next in line. */
  position: number;
  referralId: string;
  patientId: string;
  patientName: string;
  receivedDate: string;
  careGuaranteeDeadline: string;
  daysLeft: number;
  status: WaitStatus;
  priority: number;
  availableAtShortNotice: boolean;
  triageOutcome: TriageOutcome;
}

export class WaitlistDto {
  siteId: string;
  asOf: string;
  /** Waiting referrals in all, and how many are at risk or breached: visible long before a breach. */
  total: number;
  atRisk: number;
  breached: number;
  items: WaitingReferralDto[];
}

export class FillFromCancellationListDto {
  @IsUUID()
  referralId: string;
}

/** A waiting patient who could take a freed time. */
export class CancellationCandidateDto extends WaitingReferralDto {
  /**
   * The candidate's booked assessment that still lacks the freed visit's discipline: the visit is
   * booked into it. Null for a patient still waiting, whom a freed assessment visit gives a whole
   * assessment (POST /assessments/proposals with freedAppointmentId).
   */
  assessmentId: string | null;
}

export class CancellationCandidatesDto {
  appointmentId: string;
  start: string;
  end: string;
  candidates: CancellationCandidateDto[];
}
