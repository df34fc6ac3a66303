import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { ReferralContents, Referrer } from '../core/rules/referral-contents';
import { TriageSuggestion } from '../core/rules/triage';
import type { ReferralStatus } from '../core/vocabulary';

/** A remiss: one patient referred to one site, with what the referrer wrote and what triage made of it. */
@Entity('referrals')
export class Referral {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  siteId: string;

  @Column('uuid')
  patientId: string;

  @Column({ type: 'text' })
  status: ReferralStatus;

  /** Local date the referral arrived; the care guarantee counts from it. */
  @Column({ type: 'date' })
  receivedDate: string;

  /** Vårdgaranti: the first visit must happen by this local date. */
  @Column({ type: 'date' })
  careGuaranteeDeadline: string;

  /** 1 (urgent) to 3; orders referrals with the same deadline. */
  @Column({ type: 'smallint' })
  priority: number;

  /** The patient can come at short notice: a candidate for the cancellation list (återbudslista). */
  @Column()
  availableAtShortNotice: boolean;

  @Column({ type: 'jsonb' })
  referrer: Referrer;

  @Column({ type: 'jsonb' })
  contents: ReferralContents;

  @Column({ type: 'text', array: true })
  missingContents: string[];

  @Column({ type: 'jsonb' })
  triage: TriageSuggestion;

  /** Local date the patient's rehabilitation began: the first session or visit of their program. */
  @Column({ type: 'date', nullable: true })
  rehabilitationStartedOn: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
