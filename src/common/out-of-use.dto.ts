import { DATE_WINDOWS } from '../core/time/date-windows';
import { IsLocalDate } from './validators';

/** Takes a staff member or a room out of use from a local date of the site on. */
export class DeactivateDto {
  /** The first local date the staff member or room is no longer planned or booked. */
  @IsLocalDate(DATE_WINDOWS.booking)
  from: string;
}
