import { IsIn, IsString, IsUUID, Length } from 'class-validator';
import { AppointmentDto } from '../calendar/appointment-view.dto';
import { DATE_WINDOWS } from '../core/time/date-windows';
import { IsLocalDate, Optional } from '../common/validators';
import { EPISODE_PHASES, EpisodePhase } from '../core/vocabulary';
import { EpisodeAction, SICK_LEAVE_HOLDERS, SickLeaveHolder } from '../core/rules/episode-rules';

export class EpisodeQueryDto {
  @Optional()
  @IsUUID()
  referralId?: string;

  @Optional()
  @IsUUID()
  patientId?: string;

  /** Admins only; others see their own site's. */
  @Optional()
  @IsUUID()
  siteId?: string;

  @Optional()
  @IsIn(EPISODE_PHASES)
  phase?: EpisodePhase;
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
  @Optional()
  @IsUUID()
  physicianId?: string;

  @IsLocalDate(DATE_WINDOWS.booking)
  effectiveFrom: string;

  @IsString()
  @Length(1, 500)
  reason: string;
}

export class PreventiveSickPayDto {
  /** The unit's physician who issued the medical certificate. */
  @IsUUID()
  physicianId: string;

  @IsLocalDate(DATE_WINDOWS.booking)
  issuedOn: string;

  /** First and last day the certificate covers. */
  @IsLocalDate(DATE_WINDOWS.booking)
  from: string;

  @IsLocalDate(DATE_WINDOWS.booking)
  to: string;
}

export class PreventiveSickPayRecordDto {
  id: string;
  physicianId: string;
  physicianName: string;
  issuedOn: string;
  from: string;
  to: string;
  workingFraction: number;
  recordedBy: string;
}

export class StalledEpisodeDto extends EpisodeSummaryDto {
  /** The latest appointment of the episode, or null when it never had one. */
  lastAppointment: string | null;
}

export class StalledQueryDto {
  @Optional()
  @IsUUID()
  siteId?: string;
}

export class CorrectionDto {
  /** The timeline entry that was recorded wrongly. */
  @IsUUID()
  entryId: string;

  @IsIn(SICK_LEAVE_HOLDERS)
  holder: SickLeaveHolder;

  /** The unit's physician; required when `holder` is `rehab_unit`. */
  @Optional()
  @IsUUID()
  physicianId?: string;

  /** What was wrong, in a few words. */
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

  /** The rehabilitation plan the patient goes on with. */
  @IsString()
  @Length(1, 5000)
  rehabilitationPlan: string;

  /** Recommendations to the referrer. */
  @IsString()
  @Length(1, 5000)
  recommendations: string;

  /** The day of discharge, in the site's zone: today when left out; never in the future, nor before the last attended visit. */
  @Optional()
  @IsLocalDate(DATE_WINDOWS.past)
  on?: string;
}

/** What discharge ended of the rehabilitation still to come. */
export class DischargeEndedDto {
  /** The coming individual visits, cancelled (their reminders withdrawn). */
  cancelledVisitIds: string[];
  /** The coming group sessions the patient is no longer on (the sessions go on for the others). */
  leftSessionIds: string[];
}

/** Remissvar at discharge: how the rehabilitation went, for the referrer (the one for a rejected referral is in referrals). */
export class EpisodeReferralAnswerDto {
  episodeId: string;
  referrer: { name: string; unit: string; unitKind: string; contact: string };
  /** The remissvar, in Swedish. */
  text: string;
}

/** A follow-up visit ready for POST /appointments as it is. */
export class FollowUpProposalDto {
  kind: 'follow_up_visit';
  siteId: string;
  roomId: string;
  staffIds: string[];
  patientIds: string[];
  start: string;
  end: string;
}

export class TaskQueryDto {
  @Optional()
  @IsUUID()
  siteId?: string;

  @Optional()
  @IsIn(['open', 'done'])
  status?: 'open' | 'done';
}

export class EpisodeTaskDto {
  id: string;
  episodeId: string;
  patientId: string;
  /** The NRS questionnaire at discharge, or one year after. */
  kind: 'nrs_at_discharge' | 'nrs_one_year';
  dueOn: string;
  status: 'open' | 'done';
  doneBy: string | null;
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
  /** The entry behind the period, to name in a correction. */
  id: string;
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
  /** Every entry as recorded, corrected ones included, oldest first: the history is never rewritten. */
  history: { id: string; holder: SickLeaveHolder; physicianId: string | null; effectiveFrom: string; reason: string; recordedBy: string; correctsEntryId: string | null }[];
  handovers: HandoverDto[];
  warnings: string[];
}

/** What the discharge recorded, for the referral answer. A class of its own: the document marks an inline object type `| null` as never null. */
export class DischargeSummaryDto {
  on: string;
  closingNote: string;
  rehabilitationPlan: string;
  recommendations: string;
}

export class EpisodeDto {
  id: string;
  referralId: string;
  patientId: string;
  siteId: string;
  phase: EpisodePhase;
  /** What the phase allows (see episodeActions); answering handovers and corrections come on top. */
  actions: EpisodeAction[];
  startedOn: string;
  transitions: { from: EpisodePhase | null; to: EpisodePhase; onDate: string; by: string; note: string | null }[];
  /** From the episode's start on, as GET /appointments shows them (in the site's offset). */
  appointments: AppointmentDto[];
  programs: { kind: 'group' | 'individual'; id: string }[];
  sickLeave: SickLeaveDto;
  /** Förebyggande sjukpenning: certificates the unit's physician issued during rehabilitation. */
  preventiveSickPay: PreventiveSickPayRecordDto[];
  /** Null until the patient is discharged. */
  discharge: DischargeSummaryDto | null;
  /** The follow-ups: the NRS questionnaires at discharge and a year later. */
  tasks: EpisodeTaskDto[];
}

/** The episode as discharge left it, and what it ended. */
export class DischargeAnswerDto extends EpisodeDto {
  ended: DischargeEndedDto;
}
