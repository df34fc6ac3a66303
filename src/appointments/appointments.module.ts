import { Module } from '@nestjs/common';
import { OutboxModule } from '../outbox/outbox.module';
import { AppointmentsController } from './appointments.controller';
import { AppointmentsService } from './appointments.service';
import { CalendarModule } from '../calendar/calendar.module';

@Module({
  imports: [CalendarModule, OutboxModule],
  controllers: [AppointmentsController],
  providers: [AppointmentsService],
})
export class AppointmentsModule {}
