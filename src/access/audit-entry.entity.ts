import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const AUDIT_ACTIONS = ['read', 'create', 'update', 'login'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Allowed; refused because the data is another patient's or another site's; failed (a wrong password). */
export const AUDIT_OUTCOMES = ['allowed', 'refused', 'failed'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/**
 * One request's access to one patient's data, one refused access, or one login (Patientdatalagen:
 * access must be logged and reviewable). Append-only: the database refuses updates and deletes.
 */
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

  /** Unknown for a failed login. */
  @Column({ type: 'text', nullable: true })
  role: string | null;

  @Column({ type: 'text' })
  action: AuditAction;

  /** Null for a login, and for a refused look at something that is no patient's (another site's staff or rooms). */
  @Column({ type: 'uuid', nullable: true })
  patientId: string | null;

  /** What was touched, e.g. `patient`, `appointment`, `referral`. */
  @Column()
  resource: string;

  /** Every record of that kind the request touched for this patient (a week read: each appointment shown); empty when none is named. */
  @Column({ type: 'uuid', array: true, default: () => `'{}'` })
  resourceIds: string[];

  /** Method and route, e.g. `GET /patients/:id`. */
  @Column()
  endpoint: string;

  /** The address the request came from, as the service saw it. */
  @Column({ type: 'text', nullable: true })
  clientAddress: string | null;

  @Column({ type: 'text', default: 'allowed' })
  outcome: AuditOutcome;
}
