import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../access/access.decorators';
import { Actor } from '../access/principal';
import { uuidPipe } from '../common/validation';
import { DeactivateDto } from '../common/out-of-use.dto';
import { CreateRoomDto, RoomChangeDto, RoomDto, RoomQueryDto, UpdateRoomDto } from './rooms.dto';
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

  /** New name, kind or capacity; lists the booked visits the room no longer suits, moving none. */
  @Roles('admin', 'coordinator')
  @Patch(':id')
  update(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string, @Body() dto: UpdateRoomDto): Promise<RoomChangeDto> {
    return this.rooms.update(actor, id, dto);
  }

  /** Out of use from a date: not planned or booked from then on; lists its booked visits from that date, moving none. */
  @Roles('admin', 'coordinator')
  @Post(':id/deactivate')
  @HttpCode(200)
  deactivate(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string, @Body() dto: DeactivateDto): Promise<RoomChangeDto> {
    return this.rooms.deactivate(actor, id, dto);
  }
}
