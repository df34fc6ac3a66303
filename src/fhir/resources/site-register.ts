import { Injectable } from '@nestjs/common';
import type { Principal } from '../../access/principal';
import { assertSiteRecord, canAccessSite } from '../../access/site-access';
import { SiteView } from '../../core/fhir/location';
import { LocalDate, localDateOf } from '../../core/time/local-time';
import { SiteDto } from '../../sites/sites.dto';
import { SitesService, toSiteDto } from '../../sites/sites.service';

/**
 * The sites as the FHIR registers read them (Location, HealthcareService, PractitionerRole): who
 * may see which, as GET /sites/:id decides, and the contact each gives its patients.
 */
@Injectable()
export class SiteRegister {
  constructor(private readonly sites: SitesService) {}

  /** Every site by id (GET /sites lists them to anyone): to tell a site's id from another id. */
  async all(): Promise<Map<string, SiteDto>> {
    return new Map((await this.sites.list()).map((site) => [site.id, site]));
  }

  /** The sites the caller may see: an admin every one, anyone else their own. */
  async inReach(actor: Principal): Promise<SiteDto[]> {
    return [...(await this.all()).values()].filter((site) => canAccessSite(actor, site.id));
  }

  /** A site named by its id, as GET /sites/:id answers: another site's is a 404 as a missing one, logged as refused. */
  async visible(actor: Principal, id: string): Promise<SiteDto> {
    const site = toSiteDto(await this.sites.get(id));
    assertSiteRecord(actor, { siteId: site.id }, 'site', id);
    return site;
  }

  /** The site with the phone and address it gives its patients (its patientService settings). */
  async view(site: SiteDto): Promise<SiteView> {
    const { patientService } = await this.sites.settings(site.id);
    return { id: site.id, name: site.name, phone: patientService.phone ?? null, address: patientService.address ?? null };
  }
}

/** The site's date now: what decides whether a staff member or room is still in use. */
export function todayAt(site: Pick<SiteDto, 'timeZone'>): LocalDate {
  return localDateOf(new Date(), site.timeZone);
}
