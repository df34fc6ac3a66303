import { Module } from '@nestjs/common';
import { ReminderDispatcher } from './reminder-dispatcher';
import { RemindersRepository } from './reminders.repository';

/** The sending side of reminders: in the service by default, alone in `npm run worker`. */
@Module({
  providers: [ReminderDispatcher, RemindersRepository],
  exports: [ReminderDispatcher],
})
export class ReminderDeliveryModule {}
