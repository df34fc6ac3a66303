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

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
