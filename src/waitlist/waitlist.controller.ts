import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AppointmentDto } from '../calendar/appointment-view.dto';
import { CurrentActor, Roles } from '../access/access.decorators';
import { Actor } from '../access/principal';
import { uuidPipe } from '../common/validation';
import { CancellationCandidatesDto, FillFromCancellationListDto, WaitlistDto, WaitlistQueryDto } from './waitlist.dto';
import { WaitlistService } from './waitlist.service';

@ApiTags('waitlist')
@Roles('admin', 'coordinator', 'clinician')
@Controller()
export class WaitlistController {
  constructor(private readonly waitlist: WaitlistService) {}

  /** The site's queue by care-guarantee deadline, priority and arrival, with days left and ok / at_risk / breached. */
  @Get('waitlist')
  get(@CurrentActor() actor: Actor, @Query() query: WaitlistQueryDto): Promise<WaitlistDto> {
    return this.waitlist.waitlist(actor, query);
  }

  /** Återbudslista: waiting patients, in queue order, who can come at short notice and are free at the cancelled time. */
  @Roles('admin', 'coordinator')
  @Get('appointments/:id/cancellation-candidates')
  candidates(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<CancellationCandidatesDto> {
    return this.waitlist.cancellationCandidates(actor, id);
  }

  /**
   * Book one candidate into the cancelled appointment's time, with the same staff, room and kind. An
   * assessment visit or feedback conversation goes only into the candidate's booked assessment; a
   * candidate without one starts a whole assessment from it (POST /assessments/proposals, freedAppointmentId).
   */
  @Roles('admin', 'coordinator')
  @Post('appointments/:id/cancellation-candidates/book')
  fill(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string, @Body() dto: FillFromCancellationListDto): Promise<AppointmentDto> {
    return this.waitlist.fillFromCancellationList(actor, id, dto.referralId);
  }
}
