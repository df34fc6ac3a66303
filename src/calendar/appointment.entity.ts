import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { AppointmentKind, AppointmentStatus, CancelCategory } from '../core/vocabulary';

/** What a group session holds: its content modules with their leaders, and what a make-up session replaces. */
export interface SessionDetail {
  modules: string[];
  leaders: { module: string; staffId: string }[];
  makeUp: boolean;
  replacesDate?: string;
}

@Entity('appointments')
export class Appointment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  siteId: string;

  @Column({ type: 'text' })
  kind: AppointmentKind;

  @Column({ type: 'uuid', nullable: true })
  roomId: string | null;

  /** The referral this visit serves; its first booked visit ends the wait for care. */
  @Column({ type: 'uuid', nullable: true })
  referralId: string | null;

  /** The assessment this visit belongs to, and which part of it (a discipline, or `feedback`). */
  @Column({ type: 'uuid', nullable: true })
  assessmentId: string | null;

  @Column({ type: 'text', nullable: true })
  assessmentPart: string | null;

  /** A group program's session: its number and detail (content modules, leaders, make-up). */
  @Column({ type: 'uuid', nullable: true })
  groupProgramId: string | null;

  @Column({ type: 'int', nullable: true })
  sessionNumber: number | null;

  @Column({ type: 'jsonb', nullable: true })
  sessionDetail: SessionDetail | null;

  @Column({ type: 'uuid', nullable: true })
  individualProgramId: string | null;

  @Column({ type: 'timestamptz' })
  startsAt: Date;

  @Column({ type: 'timestamptz' })
  endsAt: Date;

  @Column({ type: 'text' })
  status: AppointmentStatus;

  @Column({ type: 'text', nullable: true })
  cancelReason: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  @Column({ type: 'text', nullable: true })
  cancelCategory: CancelCategory | null;

  /** Cancelled by the patient within the site's late-cancellation hours of the start. */
  @Column({ type: 'boolean', default: false })
  lateCancellation: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
