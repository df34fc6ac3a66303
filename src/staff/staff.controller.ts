import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../access/access.decorators';
import { Actor } from '../access/principal';
import { uuidPipe } from '../common/validation';
import { AbsenceDto, CreateAbsenceDto, CreateStaffDto, StaffDto, StaffQueryDto } from './staff.dto';
import { StaffService, toStaffDto } from './staff.service';

@ApiTags('staff')
@Roles('admin', 'coordinator', 'clinician')
@Controller('staff')
export class StaffController {
  constructor(private readonly staff: StaffService) {}

  @Roles('admin', 'coordinator')
  @Post()
  create(@CurrentActor() actor: Actor, @Body() dto: CreateStaffDto): Promise<StaffDto> {
    return this.staff.create(actor, dto);
  }

  @Get()
  list(@CurrentActor() actor: Actor, @Query() query: StaffQueryDto): Promise<StaffDto[]> {
    return this.staff.list(actor, query);
  }

  @Get(':id')
  async get(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<StaffDto> {
    return toStaffDto(await this.staff.get(actor, id));
  }

  /** Record vacation, sick leave or a course; the answer lists booked appointments it collides with. */
  @Roles('admin', 'coordinator')
  @Post(':id/absences')
  addAbsence(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string, @Body() dto: CreateAbsenceDto): Promise<AbsenceDto> {
    return this.staff.addAbsence(actor, id, dto);
  }

  @Get(':id/absences')
  listAbsences(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<AbsenceDto[]> {
    return this.staff.listAbsences(actor, id);
  }
}
