import { IsInt, IsUUID, Max, Min } from 'class-validator';
import { IsLocalTime, Optional } from '../common/validators';

// What a planning request may say about the patient and the staff, for every planner's request.

export class UnavailableTimeDto {
  /** ISO weekday (Monday = 1); without times the whole day. */
  @Optional() @IsInt() @Min(1) @Max(7) weekday?: number;
  /** Local HH:mm; without a weekday every day (e.g. works mornings: start 08:00, end 12:00). */
  @Optional() @IsLocalTime() start?: string;
  @Optional() @IsLocalTime() end?: string;
}

export class PreferredStaffDto {
  @Optional() @IsUUID() nurse?: string;
  @Optional() @IsUUID() physician?: string;
  @Optional() @IsUUID() physiotherapist?: string;
  @Optional() @IsUUID() psychologist?: string;
  @Optional() @IsUUID() occupational_therapist?: string;
}
