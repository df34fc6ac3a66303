import { Module } from '@nestjs/common';
import { EpisodesModule } from '../episodes/episodes.module';
import { WorklistsController } from './worklists.controller';
import { WorklistsRepository } from './worklists.repository';
import { WorklistsService } from './worklists.service';

/** The start pages' worklists: what awaits a decision, a record or a booking. */
@Module({
  imports: [EpisodesModule],
  controllers: [WorklistsController],
  providers: [WorklistsService, WorklistsRepository],
})
export class WorklistsModule {}
