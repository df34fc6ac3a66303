import { Module } from '@nestjs/common';
import { EpisodesModule } from '../episodes/episodes.module';
import { AppointmentsModule } from '../appointments/appointments.module';
import { RemindersModule } from '../reminders/reminders.module';
import { SitesModule } from '../sites/sites.module';
import { GroupProgramsController } from './group-programs.controller';
import { GroupProgramsService } from './group-programs.service';

@Module({
  imports: [SitesModule, AppointmentsModule, RemindersModule, EpisodesModule],
  controllers: [GroupProgramsController],
  providers: [GroupProgramsService],
})
export class GroupProgramsModule {}
