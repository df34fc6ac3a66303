import type { Schedule } from '@medplum/fhirtypes';
import { LocalDate } from '../time/local-time';
import { inUse } from './in-use';

/** Whose time a Schedule is: a staff member (Practitioner) or a room (Location); its id is theirs. */
export interface ScheduleOwner {
  kind: 'staff' | 'room';
  id: string;
  name: string;
  /** The first local date they are no longer planned or booked; null while in use. */
  deactivatedFrom: LocalDate | null;
}

/** The Schedule of a staff member or a room: active until the date they go out of use. */
export function toFhirSchedule(owner: ScheduleOwner, today: LocalDate): Schedule {
  return {
    resourceType: 'Schedule',
    id: owner.id,
    active: inUse(owner, today),
    actor: [{ reference: `${owner.kind === 'staff' ? 'Practitioner' : 'Location'}/${owner.id}`, display: owner.name }],
  };
}
