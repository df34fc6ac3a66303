import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { MakeUpPolicy, SkippedDate } from '../core/planners/group/group-schedule';

/** An 8-week group program (seed 001): a fixed cohort meeting twice a week in one room. */
@Entity('group_programs')
export class GroupProgram {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  siteId: string;

  @Column()
  name: string;

  @Column('uuid')
  roomId: string;

  @Column({ type: 'date' })
  startDate: string;

  @Column('int')
  weeks: number;

  @Column({ type: 'int', array: true })
  weekdays: number[];

  @Column()
  startTime: string;

  @Column('int')
  durationMinutes: number;

  @Column('int')
  capacity: number;

  @Column({ type: 'text' })
  makeUpPolicy: MakeUpPolicy;

  /** Closed days the program skipped, with their names; each got a make-up session. */
  @Column({ type: 'jsonb' })
  skipped: SkippedDate[];

  /** When the whole program was called off, and why; null while it stands. */
  @Column({ type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  @Column({ type: 'text', nullable: true })
  cancelReason: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
