import { Module } from '@nestjs/common';
import { RemindersController } from './reminders.controller';
import { RemindersRepository } from './reminders.repository';
import { RemindersService } from './reminders.service';
import { ReminderPreviewRepository } from './reminder-preview.repository';
import { ReminderPreviewService } from './reminder-preview.service';

@Module({
  controllers: [RemindersController],
  providers: [RemindersService, RemindersRepository, ReminderPreviewService, ReminderPreviewRepository],
})
export class RemindersModule {}
