import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Principal } from '../access/principal';
import { assertSiteAccess, assertSiteRecord, scopedSiteId } from '../access/site-access';
import { notFound, stateConflict } from '../common/api-errors';
import { SitesService } from '../sites/sites.service';
import { CreateRoomDto, RoomDto, RoomQueryDto } from './rooms.dto';
import { Room } from './room.entity';

@Injectable()
export class RoomsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly sites: SitesService,
  ) {}

  async create(actor: Principal, dto: CreateRoomDto): Promise<RoomDto> {
    assertSiteAccess(actor, dto.siteId);
    await this.sites.requireReferenced(dto.siteId);
    if (await this.db.getRepository(Room).existsBy({ siteId: dto.siteId, name: dto.name })) {
      throw stateConflict(`the site has a room named ${dto.name} already`);
    }
    return toRoomDto(await this.db.getRepository(Room).save(dto));
  }

  async list(actor: Principal, query: RoomQueryDto): Promise<RoomDto[]> {
    const siteId = scopedSiteId(actor, query.siteId);
    const rooms = await this.db.getRepository(Room).find({
      where: { ...(siteId && { siteId }), ...(query.kind && { kind: query.kind }) },
      order: { name: 'ASC' },
    });
    return rooms.map(toRoomDto);
  }

  async get(actor: Principal, id: string): Promise<RoomDto> {
    const room = await this.db.getRepository(Room).findOneBy({ id });
    if (!room) throw notFound('room', id);
    assertSiteRecord(actor, room, 'room', id);
    return toRoomDto(room);
  }
}

function toRoomDto(room: Room): RoomDto {
  return { id: room.id, siteId: room.siteId, name: room.name, kind: room.kind, capacity: room.capacity };
}
