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

/** Any of a room's fields; the others stay. */
export class UpdateRoomDto {
  @Optional()
  @IsString()
  @Length(1, 200)
  name?: string;

  @Optional()
  @IsIn(ROOM_KINDS)
  kind?: RoomKind;

  /** Patients the room holds. */
  @Optional()
  @IsInt()
  @Min(1)
  @Max(100)
  capacity?: number;
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
  /** The first local date the room is no longer planned or booked; null while in use. */
  deactivatedFrom: string | null;
}

/** A change to a room, with the booked visits it no longer suits: none is moved. */
export class RoomChangeDto {
  room: RoomDto;
  /**
   * Booked appointments in the room that the change leaves without a fitting room: from the
   * deactivation date on, or from now on those with more patients than the new capacity, or all
   * of them when the kind changes (they were planned for the old kind).
   */
  affectedAppointmentIds: string[];
}
