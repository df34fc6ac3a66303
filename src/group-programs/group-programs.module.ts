import { Module } from '@nestjs/common';
import { EpisodesModule } from '../episodes/episodes.module';
import { OutboxModule } from '../outbox/outbox.module';
import { SitesModule } from '../sites/sites.module';
import { GroupProgramsController } from './group-programs.controller';
import { GroupProgramsService } from './group-programs.service';
import { CalendarModule } from '../calendar/calendar.module';

@Module({
  imports: [SitesModule, CalendarModule, OutboxModule, EpisodesModule],
  controllers: [GroupProgramsController],
  providers: [GroupProgramsService],
})
export class GroupProgramsModule {}
