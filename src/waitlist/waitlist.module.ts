import { Module } from '@nestjs/common';
import { SitesModule } from '../sites/sites.module';
import { WaitlistController } from './waitlist.controller';
import { WaitlistService } from './waitlist.service';
import { WaitlistRepository } from './waitlist.repository';
import { CalendarModule } from '../calendar/calendar.module';

@Module({
  imports: [SitesModule, CalendarModule],
  controllers: [WaitlistController],
  providers: [WaitlistService, WaitlistRepository],
})
export class WaitlistModule {}
