import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { AssessmentOutcome } from '../core/vocabulary';

export const ASSESSMENT_PARTS = ['nurse', 'physician', 'physiotherapist', 'psychologist', 'occupational_therapist', 'feedback'] as const;
export type AssessmentPart = (typeof ASSESSMENT_PARTS)[number];

/** A booked utredning: its visits are appointments that name it and their part. */
@Entity('assessments')
export class Assessment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  referralId: string;

  @Column('uuid')
  siteId: string;

  @Column('uuid')
  patientId: string;

  @Column({ type: 'text' })
  status: 'booked' | 'cancelled';

  /** First and last local day the assessment visits may fall on. */
  @Column({ type: 'date' })
  windowStart: string;

  @Column({ type: 'date' })
  windowEnd: string;

  @Column({ type: 'text', nullable: true })
  cancelReason: string | null;

  /** Decided at the feedback conversation: which rehabilitation is offered, or other measures. */
  @Column({ type: 'text', nullable: true })
  outcome: AssessmentOutcome | null;

  @Column({ type: 'text', nullable: true })
  outcomeNote: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  outcomeRecordedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
