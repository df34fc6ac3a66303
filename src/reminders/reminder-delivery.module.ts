import { Module } from '@nestjs/common';
import { ReminderDispatcher } from './reminder-dispatcher';

/** The sending side of reminders: in the service by default, alone in `npm run worker`. */
@Module({
  providers: [ReminderDispatcher],
  exports: [ReminderDispatcher],
})
export class ReminderDeliveryModule {}
