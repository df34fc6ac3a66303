import { Controller, Get, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../access/access.decorators';
import { Actor } from '../access/principal';
import { uuidPipe } from '../common/validation';
import { AttendanceRecordDto } from './appointments.dto';
import { AppointmentsService } from './appointments.service';

/** What a patient's visits say about them: counted from the calendar, so it lives with the appointments. */
@ApiTags('appointments')
@Controller('patients')
export class PatientAttendanceController {
  constructor(private readonly appointments: AppointmentsService) {}

  /** Late cancellations (by the patient, within the site's hours) and no-shows, with cancellations by category. */
  @Roles('admin', 'coordinator', 'clinician', 'patient')
  @Get(':id/attendance')
  attendance(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<AttendanceRecordDto> {
    return this.appointments.attendanceRecord(actor, id);
  }
}
