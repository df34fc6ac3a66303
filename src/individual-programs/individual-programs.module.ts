import { Module } from '@nestjs/common';
import { EpisodesModule } from '../episodes/episodes.module';
import { AppointmentsModule } from '../appointments/appointments.module';
import { SiteCalendarModule } from '../assessments/site-calendar.module';
import { IndividualProgramsController } from './individual-programs.controller';
import { IndividualProgramsService } from './individual-programs.service';

@Module({
  imports: [AppointmentsModule, SiteCalendarModule, EpisodesModule],
  controllers: [IndividualProgramsController],
  providers: [IndividualProgramsService],
})
export class IndividualProgramsModule {}
