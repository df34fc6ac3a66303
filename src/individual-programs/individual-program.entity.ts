import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { MixEntry } from '../core/planners/individual/request';

/** Why a program ends before its last visit: the patient was discharged, or dropped out. */
export const INDIVIDUAL_PROGRAM_END_REASONS = ['discharged', 'dropout'] as const;
export type IndividualProgramEndReason = (typeof INDIVIDUAL_PROGRAM_END_REASONS)[number];

/**
 * Where a program stands: `active` with visits still booked ahead, `completed` with none left,
 * `ended` when it was ended early.
 */
export const INDIVIDUAL_PROGRAM_STATUSES = ['active', 'completed', 'ended'] as const;
export type IndividualProgramStatus = (typeof INDIVIDUAL_PROGRAM_STATUSES)[number];

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

  /** The day the program ended early (at discharge or a dropout), and why; null while it runs its course. */
  @Column({ type: 'date', nullable: true })
  endedOn: string | null;

  @Column({ type: 'text', nullable: true })
  endReason: IndividualProgramEndReason | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
