import { Module } from '@nestjs/common';
import { SitesModule } from '../sites/sites.module';
import { StaffModule } from '../staff/staff.module';
import { AppointmentsController } from './appointments.controller';
import { AppointmentsService } from './appointments.service';
import { BookingService } from './booking.service';

@Module({
  imports: [SitesModule, StaffModule],
  controllers: [AppointmentsController],
  providers: [AppointmentsService, BookingService],
  exports: [BookingService, AppointmentsService],
})
export class AppointmentsModule {}
