import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Role } from '../core/vocabulary';

@Entity('users')
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column()
  username: string;

  @Column({ select: false })
  passwordHash: string;

  /** The name the header shows, e.g. "Karin Lund, rehabkoordinator"; null: the staff or patient record's name, else the username. */
  @Column({ type: 'text', nullable: true })
  displayName: string | null;

  @Column({ type: 'text' })
  role: Role;

  /** The coordinator's site; clinicians and patients take theirs from their staff or patient record. */
  @Column({ type: 'uuid', nullable: true })
  siteId: string | null;

  @Column({ type: 'uuid', nullable: true })
  staffId: string | null;

  @Column({ type: 'uuid', nullable: true })
  patientId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  /** Set while an admin has disabled the login: no sign-in, and every session of it ended. */
  @Column({ type: 'timestamptz', nullable: true })
  disabledAt: Date | null;
}
