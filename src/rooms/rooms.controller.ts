import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../access/access.decorators';
import { Actor } from '../access/principal';
import { uuidPipe } from '../common/validation';
import { CreateRoomDto, RoomDto, RoomQueryDto } from './rooms.dto';
import { RoomsService } from './rooms.service';

@ApiTags('rooms')
@Roles('admin', 'coordinator', 'clinician')
@Controller('rooms')
export class RoomsController {
  constructor(private readonly rooms: RoomsService) {}

  @Roles('admin', 'coordinator')
  @Post()
  create(@CurrentActor() actor: Actor, @Body() dto: CreateRoomDto): Promise<RoomDto> {
    return this.rooms.create(actor, dto);
  }

  @Get()
  list(@CurrentActor() actor: Actor, @Query() query: RoomQueryDto): Promise<RoomDto[]> {
    return this.rooms.list(actor, query);
  }

  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<RoomDto> {
    return this.rooms.get(actor, id);
  }
}
