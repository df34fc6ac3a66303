import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { WorkingHoursBlock } from '../core/time/working-hours';
import { Discipline } from '../core/vocabulary';

@Entity('staff_members')
export class StaffMember {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  siteId: string;

  @Column()
  name: string;

  @Column({ type: 'text' })
  discipline: Discipline;

  /** The regular week in local wall time, each block dated (see blocksOn); absences are kept apart. */
  @Column({ type: 'jsonb' })
  workingHours: WorkingHoursBlock[];

  /** The local date from which the member is no longer planned or booked; their hours end there too. */
  @Column({ type: 'date', nullable: true })
  deactivatedFrom: string | null;

  /** The national HSA-id the region's identity provider names the member by (e.g. SE2321000016-1A2B); null: none known. */
  @Column({ type: 'text', nullable: true })
  hsaId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
