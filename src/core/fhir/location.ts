import type { Address, ContactPoint, Location } from '@medplum/fhirtypes';
import { LocalDate } from '../time/local-time';
import { RoomKind } from '../vocabulary';
import { inUse } from './in-use';

const PHYSICAL_TYPES = 'http://terminology.hl7.org/CodeSystem/location-physical-type';

/** A site and the contact its patients are given (its patientService settings), as the register holds them. */
export interface SiteView {
  id: string;
  name: string;
  /** As patients dial it, e.g. "021-17 30 00"; null when the site gives none. */
  phone: string | null;
  /** One text, e.g. "Östra Ringvägen 2, Västerås"; null when the site gives none. */
  address: string | null;
}

/** A room as the register shows it (RoomDto). */
export interface RoomView {
  id: string;
  siteId: string;
  name: string;
  kind: RoomKind;
  deactivatedFrom: LocalDate | null;
}

/** The site's contact for patients, as FHIR's telecom and address (absent when it gives none). */
export function siteContact(site: SiteView): { telecom?: ContactPoint[]; address?: Address } {
  return {
    ...(site.phone ? { telecom: [{ system: 'phone', value: site.phone }] } : {}),
    ...(site.address ? { address: { text: site.address } } : {}),
  };
}

/** A site as a Location of physical type site, with its contact for patients. */
export function siteLocation(site: SiteView): Location {
  return {
    resourceType: 'Location',
    id: site.id,
    status: 'active',
    name: site.name,
    mode: 'instance',
    ...siteContact(site),
    physicalType: { coding: [{ system: PHYSICAL_TYPES, code: 'si', display: 'Site' }] },
  };
}

/** A room as a Location of physical type room, part of its site, its kind as the type, inactive once out of use. */
export function roomLocation(room: RoomView, site: Pick<SiteView, 'id' | 'name'>, today: LocalDate): Location {
  return {
    resourceType: 'Location',
    id: room.id,
    status: inUse(room, today) ? 'active' : 'inactive',
    name: room.name,
    mode: 'instance',
    type: [{ text: room.kind.replace(/_/g, ' ') }],
    physicalType: { coding: [{ system: PHYSICAL_TYPES, code: 'ro', display: 'Room' }] },
    partOf: { reference: `Location/${site.id}`, display: site.name },
  };
}
