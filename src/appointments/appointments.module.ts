import { Module } from '@nestjs/common';
import { AppointmentsController } from './appointments.controller';
import { AppointmentsRepository } from './appointments.repository';
import { AppointmentsService } from './appointments.service';
import { CalendarModule } from '../calendar/calendar.module';
import { SitesModule } from '../sites/sites.module';

@Module({
  imports: [CalendarModule, SitesModule],
  controllers: [AppointmentsController],
  providers: [AppointmentsService, AppointmentsRepository],
})
export class AppointmentsModule {}
