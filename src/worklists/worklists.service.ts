import { Injectable } from '@nestjs/common';
import { AccessService } from '../access/access.service';
import { Actor } from '../access/principal';
import { scopedSiteId } from '../access/site-access';
import { formatInstant } from '../core/time/local-time';
import { EpisodeViews } from '../episodes/episode-views';
import { StalledEpisodeDto } from '../episodes/episodes.dto';
import { AwaitingDecisionDto, CareGuaranteeDueDto, CareGuaranteeDueQueryDto, UnrecordedVisitDto, WorklistQueryDto } from './worklists.dto';
import { WorklistsRepository } from './worklists.repository';

/** Deadlines this close are the coordinator's to act on today, as the waiting list's at-risk default. */
const DEFAULT_WITHIN_DAYS = 14;

/** What the start pages list for someone to do; every patient listed is logged as read. */
@Injectable()
export class WorklistsService {
  constructor(
    private readonly repository: WorklistsRepository,
    private readonly access: AccessService,
    private readonly episodes: EpisodeViews,
  ) {}

  /** A clinician's own visits; a coordinator's (or an admin's) of the site. */
  async unrecordedVisits(actor: Actor, query: WorklistQueryDto): Promise<UnrecordedVisitDto[]> {
    const siteId = scopedSiteId(actor, query.siteId) ?? null;
    const rows = await this.repository.unrecordedVisits({ siteId, staffId: actor.role === 'clinician' ? actor.staffId : null });
    await this.access.log(actor, { action: 'read', resource: 'appointment', records: rows.map((row) => ({ id: row.appointmentId, patientIds: row.patients.map((p) => p.id) })) });
    return rows.map(({ startsAt, endsAt, timeZone, ...row }) => ({ ...row, start: formatInstant(startsAt, timeZone), end: formatInstant(endsAt, timeZone) }));
  }

  async awaitingDecision(actor: Actor, query: WorklistQueryDto): Promise<AwaitingDecisionDto[]> {
    const rows = await this.repository.awaitingDecision(scopedSiteId(actor, query.siteId) ?? null);
    await this.logReferrals(actor, rows);
    return rows;
  }

  async careGuaranteeDue(actor: Actor, query: CareGuaranteeDueQueryDto): Promise<CareGuaranteeDueDto[]> {
    const rows = await this.repository.careGuaranteeDue(scopedSiteId(actor, query.siteId) ?? null, query.withinDays ?? DEFAULT_WITHIN_DAYS);
    await this.logReferrals(actor, rows);
    return rows;
  }

  /** The episodes' own query of stalled episodes (it logs them itself). */
  stalledEpisodes(actor: Actor, query: WorklistQueryDto): Promise<StalledEpisodeDto[]> {
    return this.episodes.stalled(actor, query.siteId);
  }

  private logReferrals(actor: Actor, rows: readonly { referralId: string; patientId: string }[]): Promise<void> {
    return this.access.log(actor, { action: 'read', resource: 'referral', records: rows.map((row) => ({ id: row.referralId, patientIds: [row.patientId] })) });
  }
}
