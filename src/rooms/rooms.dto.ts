import { IsIn, IsInt, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import { RoomKind, ROOM_KINDS } from '../core/vocabulary';
import { Optional } from '../common/validators';

export class CreateRoomDto {
  @IsUUID()
  siteId: string;

  @IsString()
  @Length(1, 200)
  name: string;

  @IsIn(ROOM_KINDS)
  kind: RoomKind;

  /** Patients the room holds. */
  @IsInt()
  @Min(1)
  @Max(100)
  capacity: number;
}

export class RoomQueryDto {
  @Optional()
  @IsUUID()
  siteId?: string;

  @Optional()
  @IsIn(ROOM_KINDS)
  kind?: RoomKind;
}

export class RoomDto {
  id: string;
  siteId: string;
  name: string;
  kind: RoomKind;
  capacity: number;
}
