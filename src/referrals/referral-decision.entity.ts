import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const REFERRAL_DECISIONS = ['accepted', 'rejected', 'more_information_requested'] as const;
export type ReferralDecisionKind = (typeof REFERRAL_DECISIONS)[number];

/** A coordinator's or physician's decision on a referral, kept beside the suggestion it may differ from. */
@Entity('referral_decisions')
export class ReferralDecision {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  referralId: string;

  @Column({ type: 'text' })
  decision: ReferralDecisionKind;

  @Column({ type: 'text', array: true })
  reasons: string[];

  @Column({ type: 'text', array: true })
  suggestedMeasures: string[];

  /** The triage suggestion's outcome when the decision was made. */
  @Column()
  suggestedOutcome: string;

  /** Name of the person who decided, as they sign it. */
  @Column()
  decidedBy: string;

  @Column('uuid')
  userId: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  decidedAt: Date;
}
