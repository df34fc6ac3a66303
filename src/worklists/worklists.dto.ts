import { Type } from 'class-transformer';
import { IsInt, IsUUID, Max, Min } from 'class-validator';
import { Optional } from '../common/validators';
import { AppointmentKind } from '../core/vocabulary';
import { TriageOutcome } from '../core/rules/triage';

export class WorklistQueryDto {
  /** Admins name a site or see every site's; others see their own site's. */
  @Optional()
  @IsUUID()
  siteId?: string;
}

export class CareGuaranteeDueQueryDto extends WorklistQueryDto {
  /** Referrals whose deadline is at most this many days ahead in the site's calendar (past ones included); 14 when left out. */
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(90)
  withinDays?: number;
}

export class WorklistPersonDto {
  id: string;
  name: string;
}

/** A visit that has ended with someone's attendance still unrecorded. */
export class UnrecordedVisitDto {
  appointmentId: string;
  siteId: string;
  kind: AppointmentKind;
  /** ISO 8601 in the site's offset. */
  start: string;
  end: string;
  staff: WorklistPersonDto[];
  /** The patients whose attendance nobody has recorded yet. */
  patients: WorklistPersonDto[];
}

export class AwaitingDecisionDto {
  referralId: string;
  siteId: string;
  patientId: string;
  patientName: string;
  /** Local date, YYYY-MM-DD. */
  receivedDate: string;
  careGuaranteeDeadline: string;
  triageOutcome: TriageOutcome;
}

export class CareGuaranteeDueDto {
  referralId: string;
  siteId: string;
  patientId: string;
  patientName: string;
  careGuaranteeDeadline: string;
  /** Days from today (the site's) to the deadline: negative once it has passed. */
  daysLeft: number;
  /** Past the deadline already. */
  breached: boolean;
}
