import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A referral sent on to another site of the unit; it keeps its received date and deadline. */
@Entity('referral_transfers')
export class ReferralTransfer {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  referralId: string;

  @Column('uuid')
  fromSiteId: string;

  @Column('uuid')
  toSiteId: string;

  @Column()
  reason: string;

  @Column('uuid')
  userId: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  transferredAt: Date;
}
