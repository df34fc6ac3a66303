import { Controller, Get, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../access/access.decorators';
import { Actor } from '../access/principal';
import { uuidPipe } from '../common/validation';
import { JobDto } from './jobs.dto';
import { JobsService } from './jobs.service';

@ApiTags('jobs')
@Roles('admin', 'coordinator')
@Controller('jobs')
export class JobsController {
  constructor(private readonly jobs: JobsService) {}

  /** Progress (`done` of `total`) and, once finished, the result of a long-running job. */
  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<JobDto> {
    return this.jobs.get(actor, id);
  }
}
