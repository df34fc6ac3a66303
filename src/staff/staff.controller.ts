import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../access/access.decorators';
import { Actor } from '../access/principal';
import { uuidPipe } from '../common/validation';
import { DeactivateDto } from '../common/out-of-use.dto';
import { AbsenceDto, ChangeWorkingHoursDto, CreateStaffDto, StaffChangeDto, StaffDto, StaffQueryDto, UpdateAbsenceDto, UpdateStaffDto } from './staff.dto';
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

  /** Set or remove the member's HSA-id, by which they sign in through the region's identity provider. */
  @Roles('admin', 'coordinator')
  @Patch(':id')
  update(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string, @Body() dto: UpdateStaffDto): Promise<StaffDto> {
    return this.staff.update(actor, id, dto);
  }

  /** New working hours from a date (optionally until one); lists the booked visits left outside them, moving none. */
  @Roles('admin', 'coordinator')
  @Post(':id/working-hours')
  @HttpCode(200)
  changeHours(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string, @Body() dto: ChangeWorkingHoursDto): Promise<StaffChangeDto> {
    return this.staff.changeHours(actor, id, dto);
  }

  /** Out of use from a date: not planned or booked from then on; lists the booked visits from that date, moving none. */
  @Roles('admin', 'coordinator')
  @Post(':id/deactivate')
  @HttpCode(200)
  deactivate(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string, @Body() dto: DeactivateDto): Promise<StaffChangeDto> {
    return this.staff.deactivate(actor, id, dto);
  }

  // POST /staff/:id/absences is StaffAbsencesController's (src/calendar): its proposals need the site calendar.

  /** Move, shorten or re-word an absence; the answer lists the booked appointments inside it now. */
  @Roles('admin', 'coordinator')
  @Patch(':id/absences/:absenceId')
  updateAbsence(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Param('absenceId', uuidPipe('absenceId')) absenceId: string,
    @Body() dto: UpdateAbsenceDto,
  ): Promise<AbsenceDto> {
    return this.staff.updateAbsence(actor, id, absenceId, dto);
  }

  /** Delete an absence: its time is free for booking and planning at once. */
  @Roles('admin', 'coordinator')
  @Delete(':id/absences/:absenceId')
  @HttpCode(204)
  removeAbsence(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string, @Param('absenceId', uuidPipe('absenceId')) absenceId: string): Promise<void> {
    return this.staff.removeAbsence(actor, id, absenceId);
  }

  @Get(':id/absences')
  listAbsences(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<AbsenceDto[]> {
    return this.staff.listAbsences(actor, id);
  }
}
