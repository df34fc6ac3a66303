import { Module } from '@nestjs/common';
import { AppointmentsModule } from '../appointments/appointments.module';
import { SiteCalendarModule } from '../assessments/site-calendar.module';
import { RemindersModule } from '../reminders/reminders.module';
import { EpisodesController } from './episodes.controller';
import { DischargeService } from './discharge.service';
import { EpisodesService } from './episodes.service';

@Module({
  imports: [SiteCalendarModule, RemindersModule, AppointmentsModule],
  controllers: [EpisodesController],
  providers: [EpisodesService, DischargeService],
  exports: [EpisodesService],
})
export class EpisodesModule {}
