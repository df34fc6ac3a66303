import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { RoomKind } from '../core/vocabulary';
import { Room } from './room.entity';

/** The rooms of each site, as stored. */
@Injectable()
export class RoomsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  nameTaken(siteId: string, name: string): Promise<boolean> {
    return this.db.getRepository(Room).existsBy({ siteId, name });
  }

  add(room: Omit<Room, 'id' | 'createdAt'>): Promise<Room> {
    return this.db.getRepository(Room).save(room);
  }

  findById(id: string): Promise<Room | null> {
    return this.db.getRepository(Room).findOneBy({ id });
  }

  /** Those of the site (every site's if none is given), of one kind if given; by name. */
  list({ siteId, kind }: { siteId?: string; kind?: RoomKind }): Promise<Room[]> {
    return this.db.getRepository(Room).find({
      where: { ...(siteId && { siteId }), ...(kind && { kind }) },
      order: { name: 'ASC' },
    });
  }
}
