import { IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { IsLocalDate } from '../common/validators';
import { EpisodePhase, SICK_LEAVE_HOLDERS, SickLeaveHolder } from './episode-rules';

export class EpisodeQueryDto {
  @IsOptional()
  @IsUUID()
  referralId?: string;

  @IsOptional()
  @IsUUID()
  patientId?: string;
}

export class EpisodeSummaryDto {
  id: string;
  referralId: string;
  patientId: string;
  phase: EpisodePhase;
  startedOn: string;
}

export class ProposeHandoverDto {
  @IsIn(SICK_LEAVE_HOLDERS)
  to: SickLeaveHolder;

  /** The unit's physician who takes over; required when `to` is `rehab_unit`. */
  @IsOptional()
  @IsUUID()
  physicianId?: string;

  @IsLocalDate()
  effectiveFrom: string;

  @IsString()
  @Length(1, 500)
  reason: string;
}

export class RejectHandoverDto {
  @IsString()
  @Length(1, 500)
  reason: string;
}

export class DischargeDto {
  /** The closing note (what was done, how it went), for the referral answer. */
  @IsString()
  @Length(1, 5000)
  closingNote: string;
}

export class HandoverDto {
  id: string;
  to: SickLeaveHolder;
  physicianId: string | null;
  effectiveFrom: string;
  reason: string;
  status: 'proposed' | 'accepted' | 'rejected';
  proposedBy: string;
  proposedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
  /** When accepted: the day the new holder became responsible. */
  tookEffectOn: string | null;
}

export class SickLeavePeriodDto {
  holder: SickLeaveHolder;
  physicianId: string | null;
  physicianName: string | null;
  from: string;
  /** Last day; null while it lasts. */
  to: string | null;
  reason: string;
  recordedBy: string;
}

export class SickLeaveDto {
  /** Who held the responsibility, day by day, with no gaps and no overlaps. */
  timeline: SickLeavePeriodDto[];
  handovers: HandoverDto[];
  warnings: string[];
}

export class EpisodeDto {
  id: string;
  referralId: string;
  patientId: string;
  siteId: string;
  phase: EpisodePhase;
  startedOn: string;
  transitions: { from: EpisodePhase | null; to: EpisodePhase; onDate: string; by: string; note: string | null }[];
  appointments: { id: string; kind: string; status: string; start: string; end: string }[];
  programs: { kind: 'group' | 'individual'; id: string }[];
  sickLeave: SickLeaveDto;
}
