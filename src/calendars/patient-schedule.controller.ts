import { Controller, Get, Header, Param, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../access/access.decorators';
import { Actor } from '../access/principal';
import { uuidPipe } from '../common/validation';
import { PatientScheduleService } from './patient-schedule.service';

@ApiTags('calendars')
@Controller()
export class PatientScheduleController {
  constructor(private readonly schedules: PatientScheduleService) {}

  /** The patient's coming visits as a printable PDF in Swedish (time in the site's zone, place, profession, how to cancel). The patient's own, or their site's staff. */
  @Roles('admin', 'coordinator', 'clinician', 'patient')
  @Get('patients/:id/schedule.pdf')
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'The schedule as a PDF.', schema: { type: 'string', format: 'binary' } })
  @Header('Content-Type', 'application/pdf')
  @Header('Content-Disposition', 'inline; filename="besok.pdf"')
  @Header('Cache-Control', 'private, no-store')
  async schedule(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<StreamableFile> {
    return new StreamableFile(await this.schedules.pdf(actor, id));
  }
}
