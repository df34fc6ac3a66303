import { Module } from '@nestjs/common';
import { SitesModule } from '../sites/sites.module';
import { SiteCalendarCache } from './site-calendar-cache';
import { SiteCalendarRepository } from './site-calendar.repository';

/** Reading a site's calendar for planning: assessments, individual programs and follow-up visits. */
@Module({
  imports: [SitesModule],
  providers: [SiteCalendarRepository, SiteCalendarCache],
  exports: [SiteCalendarRepository],
})
export class SiteCalendarModule {}
