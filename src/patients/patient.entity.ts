import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { ReminderChannel } from '../core/vocabulary';

@Entity('patients')
export class Patient {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  siteId: string;

  /** Personnummer or samordningsnummer, 12 digits without separator. */
  @Column({ type: 'char', length: 12 })
  personalNumber: string;

  @Column()
  name: string;

  /** E.164, e.g. +46701234567. */
  @Column({ type: 'text', nullable: true })
  phone: string | null;

  @Column({ type: 'text', nullable: true })
  email: string | null;

  @Column({ type: 'text' })
  reminderChannel: ReminderChannel;

  @Column({ type: 'text', nullable: true })
  interpreterLanguage: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
