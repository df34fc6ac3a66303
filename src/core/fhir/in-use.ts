import { LocalDate } from '../time/local-time';

/**
 * Whether a staff member or room is in use on `today` (the site's date): until the date they go out
 * of use (deactivatedFrom), on which they are no longer planned or booked.
 */
export function inUse(record: { deactivatedFrom: LocalDate | null }, today: LocalDate): boolean {
  return record.deactivatedFrom === null || record.deactivatedFrom > today;
}
