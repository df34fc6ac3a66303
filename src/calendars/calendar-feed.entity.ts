import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A calendar subscription: whoever holds the token reads its owner's visits (see the migration). */
@Entity('calendar_feeds')
export class CalendarFeed {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** SHA-256 of the token, hex; the token itself is shown once, at creation. */
  @Column()
  tokenHash: string;

  @Column({ type: 'uuid', nullable: true })
  staffId: string | null;

  @Column({ type: 'uuid', nullable: true })
  patientId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}
