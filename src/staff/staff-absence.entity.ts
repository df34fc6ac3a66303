import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const ABSENCE_REASONS = ['vacation', 'sick', 'course', 'other'] as const;
export type AbsenceReason = (typeof ABSENCE_REASONS)[number];

@Entity('staff_absences')
export class StaffAbsence {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  staffId: string;

  @Column({ type: 'timestamptz' })
  startsAt: Date;

  @Column({ type: 'timestamptz' })
  endsAt: Date;

  @Column({ type: 'text' })
  reason: AbsenceReason;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
