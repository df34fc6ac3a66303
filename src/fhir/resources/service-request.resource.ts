import { Injectable } from '@nestjs/common';
import type { ServiceRequest } from '@medplum/fhirtypes';
import type { Actor } from '../../access/principal';
import { requireRole } from '../../access/site-access';
import { notFound } from '../../common/api-errors';
import { referralStatusesOf, SERVICE_REQUEST_STATUSES, ServiceRequestStatus, serviceRequestOf } from '../../core/fhir/service-request';
import { Role } from '../../core/vocabulary';
import { EpisodeViews } from '../../episodes/episode-views';
import { ReferralDto } from '../../referrals/referrals.dto';
import { ReferralsService } from '../../referrals/referrals.service';
import { FhirResourceType, FhirSearch, FhirPage } from '../fhir-resources';
import { isUuid, pageOf, patientSearched, single, tokenCodes } from '../fhir-search';

/** Who reads referrals, as GET /referrals allows: the site's staff, not patients. */
const READERS: readonly Role[] = ['admin', 'coordinator', 'clinician'];

/** The referral (remiss) as a ServiceRequest, read as GET /referrals and /referrals/:id read it. */
@Injectable()
export class ServiceRequestResource implements FhirResourceType {
  readonly type = 'ServiceRequest';
  readonly searchParams = [
    { name: '_id', type: 'token', documentation: 'The referral id.' },
    { name: 'patient', type: 'reference', documentation: 'Patient/<id>: the patient’s referrals.' },
    { name: 'subject', type: 'reference', documentation: 'The same as patient.' },
    { name: 'status', type: 'token', documentation: 'draft (incomplete), active (awaiting decision or accepted), on-hold (more information asked for), revoked (rejected).' },
  ] as const;

  constructor(
    private readonly referrals: ReferralsService,
    private readonly episodes: EpisodeViews,
  ) {}

  async read(actor: Actor, id: string): Promise<ServiceRequest> {
    requireRole(actor, READERS);
    if (!isUuid(id)) throw notFound(this.type, id);
    return serviceRequestOf(await this.referrals.get(actor, id));
  }

  async search(actor: Actor, search: FhirSearch): Promise<FhirPage> {
    requireRole(actor, READERS);
    const patientId = patientSearched(actor, search, ['patient', 'subject']);
    const statuses = tokenCodes(search, 'status', SERVICE_REQUEST_STATUSES);
    const id = single(search, '_id');
    const found = id !== undefined ? [await this.read(actor, id)] : (await (patientId ? this.ofPatient(actor, patientId) : this.inStatuses(actor, statuses))).map(serviceRequestOf);
    return pageOf(
      found.filter((request) => (!patientId || request.subject.reference === `Patient/${patientId}`) && (!statuses || statuses.includes(request.status))),
      search,
    );
  }

  /** The patient's referrals: each opened an episode, so they are those of the patient's episodes. */
  private async ofPatient(actor: Actor, patientId: string): Promise<ReferralDto[]> {
    const episodes = await this.episodes.find(actor, { patientId });
    return Promise.all(episodes.map((episode) => this.referrals.get(actor, episode.referralId)));
  }

  /** The site's referrals in the statuses of ours these stand for (all without), in queue order. */
  private async inStatuses(actor: Actor, statuses: readonly ServiceRequestStatus[] | undefined): Promise<ReferralDto[]> {
    const ours = statuses ? referralStatusesOf(statuses) : [undefined];
    return (await Promise.all(ours.map((status) => this.referrals.list(actor, { status })))).flat();
  }
}
