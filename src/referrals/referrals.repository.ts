import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, DeepPartial, EntityManager } from 'typeorm';
import { Referral } from '../episodes/referral.entity';
import { ReferralStatus } from '../core/vocabulary';
import { ReferralDecision } from './referral-decision.entity';
import { ReferralTransfer } from './referral-transfer.entity';

/**
 * The referrals' SQL: the referral rows the unit takes in, decides and transfers, their decisions
 * and transfers, and whether a referral has a visit booked. (The day rehabilitation started is the
 * episode ledger's to write; the patient's own row the patient register's.) Writes take the
 * caller's transaction; reads default to the data source.
 */
@Injectable()
export class ReferralsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Stores a new referral, or the changed fields of one read before; the row as stored. */
  save(manager: EntityManager, referral: DeepPartial<Referral>): Promise<Referral> {
    return manager.save(Referral, referral);
  }

  find(id: string, manager: EntityManager = this.db.manager): Promise<Referral | null> {
    return manager.findOneBy(Referral, { id });
  }

  lock(manager: EntityManager, id: string): Promise<Referral | null> {
    return manager.findOne(Referral, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** Referrals (of a site, in a status) in queue order: deadline, priority, arrival; 1000 at most. */
  list(filter: { siteId?: string; status?: ReferralStatus }): Promise<Referral[]> {
    return this.db.getRepository(Referral).find({
      where: { ...(filter.siteId && { siteId: filter.siteId }), ...(filter.status && { status: filter.status }) },
      order: { careGuaranteeDeadline: 'ASC', priority: 'ASC', receivedDate: 'ASC' },
      take: 1000,
    });
  }

  decisions(referralId: string): Promise<ReferralDecision[]> {
    return this.db.getRepository(ReferralDecision).find({ where: { referralId }, order: { decidedAt: 'ASC' } });
  }

  latestDecision(referralId: string): Promise<ReferralDecision> {
    return this.db.getRepository(ReferralDecision).findOneOrFail({ where: { referralId }, order: { decidedAt: 'DESC' } });
  }

  async addDecision(manager: EntityManager, decision: Omit<ReferralDecision, 'id' | 'decidedAt'>): Promise<void> {
    await manager.insert(ReferralDecision, decision);
  }

  transfers(referralId: string): Promise<ReferralTransfer[]> {
    return this.db.getRepository(ReferralTransfer).find({ where: { referralId }, order: { transferredAt: 'ASC' } });
  }

  async addTransfer(manager: EntityManager, transfer: Omit<ReferralTransfer, 'id' | 'transferredAt'>): Promise<void> {
    await manager.insert(ReferralTransfer, transfer);
  }

  /** Whether a visit for the referral is booked (cancelled ones do not count). */
  async hasBookedVisit(manager: EntityManager, referralId: string): Promise<boolean> {
    const [row] = await manager.query(`SELECT 1 FROM appointments WHERE referral_id = $1 AND status <> 'cancelled' LIMIT 1`, [referralId]);
    return Boolean(row);
  }
}
