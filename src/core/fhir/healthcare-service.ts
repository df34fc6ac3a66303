import type { HealthcareService } from '@medplum/fhirtypes';
import { siteContact, SiteView } from './location';

/**
 * The one service a site gives: multimodal pain rehabilitation, at the site (its Location), with
 * the phone patients are given. Its id is the site's.
 */
export function healthcareServiceResource(site: SiteView): HealthcareService {
  const { telecom } = siteContact(site);
  return {
    resourceType: 'HealthcareService',
    id: site.id,
    active: true,
    type: [{ text: 'Multimodal pain rehabilitation' }],
    location: [{ reference: `Location/${site.id}`, display: site.name }],
    name: site.name,
    ...(telecom ? { telecom } : {}),
  };
}
