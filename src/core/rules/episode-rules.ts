import { CodedProblem, problemAt } from '../problem-codes';
import type { ReferralContents } from './referral-contents';
import { addDays, daysBetween, LocalDate, weekdayOf } from '../time/local-time';
import type { EpisodePhase } from '../vocabulary';

const NEXT: Record<EpisodePhase, readonly EpisodePhase[]> = {
  referred: ['assessment'],
  assessment: ['group_rehab', 'individual_rehab', 'other_measures'],
  group_rehab: ['discharged'],
  individual_rehab: ['discharged'],
  other_measures: ['discharged'],
  discharged: ['followed_up'],
  followed_up: [],
};

export function canMove(from: EpisodePhase, to: EpisodePhase): boolean {
  return NEXT[from].includes(to);
}

/**
 * What can be done to an episode in a phase, beyond answering the handovers proposed on it and
 * correcting its sick-leave timeline (always open while there is something to answer or correct).
 * The service refuses the rest with 409, and the web app offers only these.
 */
export type EpisodeAction = 'propose_handover' | 'record_preventive_sick_pay' | 'discharge' | 'write_referral_answer' | 'book_follow_up';

export function episodeActions(phase: EpisodePhase): EpisodeAction[] {
  const actions: EpisodeAction[] = ['propose_handover'];
  if (phase === 'group_rehab' || phase === 'individual_rehab') actions.push('record_preventive_sick_pay');
  if (canMove(phase, 'discharged')) actions.push('discharge');
  if (phase === 'discharged' || phase === 'followed_up') actions.push('write_referral_answer', 'book_follow_up');
  return actions;
}

/**
 * The NRS questionnaires (DOMAIN.md step 8) go out ahead of their due date: the one a year after
 * discharge is sent about a month before, so answers from then on count, earlier ones do not (the
 * one-year follow-up measures the patient a year on, and answering it ends the episode).
 */
export const QUESTIONNAIRE_WINDOW_DAYS = 30;

/** The first day a questionnaire due on `dueOn` may be recorded as answered. */
export function questionnaireOpensOn(dueOn: LocalDate): LocalDate {
  return addDays(dueOn, -QUESTIONNAIRE_WINDOW_DAYS);
}

/** Whether a questionnaire due on `dueOn` may be recorded as answered on `today`. */
export function questionnaireOpen(dueOn: LocalDate, today: LocalDate): boolean {
  return today >= questionnaireOpensOn(dueOn);
}

/** Who holds the sick-leave responsibility (sjukskrivningsansvar). */
export const SICK_LEAVE_HOLDERS = ['referrer', 'rehab_unit', 'none'] as const;
export type SickLeaveHolder = (typeof SICK_LEAVE_HOLDERS)[number];

export interface Responsibility {
  holder: SickLeaveHolder;
  /** The unit's physician, when the unit holds it. */
  physicianId: string | null;
  effectiveFrom: LocalDate;
}

/**
 * Who holds the responsibility when the episode opens: the referrer while the referral describes a
 * patient off work (working under 100 %, or on full sickness compensation), nobody otherwise.
 */
export function initialHolder(contents: ReferralContents): SickLeaveHolder {
  const offWork = (contents.workingFraction ?? 100) < 100 || contents.fullSicknessCompensation === true;
  return offWork ? 'referrer' : 'none';
}

/** Why a proposed handover cannot be made (at the proposal's field it blames), or nothing. */
export function handoverProblems(current: Responsibility, proposal: { to: SickLeaveHolder; physicianId: string | null; effectiveFrom: LocalDate }): CodedProblem[] {
  const problems: CodedProblem[] = [];
  if (proposal.to === current.holder && proposal.physicianId === current.physicianId) problems.push(problemAt('to', 'sick_leave.holds_already', { holder: current.holder }));
  if (proposal.effectiveFrom <= current.effectiveFrom) problems.push(problemAt('effectiveFrom', 'sick_leave.handover_before_holder', { date: current.effectiveFrom }));
  return problems;
}

/**
 * The day an accepted handover takes effect: the proposed day, or the day of acceptance when that
 * is later. The previous holder is responsible until then, so there is never a gap.
 */
export function effectiveDate(proposedFrom: LocalDate, acceptedOn: LocalDate): LocalDate {
  return proposedFrom > acceptedOn ? proposedFrom : acceptedOn;
}

/** Working days (Monday–Friday) from `from` to `to`, counting `to`, not `from`. */
export function workingDaysBetween(from: LocalDate, to: LocalDate): number {
  // Counted by whole weeks, not day by day, so no range of dates makes it loop long.
  const span = daysBetween(from, to);
  if (span <= 0) return 0;
  const first = weekdayOf(from);
  let count = Math.floor(span / 7) * 5;
  for (let day = 1; day <= span % 7; day++) if (((first - 1 + day) % 7) + 1 <= 5) count++;
  return count;
}
