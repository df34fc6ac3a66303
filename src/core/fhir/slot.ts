import type { Slot } from '@medplum/fhirtypes';
import { formatInstant } from '../time/local-time';

/**
 * A Slot is computed, never stored: a stretch of a schedule's time, free (from find-a-time) or
 * busy (a booked visit). Its id says which, so reading it recomputes it:
 * `<scheduleId>.<start in epoch minutes, base 36>.<minutes>`, at most 64 characters of FHIR's id alphabet.
 */
export interface SlotTime {
  scheduleId: string;
  /** Epoch ms. */
  start: number;
  end: number;
  status: 'free' | 'busy';
}

const MINUTE = 60_000;
const SLOT_ID = /^([0-9a-f-]{36})\.([0-9a-z]{1,9})\.(\d{1,4})$/;

export function slotId(slot: Pick<SlotTime, 'scheduleId' | 'start' | 'end'>): string {
  return `${slot.scheduleId}.${Math.floor(slot.start / MINUTE).toString(36)}.${Math.round((slot.end - slot.start) / MINUTE)}`;
}

/** The schedule and time a Slot id names, or undefined when it is not one of ours. */
export function parseSlotId(id: string): Pick<SlotTime, 'scheduleId' | 'start' | 'end'> | undefined {
  const match = SLOT_ID.exec(id);
  if (!match) return undefined;
  const start = parseInt(match[2], 36) * MINUTE;
  const minutes = Number(match[3]);
  return minutes > 0 ? { scheduleId: match[1], start, end: start + minutes * MINUTE } : undefined;
}

export function toFhirSlot(slot: SlotTime, zone: string): Slot {
  return {
    resourceType: 'Slot',
    id: slotId(slot),
    schedule: { reference: `Schedule/${slot.scheduleId}` },
    status: slot.status,
    start: formatInstant(slot.start, zone),
    end: formatInstant(slot.end, zone),
  };
}
