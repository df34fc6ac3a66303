import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../access/access.decorators';
import { Actor } from '../access/principal';
import { uuidPipe } from '../common/validation';
import {
  AppointmentQueryDto,
  AttendanceDto,
  CancelAppointmentDto,
  CreateAppointmentDto,
  FreeSlotDto,
  FreeSlotQueryDto,
  MovePreviewDto,
  RescheduleAppointmentDto,
} from './appointments.dto';
import { AppointmentsService } from './appointments.service';
import { AppointmentDto } from '../calendar/appointment-view.dto';

@ApiTags('appointments')
@Controller('appointments')
export class AppointmentsController {
  constructor(private readonly appointments: AppointmentsService) {}

  /**
   * Book an appointment. 422 when it breaks a calendar rule (closed day, outside working hours,
   * absence); 409 with `conflictingAppointmentId` when a staff member, patient or room is taken.
   */
  @Roles('admin', 'coordinator')
  @Post()
  create(@CurrentActor() actor: Actor, @Body() dto: CreateAppointmentDto): Promise<AppointmentDto> {
    return this.appointments.create(actor, dto);
  }

  /** Appointments overlapping [from, to) (at most 93 days), filtered by site, staff member, patient or status. */
  @Get()
  list(@CurrentActor() actor: Actor, @Query() query: AppointmentQueryDto): Promise<AppointmentDto[]> {
    return this.appointments.list(actor, query);
  }

  /**
   * Find a time: the first free slots (at most 20, within 28 days) for a visit kind with a staff
   * member or any of a discipline, the patient and a room free, on open days in working hours.
   * Declared before `:id`, which would take the path.
   */
  @Roles('admin', 'coordinator', 'clinician')
  @Get('free-slots')
  freeSlots(@CurrentActor() actor: Actor, @Query() query: FreeSlotQueryDto): Promise<FreeSlotDto[]> {
    return this.appointments.freeSlots(actor, query);
  }

  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<AppointmentDto> {
    return this.appointments.get(actor, id);
  }

  /**
   * Move a booked appointment or change its room or staff: under its assessment's or program's
   * rules, then the calendar's. 422 with the rules broken; 409 naming in `alsoMove` the other visits
   * that must move with it (an assessment's feedback conversation) until they are confirmed there.
   */
  @Roles('admin', 'coordinator')
  @Patch(':id')
  reschedule(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string, @Body() dto: RescheduleAppointmentDto): Promise<AppointmentDto> {
    return this.appointments.reschedule(actor, id, dto);
  }

  /**
   * The same move, looked at first: whether it fits, every appointment it moves (what else must
   * move, and why), or the problems in its way. Changes nothing.
   */
  @Roles('admin', 'coordinator')
  @Post(':id/move-preview')
  @HttpCode(200)
  previewMove(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string, @Body() dto: RescheduleAppointmentDto): Promise<MovePreviewDto> {
    return this.appointments.previewMove(actor, id, dto);
  }

  /** Cancel with a reason; the time is free again at once. */
  @Roles('admin', 'coordinator')
  @Post(':id/cancel')
  @HttpCode(200)
  cancel(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string, @Body() dto: CancelAppointmentDto): Promise<AppointmentDto> {
    return this.appointments.cancel(actor, id, dto);
  }

  /** Record that a patient attended or did not show (staff on the appointment, or a coordinator). */
  @Roles('admin', 'coordinator', 'clinician')
  @Post(':id/attendance')
  @HttpCode(200)
  recordAttendance(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string, @Body() dto: AttendanceDto): Promise<AppointmentDto> {
    return this.appointments.recordAttendance(actor, id, dto);
  }
}
