import { Module } from '@nestjs/common';
import { OutboxModule } from '../outbox/outbox.module';
import { SitesModule } from '../sites/sites.module';
import { StaffModule } from '../staff/staff.module';
import { AbsenceCoverService } from './absence-cover.service';
import { AppointmentViews } from './appointment-views';
import { BookingService } from './booking.service';
import { CalendarRepository } from './calendar.repository';
import { SiteCalendarCache } from './site-calendar-cache';
import { SiteCalendarRepository } from './site-calendar.repository';
import { StaffAbsencesController } from './staff-absences.controller';

/**
 * The calendar layer every feature books and reads through: the one write path (BookingService),
 * the site's calendar for planning (its repository and cache), and visits as the API shows them.
 */
@Module({
  imports: [SitesModule, StaffModule, OutboxModule],
  controllers: [StaffAbsencesController],
  providers: [AbsenceCoverService, BookingService, CalendarRepository, AppointmentViews, SiteCalendarRepository, SiteCalendarCache],
  exports: [BookingService, AppointmentViews, SiteCalendarRepository],
})
export class CalendarModule {}
