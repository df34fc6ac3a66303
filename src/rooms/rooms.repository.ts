import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { RoomKind } from '../core/vocabulary';
import { Room } from './room.entity';

/** The rooms of each site, as stored. */
@Injectable()
export class RoomsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Runs `work` as one transaction. */
  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  nameTaken(siteId: string, name: string, manager: EntityManager = this.db.manager): Promise<boolean> {
    return manager.getRepository(Room).existsBy({ siteId, name });
  }

  add(room: Omit<Room, 'id' | 'createdAt' | 'deactivatedFrom'>): Promise<Room> {
    return this.db.getRepository(Room).save(room);
  }

  findById(id: string): Promise<Room | null> {
    return this.db.getRepository(Room).findOneBy({ id });
  }

  /** The room held FOR UPDATE: no booking in it is checked meanwhile (BookingService holds its rooms FOR SHARE). */
  lock(manager: EntityManager, id: string): Promise<Room | null> {
    return manager.findOne(Room, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async save(manager: EntityManager, id: string, change: Partial<Pick<Room, 'name' | 'kind' | 'capacity' | 'deactivatedFrom'>>): Promise<Room> {
    await manager.update(Room, { id }, change);
    return manager.findOneByOrFail(Room, { id });
  }

  /** The room's booked visits that start at or after `from`, with how many patients each has on it, by start. */
  bookedVisits(manager: EntityManager, roomId: string, from: Date): Promise<{ id: string; patients: number }[]> {
    return manager.query(
      `SELECT a.id, (SELECT count(*) FROM appointment_patients p WHERE p.appointment_id = a.id AND p.active)::int AS patients
         FROM appointments a WHERE a.room_id = $1 AND a.status = 'booked' AND a.starts_at >= $2 ORDER BY a.starts_at`,
      [roomId, from],
    );
  }

  /** Those of the site (every site's if none is given), of one kind if given; by name. */
  list({ siteId, kind }: { siteId?: string; kind?: RoomKind }): Promise<Room[]> {
    return this.db.getRepository(Room).find({
      where: { ...(siteId && { siteId }), ...(kind && { kind }) },
      order: { name: 'ASC' },
    });
  }
}
