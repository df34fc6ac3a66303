import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { ReminderPurpose } from '../core/rules/reminder-message';
import type { ReminderChannelName } from '../core/vocabulary';

export const REMINDER_STATUSES = ['scheduled', 'sent', 'failed', 'cancelled'] as const;
export type ReminderStatus = (typeof REMINDER_STATUSES)[number];

/** One message to one patient about one visit (see the migration for how it is sent). */
@Entity('reminders')
export class Reminder {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  appointmentId: string;

  @Column('uuid')
  patientId: string;

  @Column({ type: 'text' })
  purpose: ReminderPurpose;

  @Column({ type: 'text' })
  channel: ReminderChannelName;

  @Column({ type: 'timestamptz' })
  forStart: Date;

  @Column({ type: 'timestamptz' })
  dueAt: Date;

  @Column({ type: 'text' })
  status: ReminderStatus;

  @Column({ type: 'int' })
  attempts: number;

  @Column({ type: 'timestamptz' })
  nextAttemptAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  lockedUntil: Date | null;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  @Column({ type: 'timestamptz' })
  updatedAt: Date;
}
