import { Module } from '@nestjs/common';
import { PatientsModule } from '../patients/patients.module';
import { RoomsModule } from '../rooms/rooms.module';
import { SitesModule } from '../sites/sites.module';
import { StaffModule } from '../staff/staff.module';
import { CalendarEntriesRepository } from './calendar-entries.repository';
import { CalendarFeedsRepository } from './calendar-feeds.repository';
import { CalendarsController } from './calendars.controller';
import { CalendarsService } from './calendars.service';
import { PatientScheduleController } from './patient-schedule.controller';
import { PatientScheduleRepository } from './patient-schedule.repository';
import { PatientScheduleService } from './patient-schedule.service';

@Module({
  imports: [SitesModule, StaffModule, RoomsModule, PatientsModule],
  controllers: [CalendarsController, PatientScheduleController],
  providers: [CalendarsService, CalendarEntriesRepository, CalendarFeedsRepository, PatientScheduleService, PatientScheduleRepository],
  exports: [CalendarsService],
})
export class CalendarsModule {}
