import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { RoomKind } from '../core/vocabulary';

@Entity('rooms')
export class Room {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  siteId: string;

  @Column()
  name: string;

  @Column({ type: 'text' })
  kind: RoomKind;

  /** How many patients fit (a group room for a cohort of 8, an office for 1–2). */
  @Column('int')
  capacity: number;

  /** The local date from which the room is no longer planned or booked. */
  @Column({ type: 'date', nullable: true })
  deactivatedFrom: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
