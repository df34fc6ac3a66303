import type { ServiceRequest } from '@medplum/fhirtypes';
import type { Referrer } from '../rules/referral-contents';
import type { ReferralStatus } from '../vocabulary';
import { oursMappedTo } from './status-map';

/** Every status R4 gives a ServiceRequest: what a search may name (some never occur here). */
export const SERVICE_REQUEST_STATUSES = ['draft', 'active', 'on-hold', 'revoked', 'completed', 'entered-in-error', 'unknown'] as const;
export type ServiceRequestStatus = (typeof SERVICE_REQUEST_STATUSES)[number];

/**
 * Our referral statuses as FHIR's. A referral lacking contents is a draft; one waiting for the
 * decision or accepted is in force (active); one asked to be completed waits (on-hold); a rejected
 * one is revoked. None is `completed`: the referral does not record the request fulfilled, the
 * patient's EpisodeOfCare (referralRequest) tells how far they have come.
 */
const FHIR_STATUS = {
  incomplete: 'draft',
  awaiting_decision: 'active',
  accepted: 'active',
  more_information_requested: 'on-hold',
  rejected: 'revoked',
} as const satisfies Record<ReferralStatus, ServiceRequestStatus>;

/** What the unit is asked for: a multimodal pain-rehabilitation assessment. */
export const REFERRAL_SERVICE = 'Multimodal smärtrehabilitering, bedömning';

/** Our statuses that FHIR calls one of `statuses`, for a search. */
export function referralStatusesOf(statuses: readonly ServiceRequestStatus[]): ReferralStatus[] {
  return oursMappedTo(FHIR_STATUS, statuses);
}

/** A referral as the API shows it (ReferralDto): what the mapping reads. */
export interface ReferralView {
  id: string;
  siteId: string;
  patientId: string;
  status: ReferralStatus;
  /** The local date it arrived. */
  receivedDate: string;
  referrer: Referrer;
  contents: { reasonForReferral?: string };
}

/**
 * The referral as a ServiceRequest: the patient, the referrer by name and unit (we hold their
 * words, not a Practitioner), the unit asked (its HealthcareService), and the reason when given.
 */
export function serviceRequestOf(referral: ReferralView): ServiceRequest {
  const reason = referral.contents.reasonForReferral;
  return {
    resourceType: 'ServiceRequest',
    id: referral.id,
    status: FHIR_STATUS[referral.status],
    intent: 'order',
    code: { text: REFERRAL_SERVICE },
    subject: { reference: `Patient/${referral.patientId}` },
    authoredOn: referral.receivedDate,
    requester: { display: `${referral.referrer.name}, ${referral.referrer.unit}` },
    performer: [{ reference: `HealthcareService/${referral.siteId}` }],
    ...(reason ? { reasonCode: [{ text: reason }] } : {}),
  };
}
