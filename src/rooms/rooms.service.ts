import { Injectable } from '@nestjs/common';
import { Principal } from '../access/principal';
import { assertSiteAccess, assertSiteRecord, scopedSiteId } from '../access/site-access';
import { notFound, stateConflict } from '../common/api-errors';
import { SitesService } from '../sites/sites.service';
import { CreateRoomDto, RoomDto, RoomQueryDto } from './rooms.dto';
import { Room } from './room.entity';
import { RoomsRepository } from './rooms.repository';

@Injectable()
export class RoomsService {
  constructor(
    private readonly repository: RoomsRepository,
    private readonly sites: SitesService,
  ) {}

  async create(actor: Principal, dto: CreateRoomDto): Promise<RoomDto> {
    assertSiteAccess(actor, dto.siteId);
    await this.sites.requireReferenced(dto.siteId);
    if (await this.repository.nameTaken(dto.siteId, dto.name)) {
      throw stateConflict(`the site has a room named ${dto.name} already`);
    }
    return toRoomDto(await this.repository.add(dto));
  }

  async list(actor: Principal, query: RoomQueryDto): Promise<RoomDto[]> {
    const siteId = scopedSiteId(actor, query.siteId);
    const rooms = await this.repository.list({ siteId, kind: query.kind });
    return rooms.map(toRoomDto);
  }

  async get(actor: Principal, id: string): Promise<RoomDto> {
    const room = await this.repository.findById(id);
    if (!room) throw notFound('room', id);
    assertSiteRecord(actor, room, 'room', id);
    return toRoomDto(room);
  }
}

function toRoomDto(room: Room): RoomDto {
  return { id: room.id, siteId: room.siteId, name: room.name, kind: room.kind, capacity: room.capacity };
}
