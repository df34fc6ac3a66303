import { Injectable } from '@nestjs/common';
import type { EpisodeOfCare } from '@medplum/fhirtypes';
import type { Actor } from '../../access/principal';
import { notFound } from '../../common/api-errors';
import { EPISODE_OF_CARE_STATUSES, episodeOfCareOf, phasesOf } from '../../core/fhir/episode-of-care';
import { EpisodeViews } from '../../episodes/episode-views';
import { SitesService } from '../../sites/sites.service';
import { FhirPage, FhirResourceType, FhirSearch } from '../fhir-resources';
import { isUuid, onPage, pageOf, patientSearched, single, tokenCodes } from '../fhir-search';

/** The episode with its phases as an EpisodeOfCare, read as GET /episodes and /episodes/:id read it. */
@Injectable()
export class EpisodeOfCareResource implements FhirResourceType {
  readonly type = 'EpisodeOfCare';
  readonly searchParams = [
    { name: '_id', type: 'token', documentation: 'The episode id.' },
    { name: 'patient', type: 'reference', documentation: 'Patient/<id>: the patient’s episodes (a patient: their own).' },
    { name: 'status', type: 'token', documentation: 'waitlist (referred), active (assessment, rehabilitation or other measures), finished (discharged, followed up).' },
  ] as const;

  constructor(
    private readonly episodes: EpisodeViews,
    private readonly sites: SitesService,
  ) {}

  async read(actor: Actor, id: string): Promise<EpisodeOfCare> {
    if (!isUuid(id)) throw notFound(this.type, id);
    const episode = await this.episodes.get(actor, id);
    return episodeOfCareOf({ ...episode, siteName: (await this.sites.get(episode.siteId)).name });
  }

  /** The matching episodes, newest first; the page's are read whole (as GET /episodes/:id), so a match is the same resource as a read. */
  async search(actor: Actor, search: FhirSearch): Promise<FhirPage> {
    const patientId = patientSearched(actor, search);
    const statuses = tokenCodes(search, 'status', EPISODE_OF_CARE_STATUSES);
    const id = single(search, '_id');
    if (id !== undefined) {
      const episode = await this.read(actor, id);
      const matches = (!patientId || episode.patient.reference === `Patient/${patientId}`) && (!statuses || statuses.includes(episode.status));
      return pageOf(matches ? [episode] : [], search);
    }
    const phases = statuses ? phasesOf(statuses) : [undefined];
    const found = (await Promise.all(phases.map((phase) => this.episodes.find(actor, { patientId, phase })))).flat();
    found.sort((a, b) => b.startedOn.localeCompare(a.startedOn) || a.id.localeCompare(b.id));
    return { resources: await Promise.all(onPage(found, search).map((episode) => this.read(actor, episode.id))), total: found.length };
  }
}
