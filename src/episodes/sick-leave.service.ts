import { ForbiddenException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AccessService } from '../access/access.service';
import { Actor } from '../access/principal';
import { notFound, problem, stateConflict, unprocessable } from '../common/api-errors';
import { effectiveDate, episodeActions, SickLeaveHolder } from '../core/rules/episode-rules';
import { EpisodeLedger, today } from './episode-ledger';
import { EpisodeViews } from './episode-views';
import { EpisodesRepository } from './episodes.repository';
import { HandoverRow, SickLeaveRepository } from './sick-leave.repository';
import { CorrectionDto, HandoverDto, PreventiveSickPayDto, PreventiveSickPayRecordDto, ProposeHandoverDto, SickLeaveDto } from './episodes.dto';

/**
 * The sick-leave responsibility along an episode, as physicians and coordinators record it:
 * handovers between the referrer and the unit, corrections, and certificates for preventive sick pay.
 */
@Injectable()
export class SickLeaveService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly ledger: EpisodeLedger,
    private readonly episodes: EpisodesRepository,
    private readonly records: SickLeaveRepository,
    private readonly views: EpisodeViews,
    private readonly access: AccessService,
  ) {}

  /** A physician or coordinator proposes a handover; the previous holder stays responsible until it is accepted. */
  async propose(actor: Actor, id: string, dto: ProposeHandoverDto): Promise<HandoverDto> {
    await this.assertPhysicianOrCoordinator(actor);
    const handoverId = await this.db.transaction(async (manager) => {
      const episode = await this.ledger.lock(manager, actor, id);
      if (dto.to === 'rehab_unit') await this.assertUnitPhysician(manager, dto.physicianId, episode.site_id, 'physicianId');
      else if (dto.physicianId) throw unprocessable([problem('physicianId', 'sick_leave.physician_only_rehab_handover')]);
      const created = await this.ledger.proposeHandover(manager, id, { to: dto.to, physicianId: dto.physicianId ?? null, effectiveFrom: dto.effectiveFrom, reason: dto.reason }, actor);
      await this.access.log(actor, { action: 'create', resource: 'sick_leave_handover', records: [{ id: created, patientIds: [episode.patient_id] }], manager });
      return created;
    });
    return this.views.handover(handoverId);
  }

  /**
   * The receiving side accepts: a physician of the unit when the unit receives, a coordinator
   * recording the referrer's acceptance when the referrer receives. It takes effect on the proposed
   * day, or today when that is later.
   */
  async accept(actor: Actor, id: string, handoverId: string): Promise<HandoverDto> {
    await this.db.transaction(async (manager) => {
      const episode = await this.ledger.lock(manager, actor, id);
      const handover = await this.openHandover(manager, id, handoverId);
      await this.assertMayAccept(manager, actor, handover.to_holder, episode.site_id);
      const on = effectiveDate(handover.effective_from, today(episode));
      const current = await this.ledger.responsibility(manager, id);
      if (on <= current.effectiveFrom) throw stateConflict('sick_leave.handover_before_current', { date: current.effectiveFrom });
      await this.records.acceptHandover(manager, id, handoverId, handover, on, actor.username);
      await this.access.log(actor, { action: 'update', resource: 'sick_leave_handover', records: [{ id: handoverId, patientIds: [episode.patient_id] }], manager });
    });
    return this.views.handover(handoverId);
  }

  /**
   * Corrects an entry recorded wrongly: a new entry from the same day that names the one it
   * corrects; the wrong one stays in the history and leaves the timeline.
   */
  async correct(actor: Actor, id: string, dto: CorrectionDto): Promise<SickLeaveDto> {
    await this.assertPhysicianOrCoordinator(actor);
    const episode = await this.db.transaction(async (manager) => {
      const locked = await this.ledger.lock(manager, actor, id);
      const entry = await this.records.timelineEntry(manager, dto.entryId, id);
      if (!entry) throw unprocessable([problem('entryId', 'sick_leave.unknown_entry')]);
      if (dto.holder === 'rehab_unit') await this.assertUnitPhysician(manager, dto.physicianId, locked.site_id, 'physicianId');
      else if (dto.physicianId) throw unprocessable([problem('physicianId', 'sick_leave.physician_only_rehab')]);
      await this.records.addCorrection(manager, {
        episodeId: id,
        holder: dto.holder,
        physicianId: dto.physicianId ?? null,
        effectiveFrom: entry.effective_from,
        correctsEntryId: dto.entryId,
        reason: `correction: ${dto.reason}`,
        recordedBy: actor.username,
      });
      await this.access.log(actor, { action: 'update', resource: 'sick_leave', records: [{ id: id, patientIds: [locked.patient_id] }], manager });
      return locked;
    });
    return this.views.sickLeaveOf(episode);
  }

  async reject(actor: Actor, id: string, handoverId: string, reason: string): Promise<HandoverDto> {
    await this.db.transaction(async (manager) => {
      const episode = await this.ledger.lock(manager, actor, id);
      const handover = await this.openHandover(manager, id, handoverId);
      await this.assertMayAccept(manager, actor, handover.to_holder, episode.site_id);
      await this.records.rejectHandover(manager, handoverId, actor.username, reason);
      await this.access.log(actor, { action: 'update', resource: 'sick_leave_handover', records: [{ id: handoverId, patientIds: [episode.patient_id] }], manager });
    });
    return this.views.handover(handoverId);
  }

  /**
   * Förebyggande sjukpenning: the unit's physician issued a medical certificate for a patient in
   * rehabilitation who works at least half time (as the referral records it).
   */
  async recordPreventiveSickPay(actor: Actor, id: string, dto: PreventiveSickPayDto): Promise<PreventiveSickPayRecordDto[]> {
    await this.assertPhysicianOrCoordinator(actor);
    await this.db.transaction(async (manager) => {
      const episode = await this.ledger.lock(manager, actor, id);
      if (!episodeActions(episode.phase).includes('record_preventive_sick_pay')) {
        throw stateConflict('sick_leave.preventive_phase', { phase: episode.phase }, { phase: episode.phase });
      }
      if (dto.to < dto.from) throw unprocessable([problem('to', 'validation.not_before', { other: 'from' })]);
      await this.assertUnitPhysician(manager, dto.physicianId, episode.site_id, 'physicianId');
      const fraction = await this.episodes.workingFraction(manager, episode.referral_id);
      if (fraction === null || Number(fraction) < 50) {
        throw unprocessable([fraction === null ? problem('workingFraction', 'sick_leave.no_working_fraction') : problem('workingFraction', 'sick_leave.working_fraction_low', { percent: Number(fraction) })]);
      }
      await this.records.addPreventiveSickPay(manager, {
        episodeId: id,
        physicianId: dto.physicianId,
        issuedOn: dto.issuedOn,
        from: dto.from,
        to: dto.to,
        workingFraction: Math.round(Number(fraction)),
        recordedBy: actor.username,
      });
      await this.access.log(actor, { action: 'create', resource: 'preventive_sick_pay', records: [{ id: id, patientIds: [episode.patient_id] }], manager });
    });
    return this.views.preventiveSickPay(id);
  }

  private async openHandover(manager: EntityManager, episodeId: string, handoverId: string): Promise<HandoverRow> {
    const handover = await this.records.lockHandover(manager, handoverId, episodeId);
    if (!handover) throw notFound('handover', handoverId);
    if (handover.status !== 'proposed') throw stateConflict('sick_leave.handover_answered', { status: handover.status }, { status: handover.status });
    return handover;
  }

  private async assertPhysicianOrCoordinator(actor: Actor): Promise<void> {
    if (actor.role === 'admin' || actor.role === 'coordinator') return;
    if (actor.role === 'clinician' && (await this.isPhysician(actor.staffId))) return;
    throw new ForbiddenException('only physicians and coordinators record sick-leave matters');
  }

  private async assertMayAccept(manager: EntityManager, actor: Actor, to: SickLeaveHolder, siteId: string): Promise<void> {
    if (to === 'rehab_unit') {
      if (actor.role === 'admin') return;
      if (actor.role === 'clinician' && actor.siteId === siteId && (await this.isPhysician(actor.staffId, manager))) return;
      throw new ForbiddenException('a physician of the unit answers for the unit');
    }
    if (actor.role !== 'coordinator' && actor.role !== 'admin') throw new ForbiddenException("a coordinator records the referrer's answer");
  }

  private async isPhysician(staffId: string | null, manager?: EntityManager): Promise<boolean> {
    if (!staffId) return false;
    return (await this.records.discipline(staffId, manager)) === 'physician';
  }

  private async assertUnitPhysician(manager: EntityManager, staffId: string | undefined, siteId: string, field: string): Promise<void> {
    const member = staffId ? await this.records.staffMember(manager, staffId) : undefined;
    if (!member || member.site_id !== siteId || member.discipline !== 'physician') {
      throw unprocessable([problem(field, 'sick_leave.physician_required')]);
    }
  }
}
