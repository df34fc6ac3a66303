import { ForbiddenException, HttpException, HttpStatus } from '@nestjs/common';
import { notFound } from '../common/api-errors';
import { problemText } from '../core/problem-codes';
import { Role } from '../core/vocabulary';
import { Principal } from './principal';

/** What a refused access reached for, as the audit log keeps it. */
export interface RefusedTarget {
  /** e.g. `patient`, `staff_member`, `site`. */
  resource: string;
  resourceId: string;
  /** The patients whose data it was, when it was a patient's. */
  patientIds: readonly string[];
}

/**
 * An access refused because the data is another patient's or another site's. A record named by its
 * id answers 404, exactly as one that does not exist, so its existence is not revealed; another
 * site named in a filter or a body answers 403 (the sites are no secret). Either way the audit
 * interceptor logs it as refused, so every refusal is logged in one place.
 */
export class AccessRefused extends HttpException {
  constructor(
    readonly target: RefusedTarget,
    status: HttpStatus.NOT_FOUND | HttpStatus.FORBIDDEN,
  ) {
    super(
      status === HttpStatus.NOT_FOUND
        ? notFound(target.resource.replace(/_/g, ' '), target.resourceId).getResponse()
        : { statusCode: status, error: 'Forbidden', code: 'access.other_site', params: {}, message: problemText('access.other_site') },
      status,
    );
  }
}

/** A record the caller may not see, named by its id: a 404 like a missing one, logged as refused. */
export function hiddenRecord(what: string, id: string, patientIds: readonly string[] = []): AccessRefused {
  return new AccessRefused({ resource: what.replace(/ /g, '_'), resourceId: id, patientIds }, HttpStatus.NOT_FOUND);
}

/** Admins see every site; everyone else works at one site and sees only that one. */
export function canAccessSite(principal: Principal, siteId: string): boolean {
  return principal.role === 'admin' || principal.siteId === siteId;
}

/** For a site the caller names in a body or a filter: another site's is a 403. */
export function assertSiteAccess(principal: Principal, siteId: string): void {
  if (!canAccessSite(principal, siteId)) throw new AccessRefused({ resource: 'site', resourceId: siteId, patientIds: [] }, HttpStatus.FORBIDDEN);
}

/** For a record named by its id in the path: another site's answers 404, as if it did not exist. */
export function assertSiteRecord(principal: Principal, record: { siteId: string }, what: string, id: string, patientIds: readonly string[] = []): void {
  if (!canAccessSite(principal, record.siteId)) throw hiddenRecord(what, id, patientIds);
}

/** The same for a record only its site's staff see: a patient is answered 404 too. */
export function assertStaffRecord(principal: Principal, record: { siteId: string }, what: string, id: string, patientIds: readonly string[] = []): void {
  if (principal.role === 'patient') throw hiddenRecord(what, id, patientIds);
  assertSiteRecord(principal, record, what, id, patientIds);
}

/** One patient's record (their episode, program, assessment): the patient sees their own, staff their site's. */
export function canSeePatientRecord(principal: Principal, record: { siteId: string; patientId: string }): boolean {
  return principal.role === 'patient' ? principal.patientId === record.patientId : canAccessSite(principal, record.siteId);
}

/** A patient's record the caller may not see answers 404, so its existence is not revealed either. */
export function assertPatientRecord(principal: Principal, record: { siteId: string; patientId: string }, what: string, id: string): void {
  if (!canSeePatientRecord(principal, record)) throw hiddenRecord(what, id, [record.patientId]);
}

/** A patient sees only their own record; staff see the patients of their site. */
export function assertPatientAccess(principal: Principal, patient: { id: string; siteId: string }): void {
  assertPatientRecord(principal, { siteId: patient.siteId, patientId: patient.id }, 'patient', patient.id);
}

/** The site whose data a list request may show: the caller's own, or any for an admin who names one. */
export function scopedSiteId(principal: Principal, requested?: string): string | undefined {
  if (principal.role === 'admin') return requested;
  if (requested) assertSiteAccess(principal, requested);
  return principal.siteId ?? undefined;
}

/** The caller's role is one of `roles` (a route's @Roles, checked by the access guard, or a FHIR interaction's): a 403 otherwise. */
export function requireRole(principal: Principal, roles: readonly Role[]): void {
  if (!roles.includes(principal.role)) throw new ForbiddenException(`this needs one of the roles: ${roles.join(', ')}`);
}
