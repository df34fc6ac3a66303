import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../auth/access.decorators';
import { Actor } from '../auth/principal';
import { uuidPipe } from '../common/validation';
import { DischargeDto, EpisodeDto, EpisodeQueryDto, EpisodeSummaryDto, HandoverDto, ProposeHandoverDto, RejectHandoverDto, SickLeaveDto } from './episodes.dto';
import { EpisodesService } from './episodes.service';

@ApiTags('episodes')
@ApiBearerAuth()
@Controller('episodes')
export class EpisodesController {
  constructor(private readonly episodes: EpisodesService) {}

  /** Episodes of a referral or a patient; a patient sees their own. */
  @Get()
  find(@CurrentActor() actor: Actor, @Query() query: EpisodeQueryDto): Promise<EpisodeSummaryDto[]> {
    return this.episodes.find(actor, query);
  }

  /** Phase, every transition, appointments, programs and the sick-leave timeline. A patient sees their own. */
  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<EpisodeDto> {
    return this.episodes.get(actor, id);
  }

  @Roles('admin', 'coordinator', 'clinician')
  @Post(':id/discharge')
  @HttpCode(200)
  discharge(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string, @Body() dto: DischargeDto): Promise<EpisodeDto> {
    return this.episodes.discharge(actor, id, dto.closingNote);
  }

  /** Who holds the sick-leave responsibility on every date, the handovers, and warnings. */
  @Get(':id/sick-leave')
  sickLeave(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<SickLeaveDto> {
    return this.episodes.sickLeave(actor, id);
  }

  /** Propose a handover (physicians and coordinators); the current holder stays responsible until it is accepted. */
  @Roles('admin', 'coordinator', 'clinician')
  @Post(':id/sick-leave/handovers')
  propose(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string, @Body() dto: ProposeHandoverDto): Promise<HandoverDto> {
    return this.episodes.propose(actor, id, dto);
  }

  @Roles('admin', 'coordinator', 'clinician')
  @Post(':id/sick-leave/handovers/:handoverId/accept')
  @HttpCode(200)
  accept(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string, @Param('handoverId', uuidPipe('handoverId')) handoverId: string): Promise<HandoverDto> {
    return this.episodes.accept(actor, id, handoverId);
  }

  @Roles('admin', 'coordinator', 'clinician')
  @Post(':id/sick-leave/handovers/:handoverId/reject')
  @HttpCode(200)
  reject(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Param('handoverId', uuidPipe('handoverId')) handoverId: string,
    @Body() dto: RejectHandoverDto,
  ): Promise<HandoverDto> {
    return this.episodes.reject(actor, id, handoverId, dto.reason);
  }
}
