import { Module } from '@nestjs/common';
import { OutboxModule } from '../outbox/outbox.module';
import { EpisodesController } from './episodes.controller';
import { DischargeService } from './discharge.service';
import { EpisodesService } from './episodes.service';
import { CalendarModule } from '../calendar/calendar.module';

@Module({
  imports: [CalendarModule, OutboxModule],
  controllers: [EpisodesController],
  providers: [EpisodesService, DischargeService],
  exports: [EpisodesService],
})
export class EpisodesModule {}
