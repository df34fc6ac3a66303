import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../access/access.decorators';
import { Actor } from '../access/principal';
import { uuidPipe } from '../common/validation';
import { FailedRemindersQueryDto, ReminderDto, ReminderPreviewDto } from './reminders.dto';
import { ReminderPreviewService } from './reminder-preview.service';
import { RemindersService } from './reminders.service';

@ApiTags('reminders')
@Controller()
export class RemindersController {
  constructor(
    private readonly reminders: RemindersService,
    private readonly previews: ReminderPreviewService,
  ) {}

  /** The text the visit's reminders will send (SMS: the text; e-mail: subject and text). A patient sees their own. */
  @Get('appointments/:id/reminder-preview')
  preview(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<ReminderPreviewDto> {
    return this.previews.preview(actor, id);
  }

  /** Each reminder of the appointment: scheduled, sent, failed or cancelled, with attempts and the last error. A patient sees their own. */
  @Get('appointments/:id/reminders')
  forAppointment(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<ReminderDto[]> {
    return this.reminders.forAppointment(actor, id);
  }

  @Roles('patient')
  @Get('me/reminders')
  mine(@CurrentActor() actor: Actor): Promise<ReminderDto[]> {
    return this.reminders.mine(actor);
  }

  /** Reminders that could not be delivered after every retry: patients to call instead. */
  @Roles('admin', 'coordinator')
  @Get('reminders/failed')
  failed(@CurrentActor() actor: Actor, @Query() query: FailedRemindersQueryDto): Promise<ReminderDto[]> {
    return this.reminders.failed(actor, query.siteId);
  }
}
