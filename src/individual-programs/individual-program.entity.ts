import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { MixEntry } from '../core/planners/individual/request';

/** An individual program (seeds 001, 004): 2–3 months of 3–4 visits a week with several therapists. */
@Entity('individual_programs')
export class IndividualProgram {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  siteId: string;

  @Column('uuid')
  patientId: string;

  @Column({ type: 'date' })
  startDate: string;

  @Column('int')
  weeks: number;

  @Column('int')
  visitsPerWeek: number;

  @Column({ type: 'jsonb' })
  mix: MixEntry[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
