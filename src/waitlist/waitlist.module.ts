import { Module } from '@nestjs/common';
import { SitesModule } from '../sites/sites.module';
import { WaitlistController } from './waitlist.controller';
import { WaitlistService } from './waitlist.service';
import { CalendarModule } from '../calendar/calendar.module';

@Module({
  imports: [SitesModule, CalendarModule],
  controllers: [WaitlistController],
  providers: [WaitlistService],
})
export class WaitlistModule {}
