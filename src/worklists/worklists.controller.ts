import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../access/access.decorators';
import { Actor } from '../access/principal';
import { StalledEpisodeDto } from '../episodes/episodes.dto';
import { AwaitingDecisionDto, CareGuaranteeDueDto, CareGuaranteeDueQueryDto, UnrecordedVisitDto, WorklistQueryDto } from './worklists.dto';
import { WorklistsService } from './worklists.service';

/** The start pages' lists, each 200 rows at most, the most pressing first. */
@ApiTags('worklists')
@Controller('worklists')
export class WorklistsController {
  constructor(private readonly worklists: WorklistsService) {}

  /** Visits that have ended with a patient's attendance not yet recorded: a clinician's own, a coordinator's site's. */
  @Roles('admin', 'coordinator', 'clinician')
  @Get('unrecorded-visits')
  unrecordedVisits(@CurrentActor() actor: Actor, @Query() query: WorklistQueryDto): Promise<UnrecordedVisitDto[]> {
    return this.worklists.unrecordedVisits(actor, query);
  }

  /** Referrals awaiting a decision, the earliest received first. */
  @Roles('admin', 'coordinator')
  @Get('referrals-awaiting-decision')
  awaitingDecision(@CurrentActor() actor: Actor, @Query() query: WorklistQueryDto): Promise<AwaitingDecisionDto[]> {
    return this.worklists.awaitingDecision(actor, query);
  }

  /** Waiting referrals whose care-guarantee deadline has passed or comes within `withinDays` days, the earliest first. */
  @Roles('admin', 'coordinator')
  @Get('care-guarantee-due')
  careGuaranteeDue(@CurrentActor() actor: Actor, @Query() query: CareGuaranteeDueQueryDto): Promise<CareGuaranteeDueDto[]> {
    return this.worklists.careGuaranteeDue(actor, query);
  }

  /** Episodes under way with no appointment for 8 weeks (as `GET /episodes/stalled`). */
  @Roles('admin', 'coordinator')
  @Get('stalled-episodes')
  stalledEpisodes(@CurrentActor() actor: Actor, @Query() query: WorklistQueryDto): Promise<StalledEpisodeDto[]> {
    return this.worklists.stalledEpisodes(actor, query);
  }
}
