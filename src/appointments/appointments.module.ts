import { Module } from '@nestjs/common';
import { AppointmentsController } from './appointments.controller';
import { AppointmentsRepository } from './appointments.repository';
import { AppointmentsService } from './appointments.service';
import { PatientAttendanceController } from './patient-attendance.controller';
import { CalendarModule } from '../calendar/calendar.module';
import { SitesModule } from '../sites/sites.module';
import { AssessmentsModule } from '../assessments/assessments.module';
import { GroupProgramsModule } from '../group-programs/group-programs.module';
import { IndividualProgramsModule } from '../individual-programs/individual-programs.module';

@Module({
  imports: [CalendarModule, SitesModule, AssessmentsModule, IndividualProgramsModule, GroupProgramsModule],
  controllers: [AppointmentsController, PatientAttendanceController],
  providers: [AppointmentsService, AppointmentsRepository],
  exports: [AppointmentsService],
})
export class AppointmentsModule {}
