import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor } from '../access/principal';
import { assertStaffRecord } from '../access/site-access';
import { notFound, stateConflict, unprocessable } from '../common/api-errors';
import type { ReferralContents } from '../core/rules/referral-contents';
import { canMove, handoverProblems, initialHolder, Responsibility, SickLeaveHolder } from '../core/rules/episode-rules';
import { addDays, LocalDate, localDateOf } from '../core/time/local-time';
import { EpisodePhase } from '../core/vocabulary';
import { By, EpisodeRow, EpisodesRepository, OpenEpisodeRow, RehabilitationKind } from './episodes.repository';
import { SickLeaveRepository } from './sick-leave.repository';

export type { By } from './episodes.repository';

/** The service applying a rule: a change no user made. */
export const THE_RULES: By = { userId: null, username: 'rehab-scheduler (rules)' };

/** A proposed handover of the sick-leave responsibility. */
export interface HandoverProposal {
  to: SickLeaveHolder;
  physicianId: string | null;
  effectiveFrom: LocalDate;
  reason: string;
}

/** Today in the episode's site. */
export function today(episode: { time_zone: string }): LocalDate {
  return localDateOf(new Date(), episode.time_zone);
}

/**
 * The episode ledger: a patient's path from referral to follow-up, and the sick-leave responsibility
 * along it. Phases change only through the actions that cause them, in the allowed order, each kept
 * with its date and who made it. The features call the hooks here (opening at a referral, the
 * assessment booked, its outcome, the first program session, a transfer) inside their own
 * transaction; the episodes' own services use the same moves and proposals.
 */
@Injectable()
export class EpisodeLedger {
  constructor(
    private readonly episodes: EpisodesRepository,
    private readonly sickLeave: SickLeaveRepository,
  ) {}

  /**
   * Opens the episode of a new referral, in the referral's transaction: phase `referred` from the day
   * it arrived, and the sick-leave responsibility as the referral describes the patient.
   */
  async openEpisode(
    manager: EntityManager,
    by: By,
    referral: { id: string; patientId: string; siteId: string; receivedDate: LocalDate; contents: ReferralContents },
  ): Promise<void> {
    const id = await this.episodes.insert(manager, { referralId: referral.id, patientId: referral.patientId, siteId: referral.siteId, startedOn: referral.receivedDate });
    await this.episodes.recordTransition(manager, id, null, 'referred', referral.receivedDate, by);
    await this.sickLeave.addFirstEntry(manager, {
      episodeId: id,
      holder: initialHolder(referral.contents),
      effectiveFrom: referral.receivedDate,
      reason: 'as the referral describes the patient’s work',
      recordedBy: by.username,
    });
  }

  /** The assessment of these referrals was booked: their episodes enter assessment (one statement for a batch). */
  assessmentBooked(manager: EntityManager, by: By, referralIds: readonly string[]): Promise<void> {
    return this.episodes.enterAssessment(manager, referralIds, by);
  }

  /** The outcome was other measures: the episode leaves assessment for them. */
  async otherMeasures(manager: EntityManager, by: By, referralId: string): Promise<void> {
    const episode = await this.lockByReferral(manager, referralId);
    await this.move(manager, episode, 'other_measures', today(episode), by);
  }

  /** Whether the patient's assessment offered this rehabilitation, as a program needs before booking it. */
  offeredRehabilitation(manager: EntityManager, patientId: string, kind: RehabilitationKind): Promise<boolean> {
    return this.episodes.offeredRehabilitation(manager, patientId, kind);
  }

  /**
   * The patient's first program session or visit is booked: the rehabilitation starts on its date,
   * on the referral whose assessment offered it, and the episode enters that program's phase. A
   * patient on sick leave then needs the unit to take over the responsibility: that is proposed,
   * unless a proposal already waits for an answer (a physician's at the feedback conversation):
   * that one stands, so the start never fails on paperwork under way.
   */
  async rehabilitationStarted(manager: EntityManager, by: By, patientId: string, kind: RehabilitationKind, first: { startsAt: Date; zone: string }): Promise<void> {
    const startedOn = localDateOf(first.startsAt, first.zone);
    const referralIds = await this.episodes.startRehabilitation(manager, patientId, kind, startedOn);
    for (const id of referralIds) {
      const episode = await this.lockByReferral(manager, id);
      await this.move(manager, episode, kind, startedOn, by);
      const current = await this.responsibility(manager, episode.id);
      if (current.holder !== 'referrer' || (await this.sickLeave.waitingHandoverId(manager, episode.id))) continue;
      const physicianId = await this.episodes.assessingPhysician(manager, id);
      if (physicianId) {
        const from = startedOn > current.effectiveFrom ? startedOn : addDays(current.effectiveFrom, 1);
        await this.proposeHandover(manager, episode.id, { to: 'rehab_unit', physicianId, effectiveFrom: from, reason: 'rehabilitation starts' }, THE_RULES);
      }
    }
  }

  /** These patients' episodes under way (assessment booked or in rehabilitation): a second referral meets them at triage. */
  openEpisodesOf(manager: EntityManager, patientIds: readonly string[]): Promise<OpenEpisodeRow[]> {
    return this.episodes.openEpisodesOf(manager, patientIds);
  }

  /** The referral went to another site: its episode goes with it, and the new site's coordinators follow it from here. */
  referralTransferred(manager: EntityManager, referralId: string, toSiteId: string): Promise<void> {
    return this.episodes.moveToSite(manager, referralId, toSiteId);
  }

  /** Moves the episode to `to`, if the phases allow it, and records the transition. */
  async move(manager: EntityManager, episode: EpisodeRow, to: EpisodePhase, onDate: LocalDate, by: By, note: string | null = null): Promise<void> {
    if (episode.phase === to) return;
    if (!canMove(episode.phase, to)) throw stateConflict('episode.phase_not_to', { phase: episode.phase, to }, { phase: episode.phase });
    await this.episodes.setPhase(manager, episode.id, to);
    await this.episodes.recordTransition(manager, episode.id, episode.phase, to, onDate, by, note);
    episode.phase = to;
  }

  /** Proposes a handover, if the rules allow it and none waits for an answer; its id. */
  async proposeHandover(manager: EntityManager, episodeId: string, proposal: HandoverProposal, by: By): Promise<string> {
    const current = await this.responsibility(manager, episodeId);
    const problems = handoverProblems(current, proposal);
    if (problems.length) throw unprocessable(problems);
    const open = await this.sickLeave.waitingHandoverId(manager, episodeId);
    if (open) throw stateConflict('episode.handover_waiting', {}, { handoverId: open });
    return this.sickLeave.addHandover(manager, episodeId, proposal, by.username);
  }

  /** Who holds the sick-leave responsibility now. */
  responsibility(manager: EntityManager, episodeId: string): Promise<Responsibility> {
    return this.sickLeave.responsibility(manager, episodeId);
  }

  /** The episode, locked for a change by its site's staff. */
  async lock(manager: EntityManager, actor: Actor, id: string): Promise<EpisodeRow> {
    const episode = await this.episodes.row(manager, 'id', id, true);
    if (!episode) throw notFound('episode', id);
    assertStaffRecord(actor, { siteId: episode.site_id }, 'episode', id, [episode.patient_id]);
    return episode;
  }

  private async lockByReferral(manager: EntityManager, referralId: string): Promise<EpisodeRow> {
    const episode = await this.episodes.row(manager, 'referral_id', referralId, true);
    if (!episode) throw notFound('episode of referral', referralId);
    return episode;
  }
}
