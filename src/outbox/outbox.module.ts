import { Module } from '@nestjs/common';
import { ReminderOutbox } from './reminder-outbox';

/**
 * The reminder outbox: written in the transaction of whatever changes a visit or a patient's
 * channel (the calendar, the patient register, the episodes), read by the dispatcher. It sits
 * below all of them, so each writes it without reaching up.
 */
@Module({
  providers: [ReminderOutbox],
  exports: [ReminderOutbox],
})
export class OutboxModule {}
