import { Injectable } from '@nestjs/common';
import type { HealthcareService } from '@medplum/fhirtypes';
import type { Actor } from '../../access/principal';
import { assertSiteAccess } from '../../access/site-access';
import { notFound } from '../../common/api-errors';
import { healthcareServiceResource } from '../../core/fhir/healthcare-service';
import { SiteDto } from '../../sites/sites.dto';
import { FhirPage, FhirResourceType, FhirSearch, FhirSearchParam } from '../fhir-resources';
import { isUuid, pageOf, referenceId, single } from '../fhir-search';
import { SiteRegister } from './site-register';

/** Each site's multimodal pain rehabilitation (id = the site's), as GET /sites/:id shows the site: to its staff and patients. */
@Injectable()
export class HealthcareServiceResource implements FhirResourceType {
  readonly type = 'HealthcareService';
  readonly searchParams: readonly FhirSearchParam[] = [{ name: 'location', type: 'reference', documentation: 'The site: Location/<site id>.' }];

  constructor(private readonly sites: SiteRegister) {}

  async read(actor: Actor, id: string): Promise<HealthcareService> {
    if (!isUuid(id)) throw notFound(this.type, id);
    return this.serviceOf(await this.sites.visible(actor, id));
  }

  /** The services of the sites in the caller's reach, or of the one `location` names: another site's is a 403, as a filter naming it is on REST; a room or unknown id has none. */
  async search(actor: Actor, search: FhirSearch): Promise<FhirPage> {
    const location = single(search, 'location');
    const sites = location === undefined ? await this.sites.inReach(actor) : await this.namedSite(actor, referenceId('location', location, ['Location']).id);
    return pageOf(await Promise.all(sites.map((site) => this.serviceOf(site))), search);
  }

  private async namedSite(actor: Actor, siteId: string): Promise<SiteDto[]> {
    const site = (await this.sites.all()).get(siteId);
    if (site) assertSiteAccess(actor, site.id);
    return site ? [site] : [];
  }

  private async serviceOf(site: SiteDto): Promise<HealthcareService> {
    return healthcareServiceResource(await this.sites.view(site));
  }
}
