import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditAction } from './audit-entry.entity';
import { AuditActor, AuditService } from './audit.service';
import { Actor, Principal } from './principal';
import { canAccessSite, hiddenRecord } from './site-access';

/** What the audit log names: a record (null for one without an id, e.g. a calendar feed) and whose data it holds. */
export interface LoggedRecord {
  id: string | null;
  /** The patients whose data it is (none for a room's or a staff member's own record). */
  patientIds: readonly string[];
}

/** A record that holds patients' data, as access sees it: the site it belongs to decides. */
export interface ProtectedRecord extends LoggedRecord {
  id: string;
  siteId: string;
}

/**
 * Who may reach a record: `patient-or-site` lets a patient reach the records that name them and staff
 * their site's; `site-staff` only staff of its site (a patient is answered as for a missing record).
 */
export type Audience = 'patient-or-site' | 'site-staff';

export interface AccessRequest {
  action: AuditAction;
  /** As the audit log names it: `appointment`, `episode`, `sick_leave_handover`, ... */
  resource: string;
  records: readonly ProtectedRecord[];
  audience?: Audience;
  /** A change's transaction, so its log entries commit or roll back with it. */
  manager?: EntityManager;
}

/** Whether `principal` may reach `record`; the one statement of the rule (see Audience). */
export function mayReach(principal: Principal, record: Pick<ProtectedRecord, 'siteId' | 'patientIds'>, audience: Audience = 'patient-or-site'): boolean {
  if (principal.role === 'patient') return audience === 'patient-or-site' && !!principal.patientId && record.patientIds.includes(principal.patientId);
  return canAccessSite(principal, record.siteId);
}

/**
 * The one door to patients' data (as immich's requireAccess): every service asks here before it
 * shows or changes a record, and the answer is both the check and the audit entry. A record the
 * caller may not reach answers 404, exactly as a missing one, and the refusal interceptor logs it;
 * one that may be reached is logged, one entry per patient whose data it holds.
 */
@Injectable()
export class AccessService {
  constructor(private readonly audit: AuditService) {}

  /** Refuses the whole request if any record is out of reach; otherwise logs the access. */
  async require(actor: Actor, request: AccessRequest): Promise<void> {
    const refused = request.records.find((record) => !mayReach(actor, record, request.audience));
    if (refused) throw hiddenRecord(request.resource.replace(/_/g, ' '), refused.id, refused.patientIds);
    await this.log(actor, request);
  }

  /**
   * Logs an access already allowed: rows a query limited to what the caller may reach (their site's,
   * or a patient's own), a record just created, or a change whose check came earlier. A calendar
   * feed's reader has no session, so the caller may be any AuditActor.
   */
  async log(actor: AuditActor, { action, resource, records, manager }: Omit<AccessRequest, 'audience' | 'records'> & { records: readonly LoggedRecord[] }): Promise<void> {
    const targets = records.flatMap((record) => record.patientIds.map((patientId) => ({ patientId, resourceId: record.id })));
    await this.audit.record(actor, action, resource, targets, manager);
  }

  /**
   * Logs a change to a record that holds no patient's data (a staff member's hours or absences, a
   * room), whose check came earlier: one entry naming the record and no patient, in the change's
   * transaction.
   */
  async logChange(actor: Actor, { resource, id, manager }: { resource: string; id: string; manager: EntityManager }): Promise<void> {
    await this.audit.record(actor, 'update', resource, [{ patientId: null, resourceId: id }], manager);
  }
}
