import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../access/access.decorators';
import { Actor } from '../access/principal';
import { uuidPipe } from '../common/validation';
import {
  CorrectionDto,
  DischargeAnswerDto,
  DischargeDto,
  FollowUpProposalDto,
  EpisodeReferralAnswerDto,
  EpisodeDto,
  EpisodeTaskDto,
  TaskQueryDto,
  EpisodeQueryDto,
  EpisodeSummaryDto,
  HandoverDto,
  PreventiveSickPayDto,
  PreventiveSickPayRecordDto,
  ProposeHandoverDto,
  RejectHandoverDto,
  SickLeaveDto,
  StalledEpisodeDto,
  StalledQueryDto,
} from './episodes.dto';
import { DischargeService } from './discharge.service';
import { EpisodeTasksService } from './episode-tasks.service';
import { EpisodeViews } from './episode-views';
import { SickLeaveService } from './sick-leave.service';

@ApiTags('episodes')
@Controller('episodes')
export class EpisodesController {
  constructor(
    private readonly episodes: EpisodeViews,
    private readonly sickLeaves: SickLeaveService,
    private readonly questionnaires: EpisodeTasksService,
    private readonly discharges: DischargeService,
  ) {}

  /** The referral answer (remissvar) to the referrer, once the patient is discharged. */
  @Roles('admin', 'coordinator', 'clinician')
  @Get(':id/referral-answer')
  referralAnswer(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<EpisodeReferralAnswerDto> {
    return this.discharges.referralAnswer(actor, id);
  }

  /** The follow-up visit offered at discharge: a proposal to book with POST /appointments. */
  @Roles('admin', 'coordinator')
  @Get(':id/follow-up-proposal')
  followUpProposal(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<FollowUpProposalDto> {
    return this.discharges.followUpProposal(actor, id);
  }

  /** Episodes of a referral or a patient; a patient sees their own. */
  @Get()
  find(@CurrentActor() actor: Actor, @Query() query: EpisodeQueryDto): Promise<EpisodeSummaryDto[]> {
    return this.episodes.find(actor, query);
  }

  /** The NRS questionnaire tasks (open by default), the earliest due first: the coordinator's list. */
  @Roles('admin', 'coordinator')
  @Get('tasks')
  tasks(@CurrentActor() actor: Actor, @Query() query: TaskQueryDto): Promise<EpisodeTaskDto[]> {
    return this.questionnaires.tasks(actor, query);
  }

  /** Episodes under way with no appointment for 8 weeks: the care is time-limited. */
  @Roles('admin', 'coordinator')
  @Get('stalled')
  stalled(@CurrentActor() actor: Actor, @Query() query: StalledQueryDto): Promise<StalledEpisodeDto[]> {
    return this.episodes.stalled(actor, query.siteId);
  }

  /** Phase, every transition, appointments, programs and the sick-leave timeline. A patient sees their own. */
  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<EpisodeDto> {
    return this.episodes.get(actor, id);
  }

  @Roles('admin', 'coordinator', 'clinician')
  @Post(':id/discharge')
  @HttpCode(200)
  discharge(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string, @Body() dto: DischargeDto): Promise<DischargeAnswerDto> {
    return this.discharges.discharge(actor, id, dto);
  }

  /** The questionnaire answered; the one a year after discharge ends the episode as followed up. */
  @Roles('admin', 'coordinator')
  @Post(':id/tasks/:taskId/done')
  @HttpCode(200)
  taskDone(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string, @Param('taskId', uuidPipe('taskId')) taskId: string): Promise<EpisodeDto> {
    return this.questionnaires.taskDone(actor, id, taskId);
  }

  /** Record that the unit's physician issued a certificate for preventive sick pay (förebyggande sjukpenning). */
  @Roles('admin', 'coordinator', 'clinician')
  @Post(':id/preventive-sick-pay')
  recordPreventiveSickPay(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string, @Body() dto: PreventiveSickPayDto): Promise<PreventiveSickPayRecordDto[]> {
    return this.sickLeaves.recordPreventiveSickPay(actor, id, dto);
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
    return this.sickLeaves.propose(actor, id, dto);
  }

  @Roles('admin', 'coordinator', 'clinician')
  @Post(':id/sick-leave/handovers/:handoverId/accept')
  @HttpCode(200)
  accept(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string, @Param('handoverId', uuidPipe('handoverId')) handoverId: string): Promise<HandoverDto> {
    return this.sickLeaves.accept(actor, id, handoverId);
  }

  /** Correct an entry recorded wrongly; the history keeps both (physicians and coordinators). */
  @Roles('admin', 'coordinator', 'clinician')
  @Post(':id/sick-leave/corrections')
  correct(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string, @Body() dto: CorrectionDto): Promise<SickLeaveDto> {
    return this.sickLeaves.correct(actor, id, dto);
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
    return this.sickLeaves.reject(actor, id, handoverId, dto.reason);
  }
}
