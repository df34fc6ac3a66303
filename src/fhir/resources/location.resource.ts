import { Injectable } from '@nestjs/common';
import type { Location } from '@medplum/fhirtypes';
import type { Actor } from '../../access/principal';
import { requireRole } from '../../access/site-access';
import { notFound } from '../../common/api-errors';
import { roomLocation, siteLocation } from '../../core/fhir/location';
import { RoomDto } from '../../rooms/rooms.dto';
import { RoomsService } from '../../rooms/rooms.service';
import { SiteDto } from '../../sites/sites.dto';
import { FhirPage, FhirResourceType, FhirSearch, FhirSearchParam } from '../fhir-resources';
import { isUuid, pageOf, referenceId, single } from '../fhir-search';
import { REGISTER_READERS } from './schedule.resource';
import { SiteRegister, todayAt } from './site-register';

/**
 * Sites and their rooms (id = the site's or the room's). A site as GET /sites/:id shows it, to its
 * staff and patients; a room as GET /rooms/:id, to its site's staff (a patient is refused 403).
 */
@Injectable()
export class LocationResource implements FhirResourceType {
  readonly type = 'Location';
  readonly searchParams: readonly FhirSearchParam[] = [
    { name: '_id', type: 'token', documentation: "The site's or room's id." },
    { name: 'partof', type: 'reference', documentation: "The site whose rooms are asked for: Location/<site id> (staff only)." },
  ];

  constructor(
    private readonly sites: SiteRegister,
    private readonly rooms: RoomsService,
  ) {}

  async read(actor: Actor, id: string): Promise<Location> {
    if (!isUuid(id)) throw notFound(this.type, id);
    const sites = await this.sites.all();
    if (sites.has(id.toLowerCase())) return siteLocation(await this.sites.view(await this.sites.visible(actor, id)));
    requireRole(actor, REGISTER_READERS);
    const room = await this.rooms.get(actor, id);
    return locationOf(room, sites.get(room.siteId)!);
  }

  /** The sites in the caller's reach and, to staff, their rooms; or the rooms of the site `partof` names. */
  async search(actor: Actor, search: FhirSearch): Promise<FhirPage> {
    const id = single(search, '_id')?.toLowerCase();
    const partof = single(search, 'partof');
    const locations =
      partof === undefined
        ? [...(await this.siteLocations(actor)), ...(actor.role === 'patient' ? [] : await this.roomLocations(actor))]
        : await this.roomLocations(actor, referenceId('partof', partof, ['Location']).id);
    return pageOf(
      locations.filter((location) => id === undefined || location.id === id),
      search,
    );
  }

  private async siteLocations(actor: Actor): Promise<Location[]> {
    return Promise.all((await this.sites.inReach(actor)).map(async (site) => siteLocation(await this.sites.view(site))));
  }

  /** The rooms of the caller's site (an admin's: of every site), or of the site named: another site's is a 403 as GET /rooms?siteId= answers. */
  private async roomLocations(actor: Actor, siteId?: string): Promise<Location[]> {
    requireRole(actor, REGISTER_READERS);
    const sites = await this.sites.all();
    if (siteId !== undefined && !sites.has(siteId)) return [];
    const rooms = await this.rooms.list(actor, { siteId });
    return rooms.map((room) => locationOf(room, sites.get(room.siteId)!));
  }
}

function locationOf(room: RoomDto, site: SiteDto): Location {
  return roomLocation(room, site, todayAt(site));
}
