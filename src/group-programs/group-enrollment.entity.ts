import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type EnrollmentStatus = 'enrolled' | 'waitlisted' | 'left';

/** A patient in a program's cohort, or waiting for a seat in it. */
@Entity('group_enrollments')
export class GroupEnrollment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  groupProgramId: string;

  @Column('uuid')
  patientId: string;

  @Column({ type: 'text' })
  status: EnrollmentStatus;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
