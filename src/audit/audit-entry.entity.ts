import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const AUDIT_ACTIONS = ['read', 'create', 'update'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** One access to one patient's data (Patientdatalagen: access must be logged and reviewable). */
@Entity('audit_log')
export class AuditEntry {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at: Date;

  @Column({ type: 'uuid', nullable: true })
  userId: string | null;

  @Column()
  username: string;

  @Column()
  role: string;

  @Column({ type: 'text' })
  action: AuditAction;

  @Column('uuid')
  patientId: string;

  /** What was touched, e.g. `patient`, `appointment`, `referral`. */
  @Column()
  resource: string;

  @Column({ type: 'uuid', nullable: true })
  resourceId: string | null;

  /** Method and route, e.g. `GET /patients/:id`. */
  @Column()
  endpoint: string;
}
