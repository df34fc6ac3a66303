import { ForbiddenException } from '@nestjs/common';
import { notFound } from '../common/api-errors';
import { Principal } from './principal';

/** Admins see every site; everyone else works at one site and sees only that one. */
export function canAccessSite(principal: Principal, siteId: string): boolean {
  return principal.role === 'admin' || principal.siteId === siteId;
}

export function assertSiteAccess(principal: Principal, siteId: string): void {
  if (!canAccessSite(principal, siteId)) throw new ForbiddenException('this belongs to another site');
}

/**
 * A patient sees only their own record; staff see the patients of their site. A record the caller
 * may not see answers 404, so its existence is not revealed either.
 */
export function assertPatientAccess(principal: Principal, patient: { id: string; siteId: string }): void {
  const allowed = principal.role === 'patient' ? principal.patientId === patient.id : canAccessSite(principal, patient.siteId);
  if (!allowed) throw notFound('patient', patient.id);
}

/** The site whose data a list request may show: the caller's own, or any for an admin who names one. */
export function scopedSiteId(principal: Principal, requested?: string): string | undefined {
  if (principal.role === 'admin') return requested;
  if (requested && requested !== principal.siteId) throw new ForbiddenException('this belongs to another site');
  return principal.siteId ?? undefined;
}
