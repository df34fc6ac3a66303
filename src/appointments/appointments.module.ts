import { Module } from '@nestjs/common';
import { AppointmentsController } from './appointments.controller';
import { AppointmentsRepository } from './appointments.repository';
import { AppointmentsService } from './appointments.service';
import { PatientAttendanceController } from './patient-attendance.controller';
import { CalendarModule } from '../calendar/calendar.module';
import { SitesModule } from '../sites/sites.module';

@Module({
  imports: [CalendarModule, SitesModule],
  controllers: [AppointmentsController, PatientAttendanceController],
  providers: [AppointmentsService, AppointmentsRepository],
})
export class AppointmentsModule {}
