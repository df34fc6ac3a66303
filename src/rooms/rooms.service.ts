import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AccessService } from '../access/access.service';
import { Actor, Principal } from '../access/principal';
import { assertSiteAccess, assertSiteRecord, scopedSiteId } from '../access/site-access';
import { notFound, stateConflict } from '../common/api-errors';
import { DeactivateDto } from '../common/out-of-use.dto';
import { localToInstant } from '../core/time/local-time';
import { SitesService } from '../sites/sites.service';
import { CreateRoomDto, RoomChangeDto, RoomDto, RoomQueryDto, UpdateRoomDto } from './rooms.dto';
import { Room } from './room.entity';
import { RoomsRepository } from './rooms.repository';

@Injectable()
export class RoomsService {
  constructor(
    private readonly repository: RoomsRepository,
    private readonly sites: SitesService,
    private readonly access: AccessService,
  ) {}

  async create(actor: Principal, dto: CreateRoomDto): Promise<RoomDto> {
    assertSiteAccess(actor, dto.siteId);
    await this.sites.requireReferenced(dto.siteId);
    if (await this.repository.nameTaken(dto.siteId, dto.name)) {
      throw stateConflict('room.name_taken', { room: dto.name });
    }
    return toRoomDto(await this.repository.add(dto));
  }

  async list(actor: Principal, query: RoomQueryDto): Promise<RoomDto[]> {
    const siteId = scopedSiteId(actor, query.siteId);
    const rooms = await this.repository.list({ siteId, kind: query.kind });
    return rooms.map(toRoomDto);
  }

  async get(actor: Principal, id: string): Promise<RoomDto> {
    return toRoomDto(await this.find(actor, id));
  }

  /**
   * A new name, kind or capacity, at once. Nothing booked moves: the answer lists the booked visits
   * from now on the room no longer suits (too many patients, or planned for the old kind).
   */
  async update(actor: Actor, id: string, dto: UpdateRoomDto): Promise<RoomChangeDto> {
    return this.change(actor, id, async (manager, room) => {
      if (dto.name !== undefined && dto.name !== room.name && (await this.repository.nameTaken(room.siteId, dto.name, manager))) {
        throw stateConflict('room.name_taken', { room: dto.name });
      }
      const given = Object.entries({ name: dto.name, kind: dto.kind, capacity: dto.capacity }).filter(([, value]) => value !== undefined);
      const saved = given.length ? await this.repository.save(manager, id, Object.fromEntries(given)) : room;
      const kindChanged = saved.kind !== room.kind;
      const visits = await this.repository.bookedVisits(manager, id, new Date());
      return { saved, affected: visits.filter((visit) => kindChanged || visit.patients > saved.capacity) };
    });
  }

  /** Out of use from the date: not planned or booked from then on; the answer lists its booked visits from that date. */
  async deactivate(actor: Actor, id: string, dto: DeactivateDto): Promise<RoomChangeDto> {
    return this.change(actor, id, async (manager, room) => {
      if (room.deactivatedFrom) throw stateConflict('room.out_of_use_already', { room: room.name, date: room.deactivatedFrom });
      const { timeZone } = await this.sites.get(room.siteId, manager);
      const saved = await this.repository.save(manager, id, { deactivatedFrom: dto.from });
      return { saved, affected: await this.repository.bookedVisits(manager, id, localToInstant(dto.from, '00:00', timeZone)) };
    });
  }

  /** One transaction with the room (of the caller's site) held FOR UPDATE: the change, its audit entry and the visits it affects. */
  private async change(
    actor: Actor,
    id: string,
    changed: (manager: EntityManager, room: Room) => Promise<{ saved: Room; affected: { id: string }[] }>,
  ): Promise<RoomChangeDto> {
    await this.find(actor, id);
    return this.repository.transaction(async (manager) => {
      const room = await this.repository.lock(manager, id);
      if (!room) throw notFound('room', id);
      const { saved, affected } = await changed(manager, room);
      await this.access.logChange(actor, { resource: 'room', id, manager });
      return { room: toRoomDto(saved), affectedAppointmentIds: affected.map((visit) => visit.id) };
    });
  }

  private async find(actor: Principal, id: string): Promise<Room> {
    const room = await this.repository.findById(id);
    if (!room) throw notFound('room', id);
    assertSiteRecord(actor, room, 'room', id);
    return room;
  }
}

function toRoomDto(room: Room): RoomDto {
  return { id: room.id, siteId: room.siteId, name: room.name, kind: room.kind, capacity: room.capacity, deactivatedFrom: room.deactivatedFrom };
}
