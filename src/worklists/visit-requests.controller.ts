import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../access/access.decorators';
import { Actor } from '../access/principal';
import { AppointmentDto } from '../calendar/appointment-view.dto';
import { uuidPipe } from '../common/validation';
import { MoveRequestDto, ResolveRequestDto, SelfCancelDto, VisitRequestDto } from './visit-requests.dto';
import { VisitRequestsService } from './visit-requests.service';
import { WorklistQueryDto } from './worklists.dto';

@ApiTags('worklists')
@Controller()
export class VisitRequestsController {
  constructor(private readonly requests: VisitRequestsService) {}

  /**
   * The patient cancels their own visit, until the site's `cancelHoursBefore` hours before it (later
   * is a 409 naming the rule); the time is free at once, and the unit sees it on its worklist.
   */
  @Roles('patient')
  @Post('me/appointments/:id/cancel')
  @HttpCode(200)
  cancelOwn(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string, @Body() dto: SelfCancelDto): Promise<AppointmentDto> {
    return this.requests.cancelOwn(actor, id, dto);
  }

  /** The patient asks to move their visit; the request waits on the coordinator's worklist. */
  @Roles('patient')
  @Post('me/appointments/:id/move-requests')
  requestMove(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string, @Body() dto: MoveRequestDto): Promise<VisitRequestDto> {
    return this.requests.requestMove(actor, id, dto);
  }

  /** Patients' own cancellations and move requests not yet resolved, the oldest first (200 at most). */
  @Roles('admin', 'coordinator')
  @Get('worklists/visit-requests')
  open(@CurrentActor() actor: Actor, @Query() query: WorklistQueryDto): Promise<VisitRequestDto[]> {
    return this.requests.open(actor, query);
  }

  /** The unit has handled the request (rebooked, offered the time, called the patient). */
  @Roles('admin', 'coordinator')
  @Post('worklists/visit-requests/:id/resolve')
  @HttpCode(200)
  resolve(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string, @Body() dto: ResolveRequestDto): Promise<VisitRequestDto> {
    return this.requests.resolve(actor, id, dto);
  }
}
