import { IsUUID } from 'class-validator';
import type { ReminderPurpose } from '../core/rules/reminder-message';
import type { ReminderChannelName } from '../core/vocabulary';
import type { ReminderStatus } from '../outbox/reminder.entity';
import { Optional } from '../common/validators';

export class ReminderDto {
  id: string;
  /** The visit it is about, or the questionnaire task, or the referral it confirms. */
  appointmentId: string | null;
  taskId: string | null;
  referralId: string | null;
  patientId: string;
  purpose: ReminderPurpose;
  channel: ReminderChannelName;
  /** When it is (or was) due, in the site's offset. */
  dueAt: string;
  status: ReminderStatus;
  attempts: number;
  lastError: string | null;
  sentAt: string | null;
}

export class FailedRemindersQueryDto {
  @Optional()
  @IsUUID()
  siteId?: string;
}

/** What a visit's reminders will say: an SMS sends the text, an e-mail the subject and the text. */
export class ReminderPreviewDto {
  appointmentId: string;
  subject: string;
  text: string;
}
