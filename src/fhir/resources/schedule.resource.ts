import { Injectable } from '@nestjs/common';
import type { Schedule } from '@medplum/fhirtypes';
import type { Actor } from '../../access/principal';
import { requireRole } from '../../access/site-access';
import { notFound } from '../../common/api-errors';
import { ScheduleOwner, toFhirSchedule } from '../../core/fhir/schedule';
import { localDateOf } from '../../core/time/local-time';
import { Role } from '../../core/vocabulary';
import { RoomsService } from '../../rooms/rooms.service';
import { SitesService } from '../../sites/sites.service';
import { StaffService } from '../../staff/staff.service';
import { FhirPage, FhirResourceType, FhirSearch, FhirSearchParam } from '../fhir-resources';
import { isUuid, missingAsUndefined, onPage, referenceId, single } from '../fhir-search';

/** Who reads staff members and rooms on the REST API (GET /staff, /rooms): the site's staff. */
export const REGISTER_READERS: readonly Role[] = ['admin', 'coordinator', 'clinician'];

/** A Schedule's owner with the site it belongs to. */
export type SiteScheduleOwner = ScheduleOwner & { siteId: string };

/** A staff member's or a room's Schedule (id = theirs), read through StaffService and RoomsService. */
@Injectable()
export class ScheduleResource implements FhirResourceType {
  readonly type = 'Schedule';
  readonly searchParams: readonly FhirSearchParam[] = [
    { name: '_id', type: 'token', documentation: "The staff member's or room's id." },
    { name: 'actor', type: 'reference', documentation: 'Whose schedule: Practitioner/<staff id> or Location/<room id>.' },
  ];

  constructor(
    private readonly staff: StaffService,
    private readonly rooms: RoomsService,
    private readonly sites: SitesService,
  ) {}

  async read(actor: Actor, id: string): Promise<Schedule> {
    requireRole(actor, REGISTER_READERS);
    return this.toSchedule(await this.owner(actor, id));
  }

  async search(actor: Actor, search: FhirSearch): Promise<FhirPage> {
    requireRole(actor, REGISTER_READERS);
    const owners = (await this.owners(actor, search)).sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
    return { resources: await Promise.all(onPage(owners, search).map((owner) => this.toSchedule(owner))), total: owners.length };
  }

  /** The staff member or room whose Schedule has this id, as the caller may see it; neither is a 404. */
  async owner(actor: Actor, id: string): Promise<SiteScheduleOwner> {
    const owner = isUuid(id) ? ((await this.member(actor, id)) ?? (await this.room(actor, id))) : undefined;
    if (!owner) throw notFound('Schedule', id);
    return owner;
  }

  private async owners(actor: Actor, search: FhirSearch): Promise<SiteScheduleOwner[]> {
    const id = single(search, '_id');
    const named = single(search, 'actor');
    if (named) {
      const reference = referenceId('actor', named, ['Practitioner', 'Location']);
      const owner = reference.type === 'Practitioner' ? await this.member(actor, reference.id) : await this.room(actor, reference.id);
      return owner && (!id || id.toLowerCase() === owner.id) ? [owner] : [];
    }
    // An id is found as a read finds it: one not of ours (even left empty) is not found.
    if (id !== undefined) return [await this.owner(actor, id)];
    const [members, rooms] = await Promise.all([this.staff.list(actor, {}), this.rooms.list(actor, {})]);
    return [...members.map(staffOwner), ...rooms.map(roomOwner)];
  }

  /** The staff member, or undefined when there is none (another site's is refused as REST refuses it). */
  private async member(actor: Actor, id: string): Promise<SiteScheduleOwner | undefined> {
    const member = await this.staff.get(actor, id).catch(missingAsUndefined);
    return member && staffOwner(member);
  }

  private async room(actor: Actor, id: string): Promise<SiteScheduleOwner | undefined> {
    const room = await this.rooms.get(actor, id).catch(missingAsUndefined);
    return room && roomOwner(room);
  }

  private async toSchedule(owner: SiteScheduleOwner): Promise<Schedule> {
    const { timeZone } = await this.sites.get(owner.siteId);
    return toFhirSchedule(owner, localDateOf(Date.now(), timeZone));
  }
}

type Owned = Pick<SiteScheduleOwner, 'id' | 'name' | 'deactivatedFrom' | 'siteId'>;
const staffOwner = ({ id, name, deactivatedFrom, siteId }: Owned): SiteScheduleOwner => ({ kind: 'staff', id, name, deactivatedFrom, siteId });
const roomOwner = ({ id, name, deactivatedFrom, siteId }: Owned): SiteScheduleOwner => ({ kind: 'room', id, name, deactivatedFrom, siteId });
