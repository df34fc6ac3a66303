import { Module } from '@nestjs/common';
import { EpisodesModule } from '../episodes/episodes.module';
import { IndividualProgramsController } from './individual-programs.controller';
import { IndividualProgramsRepository } from './individual-programs.repository';
import { IndividualProgramsService } from './individual-programs.service';
import { CalendarModule } from '../calendar/calendar.module';
import { SitesModule } from '../sites/sites.module';

@Module({
  imports: [CalendarModule, EpisodesModule, SitesModule],
  controllers: [IndividualProgramsController],
  providers: [IndividualProgramsRepository, IndividualProgramsService],
  exports: [IndividualProgramsService],
})
export class IndividualProgramsModule {}
