import { Injectable } from '@nestjs/common';
import { AccessService } from '../access/access.service';
import { Actor } from '../access/principal';
import { assertPatientRecord, scopedSiteId } from '../access/site-access';
import { notFound } from '../common/api-errors';
import { episodeActions, workingDaysBetween } from '../core/rules/episode-rules';
import { formatInstant } from '../core/time/local-time';
import { AppointmentViews } from '../calendar/appointment-views';
import { today } from './episode-ledger';
import { EpisodeRow, EpisodesRepository } from './episodes.repository';
import { SickLeaveRepository } from './sick-leave.repository';
import { EpisodeDto, EpisodeQueryDto, EpisodeSummaryDto, HandoverDto, PreventiveSickPayRecordDto, SickLeaveDto, StalledEpisodeDto } from './episodes.dto';

/** An episode under way without an appointment for this long is stalled. */
const STALLED_AFTER_WEEKS = 8;

/** A proposed handover still unaccepted this many working days into rehabilitation is a warning. */
const HANDOVER_WARNING_WORKING_DAYS = 5;

/** Episodes as the API shows them: lists, the whole episode, its sick-leave responsibility. */
@Injectable()
export class EpisodeViews {
  constructor(
    private readonly episodes: EpisodesRepository,
    private readonly sickLeaveRecords: SickLeaveRepository,
    private readonly views: AppointmentViews,
    private readonly access: AccessService,
  ) {}

  /** Episodes of the caller's site (admin: any), of a referral, a patient or a phase (a patient: their own), newest first. */
  async find(actor: Actor, query: EpisodeQueryDto): Promise<EpisodeSummaryDto[]> {
    const patientId = actor.role === 'patient' ? actor.patientId : (query.patientId ?? null);
    const siteId = actor.role === 'patient' ? null : (scopedSiteId(actor, query.siteId) ?? null);
    const rows = await this.episodes.summaries({ referralId: query.referralId ?? null, patientId, siteId, phase: query.phase ?? null });
    await this.access.log(actor, { action: 'read', resource: 'episode', records: rows.map((row) => ({ id: row.id, patientIds: [row.patientId] })) });
    return rows;
  }

  async get(actor: Actor, id: string): Promise<EpisodeDto> {
    const episode = await this.episodes.byId(id);
    if (!episode) throw notFound('episode', id);
    await this.access.require(actor, { action: 'read', resource: 'episode', records: [{ id, siteId: episode.site_id, patientIds: [episode.patient_id] }] });
    const [transitions, appointments, programs, sickLeave, preventiveSickPay, tasks, discharge] = await Promise.all([
      this.episodes.transitions(id),
      this.episodes.appointmentIdsSince(episode).then((ids) => this.views.of(undefined, ids, actor)),
      this.episodes.programs(episode.patient_id, episode.site_id),
      this.sickLeaveOf(episode),
      this.preventiveSickPay(id),
      this.episodes.tasksOf(id),
      this.episodes.dischargeOf(id),
    ]);
    return {
      id,
      referralId: episode.referral_id,
      patientId: episode.patient_id,
      siteId: episode.site_id,
      phase: episode.phase,
      actions: episodeActions(episode.phase),
      startedOn: episode.started_on,
      transitions,
      appointments,
      programs,
      sickLeave,
      preventiveSickPay,
      discharge,
      tasks,
    };
  }

  /**
   * The care is time-limited (seed 000): episodes under way with no appointment in the last 8 weeks
   * and none ahead, the longest idle first.
   */
  async stalled(actor: Actor, siteId?: string): Promise<StalledEpisodeDto[]> {
    const rows = await this.episodes.stalled(scopedSiteId(actor, siteId) ?? null, STALLED_AFTER_WEEKS);
    await this.access.log(actor, { action: 'read', resource: 'episode', records: rows.map((row) => ({ id: row.id, patientIds: [row.patientId] })) });
    return rows.map(({ last, time_zone, ...row }) => ({ ...row, lastAppointment: last ? formatInstant(last, time_zone) : null }));
  }

  /** The sick-leave responsibility of an episode the caller may see; the read is logged as of the sick leave. */
  async sickLeave(actor: Actor, id: string): Promise<SickLeaveDto> {
    const episode = await this.episodes.byId(id);
    if (!episode) throw notFound('episode', id);
    assertPatientRecord(actor, { siteId: episode.site_id, patientId: episode.patient_id }, 'episode', id);
    const result = await this.sickLeaveOf(episode);
    await this.access.log(actor, { action: 'read', resource: 'sick_leave', records: [{ id: id, patientIds: [episode.patient_id] }] });
    return result;
  }

  async sickLeaveOf(episode: EpisodeRow): Promise<SickLeaveDto> {
    const [timeline, handovers, history] = await Promise.all([
      this.sickLeaveRecords.timeline(episode.id),
      this.sickLeaveRecords.handoversOf(episode.id),
      this.sickLeaveRecords.history(episode.id),
    ]);
    // Rehabilitation has begun and the unit has not yet taken over a patient on sick leave.
    const waiting = handovers.find((h) => h.status === 'proposed' && h.to === 'rehab_unit');
    const since = waiting && ['group_rehab', 'individual_rehab'].includes(episode.phase) ? await this.episodes.rehabilitationStartedOn(episode.referral_id) : null;
    const warnings =
      waiting && since && workingDaysBetween(since, today(episode)) > HANDOVER_WARNING_WORKING_DAYS
        ? [`rehabilitation began on ${since} and the rehab unit has not accepted the sick-leave responsibility after ${HANDOVER_WARNING_WORKING_DAYS} working days`]
        : [];
    return { timeline, history, handovers, warnings };
  }

  preventiveSickPay(episodeId: string): Promise<PreventiveSickPayRecordDto[]> {
    return this.sickLeaveRecords.preventiveSickPay(episodeId);
  }

  handover(handoverId: string): Promise<HandoverDto> {
    return this.sickLeaveRecords.handover(handoverId);
  }
}
