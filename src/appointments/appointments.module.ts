import { Module } from '@nestjs/common';
import { RemindersModule } from '../reminders/reminders.module';
import { SitesModule } from '../sites/sites.module';
import { StaffModule } from '../staff/staff.module';
import { AppointmentsController } from './appointments.controller';
import { AppointmentsService } from './appointments.service';
import { BookingService } from './booking.service';

@Module({
  imports: [SitesModule, StaffModule, RemindersModule],
  controllers: [AppointmentsController],
  providers: [AppointmentsService, BookingService],
  exports: [BookingService, AppointmentsService],
})
export class AppointmentsModule {}
