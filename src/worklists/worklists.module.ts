import { Module } from '@nestjs/common';
import { CalendarModule } from '../calendar/calendar.module';
import { EpisodesModule } from '../episodes/episodes.module';
import { SitesModule } from '../sites/sites.module';
import { VisitRequestsController } from './visit-requests.controller';
import { VisitRequestsRepository } from './visit-requests.repository';
import { VisitRequestsService } from './visit-requests.service';
import { WorklistsController } from './worklists.controller';
import { WorklistsRepository } from './worklists.repository';
import { WorklistsService } from './worklists.service';

/** The start pages' worklists: what awaits a decision, a record or a booking; and the patients' requests that land there. */
@Module({
  imports: [EpisodesModule, CalendarModule, SitesModule],
  controllers: [WorklistsController, VisitRequestsController],
  providers: [WorklistsService, WorklistsRepository, VisitRequestsService, VisitRequestsRepository],
  exports: [VisitRequestsService],
})
export class WorklistsModule {}
