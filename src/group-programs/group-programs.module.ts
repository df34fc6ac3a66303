import { Module } from '@nestjs/common';
import { EpisodesModule } from '../episodes/episodes.module';
import { PatientsModule } from '../patients/patients.module';
import { RoomsModule } from '../rooms/rooms.module';
import { SitesModule } from '../sites/sites.module';
import { GroupEnrollmentsService } from './group-enrollments.service';
import { GroupProgramsController } from './group-programs.controller';
import { GroupProgramsRepository } from './group-programs.repository';
import { GroupProgramsService } from './group-programs.service';
import { CalendarModule } from '../calendar/calendar.module';

@Module({
  imports: [SitesModule, RoomsModule, PatientsModule, CalendarModule, EpisodesModule],
  controllers: [GroupProgramsController],
  exports: [GroupProgramsService],
  providers: [GroupProgramsService, GroupEnrollmentsService, GroupProgramsRepository],
})
export class GroupProgramsModule {}
