import { Body, Controller, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../access/access.decorators';
import { Actor } from '../access/principal';
import { uuidPipe } from '../common/validation';
import { CreateAbsenceDto } from '../staff/staff.dto';
import { AbsenceQueryDto, AbsenceWithCoverDto } from './absence-cover.dto';
import { AbsenceCoverService } from './absence-cover.service';

/** A new absence lives here, not with the staff register: proposing where its visits go needs the site calendar. */
@ApiTags('staff')
@Controller('staff')
export class StaffAbsencesController {
  constructor(private readonly cover: AbsenceCoverService) {}

  /**
   * Record vacation, sick leave or a course; the answer lists booked appointments it collides with
   * and, with `propose=true`, where each could go (another member of the discipline, or later).
   */
  @Roles('admin', 'coordinator')
  @Post(':id/absences')
  addAbsence(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Query() query: AbsenceQueryDto,
    @Body() dto: CreateAbsenceDto,
  ): Promise<AbsenceWithCoverDto> {
    return this.cover.addAbsence(actor, id, dto, query.propose === 'true');
  }
}
