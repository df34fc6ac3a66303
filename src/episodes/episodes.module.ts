import { Module } from '@nestjs/common';
import { OutboxModule } from '../outbox/outbox.module';
import { EpisodesController } from './episodes.controller';
import { DischargeService } from './discharge.service';
import { EpisodeLedger } from './episode-ledger';
import { EpisodeTasksService } from './episode-tasks.service';
import { EpisodeViews } from './episode-views';
import { EpisodesRepository } from './episodes.repository';
import { SickLeaveRepository } from './sick-leave.repository';
import { SickLeaveService } from './sick-leave.service';
import { CalendarModule } from '../calendar/calendar.module';

/**
 * The episode ledger and the episodes' own endpoints. Features get the ledger: the hooks they
 * call in their transactions, and the check that an assessment offered a rehabilitation; and the
 * views, for the worklists' stalled episodes.
 */
@Module({
  imports: [CalendarModule, OutboxModule],
  controllers: [EpisodesController],
  providers: [EpisodesRepository, SickLeaveRepository, EpisodeLedger, EpisodeViews, SickLeaveService, EpisodeTasksService, DischargeService],
  exports: [EpisodeLedger, EpisodeViews, EpisodeTasksService],
})
export class EpisodesModule {}
