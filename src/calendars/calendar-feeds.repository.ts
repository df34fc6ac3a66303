import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { CalendarFeed } from './calendar-feed.entity';

/** Whose visits a feed shows: a staff member's or a patient's. */
export type FeedOwner = { staffId: string } | { patientId: string };

/** The calendar subscriptions, kept by the hash of their token. */
@Injectable()
export class CalendarFeedsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The feed of the token's hash, unless it was revoked. */
  findLive(tokenHash: string): Promise<CalendarFeed | null> {
    return this.db.getRepository(CalendarFeed).findOneBy({ tokenHash, revokedAt: IsNull() });
  }

  /** Revokes the owner's live feed, if any. */
  async revoke(owner: FeedOwner, manager: EntityManager = this.db.manager): Promise<void> {
    await manager.update(CalendarFeed, { ...owner, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  add(owner: FeedOwner, tokenHash: string, manager: EntityManager): Promise<CalendarFeed> {
    return manager.save(manager.create(CalendarFeed, { ...owner, tokenHash }));
  }
}
