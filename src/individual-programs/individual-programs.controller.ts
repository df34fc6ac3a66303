import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../access/access.decorators';
import { Actor } from '../access/principal';
import { uuidPipe } from '../common/validation';
import {
  BookIndividualProgramDto,
  EndIndividualProgramDto,
  IndividualProgramDto,
  IndividualProgramQueryDto,
  IndividualProgramRequestDto,
  IndividualProgramSummaryDto,
  IndividualProposalDto,
} from './individual-programs.dto';
import { IndividualProgramsService } from './individual-programs.service';

@ApiTags('individual-programs')
@Roles('admin', 'coordinator')
@Controller('individual-programs')
export class IndividualProgramsController {
  constructor(private readonly programs: IndividualProgramsService) {}

  /** A week-by-week plan meeting the visits a week where capacity allows, with each week it could not fill and why. */
  @Post('proposals')
  @HttpCode(200)
  propose(@CurrentActor() actor: Actor, @Body() dto: IndividualProgramRequestDto): Promise<IndividualProposalDto> {
    return this.programs.propose(actor, dto);
  }

  /** Book the plan atomically; single visits move afterwards with PATCH /appointments/:id. */
  @Post()
  book(@CurrentActor() actor: Actor, @Body() dto: BookIndividualProgramDto): Promise<IndividualProgramDto> {
    return this.programs.book(actor, dto);
  }

  /** The site's programs, the latest start first (50 unless `limit` says up to 200), by patient and status. */
  @Roles('admin', 'coordinator', 'clinician')
  @Get()
  list(@CurrentActor() actor: Actor, @Query() query: IndividualProgramQueryDto): Promise<IndividualProgramSummaryDto[]> {
    return this.programs.list(actor, query);
  }

  /** End the program early (discharge or dropout): its visits still to come are cancelled. */
  @Post(':id/end')
  @HttpCode(200)
  end(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string, @Body() dto: EndIndividualProgramDto): Promise<IndividualProgramDto> {
    return this.programs.end(actor, id, dto);
  }

  @Roles('admin', 'coordinator', 'clinician', 'patient')
  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<IndividualProgramDto> {
    return this.programs.get(actor, id);
  }
}
