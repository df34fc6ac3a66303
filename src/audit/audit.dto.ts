import { Type } from 'class-transformer';
import { IsIn, IsInt, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import { AUDIT_ACTIONS, AUDIT_OUTCOMES, AuditAction, AuditEntry, AuditOutcome } from '../access/audit-entry.entity';
import { Optional } from '../common/validators';

export class AuditQueryDto {
  /** Entries about this patient's data, refused attempts on it included. */
  @Optional()
  @IsUUID()
  patientId?: string;

  /** What this user did. */
  @Optional()
  @IsUUID()
  userId?: string;

  /** As typed at login: finds the failed logins of a name, which have no user id. */
  @Optional()
  @IsString()
  @Length(1, 200)
  username?: string;

  /** Entries naming this record (an appointment, a referral...): e.g. who saw appointment X. */
  @Optional()
  @IsUUID()
  resourceId?: string;

  @Optional()
  @IsIn(AUDIT_ACTIONS)
  action?: AuditAction;

  @Optional()
  @IsIn(AUDIT_OUTCOMES)
  outcome?: AuditOutcome;

  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}

/** One entry of the audit log: one request's access to a patient's data, a refused access, or a login. */
export class AuditEntryDto implements AuditEntry {
  id: string;
  at: Date;
  userId: string | null;
  username: string;
  /** Unknown for a failed login. */
  role: string | null;
  action: AuditAction;
  /** Null for a login, and for a refused look at something that is no patient's. */
  patientId: string | null;
  /** What was touched, e.g. `patient`, `appointment`, `referral`. */
  resource: string;
  /** Every record of that kind the request touched for this patient, e.g. each appointment of a week shown; empty when none is named. */
  resourceIds: string[];
  /** Method and route, e.g. `GET /patients/:id`. */
  endpoint: string;
  /** The address the request came from, as the service saw it. */
  clientAddress: string | null;
  outcome: AuditOutcome;
}
