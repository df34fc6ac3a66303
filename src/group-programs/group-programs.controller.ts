import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../access/access.decorators';
import { Actor } from '../access/principal';
import { uuidPipe } from '../common/validation';
import {
  AttendanceSummaryDto,
  CancelGroupProgramDto,
  CancelledGroupProgramDto,
  EnrollDto,
  EnrollmentResultDto,
  GroupProgramDto,
  GroupProgramPreviewDto,
  GroupProgramQueryDto,
  GroupProgramRequestDto,
  GroupProgramSummaryDto,
  MovedEnrollmentDto,
  MoveEnrollmentDto,
  ScheduleChangeDto,
  ScheduleChangePreviewDto,
  MoveSessionDto,
  SessionAttendanceDto,
} from './group-programs.dto';
import { GroupEnrollmentsService } from './group-enrollments.service';
import { GroupProgramsService } from './group-programs.service';

@ApiTags('group-programs')
@Roles('admin', 'coordinator')
@Controller('group-programs')
export class GroupProgramsController {
  constructor(
    private readonly programs: GroupProgramsService,
    private readonly enrollments: GroupEnrollmentsService,
  ) {}

  /** The full schedule (holidays skipped, make-up sessions, leaders) and every conflict; books nothing. */
  @Post('preview')
  @HttpCode(200)
  preview(@CurrentActor() actor: Actor, @Body() dto: GroupProgramRequestDto): Promise<GroupProgramPreviewDto> {
    return this.programs.preview(actor, dto);
  }

  /** Book every session atomically; 422 listing the conflicts while there are any. */
  @Post()
  create(@CurrentActor() actor: Actor, @Body() dto: GroupProgramRequestDto): Promise<GroupProgramDto> {
    return this.programs.create(actor, dto);
  }

  /** The site's programs, the latest start first (50 unless `limit` says up to 200), by status and by dates they meet. */
  @Roles('admin', 'coordinator', 'clinician')
  @Get()
  list(@CurrentActor() actor: Actor, @Query() query: GroupProgramQueryDto): Promise<GroupProgramSummaryDto[]> {
    return this.programs.list(actor, query);
  }

  /** The program with its sessions, cohort, waitlist and attendance. */
  @Roles('admin', 'coordinator', 'clinician')
  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<GroupProgramDto> {
    return this.programs.get(actor, id);
  }

  /** Move one session or swap a module's leader, with the same checks as booking. */
  @Patch(':id/sessions/:sessionId')
  moveSession(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Param('sessionId', uuidPipe('sessionId')) sessionId: string,
    @Body() dto: MoveSessionDto,
  ): Promise<GroupProgramDto> {
    return this.programs.moveSession(actor, id, sessionId, dto);
  }

  /** The sessions from `fromSession` on at a new time, length, room or weekdays, with every conflict; changes nothing. */
  @Post(':id/schedule-changes/preview')
  @HttpCode(200)
  previewScheduleChange(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string, @Body() dto: ScheduleChangeDto): Promise<ScheduleChangePreviewDto> {
    return this.programs.previewScheduleChange(actor, id, dto);
  }

  /** Apply that change to every booked session from `fromSession` on, all or none; 409 while conflicts remain. */
  @Post(':id/schedule-changes')
  @HttpCode(200)
  changeSchedule(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string, @Body() dto: ScheduleChangeDto): Promise<GroupProgramDto> {
    return this.programs.changeSchedule(actor, id, dto);
  }

  /** Seat a patient offered group rehabilitation (or waitlist them when full) and book their future sessions. */
  @Post(':id/enrollments')
  enroll(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string, @Body() dto: EnrollDto): Promise<EnrollmentResultDto> {
    return this.enrollments.enroll(actor, id, dto.patientId);
  }

  /** Call the whole program off: its sessions to come are cancelled; the answer lists its patients. */
  @Post(':id/cancel')
  @HttpCode(200)
  cancel(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string, @Body() dto: CancelGroupProgramDto): Promise<CancelledGroupProgramDto> {
    return this.programs.cancel(actor, id, dto);
  }

  /** Move the patient to another cohort of the site; their attendance here is kept. */
  @Post(':id/enrollments/:patientId/move')
  @HttpCode(200)
  move(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Param('patientId', uuidPipe('patientId')) patientId: string,
    @Body() dto: MoveEnrollmentDto,
  ): Promise<MovedEnrollmentDto> {
    return this.enrollments.move(actor, id, patientId, dto.toProgramId);
  }

  /** The patient leaves; the first on the program's waitlist takes the seat. */
  @Delete(':id/enrollments/:patientId')
  leave(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string, @Param('patientId', uuidPipe('patientId')) patientId: string): Promise<GroupProgramDto> {
    return this.enrollments.leave(actor, id, patientId);
  }

  /** Attended, absent (no_show) or cancelled, per patient per session. */
  @Roles('admin', 'coordinator', 'clinician')
  @Post(':id/sessions/:sessionId/attendance')
  @HttpCode(200)
  recordAttendance(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Param('sessionId', uuidPipe('sessionId')) sessionId: string,
    @Body() dto: SessionAttendanceDto,
  ): Promise<AttendanceSummaryDto[]> {
    return this.enrollments.recordAttendance(actor, id, sessionId, dto);
  }

  @Roles('admin', 'coordinator', 'clinician')
  @Get(':id/attendance')
  attendance(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<AttendanceSummaryDto[]> {
    return this.enrollments.attendance(actor, id);
  }
}
