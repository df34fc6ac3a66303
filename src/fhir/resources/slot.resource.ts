import { Injectable } from '@nestjs/common';
import type { Slot } from '@medplum/fhirtypes';
import type { Actor } from '../../access/principal';
import { requireRole } from '../../access/site-access';
import { AppointmentsService } from '../../appointments/appointments.service';
import { CalendarsService } from '../../calendars/calendars.service';
import { badRequest, notFound, problem } from '../../common/api-errors';
import { InstantWindow } from '../../core/fhir/date-search';
import { parseSlotId, slotId, SlotTime, toFhirSlot } from '../../core/fhir/slot';
import { addDays, daysBetween, localDateOf, localToInstant } from '../../core/time/local-time';
import { Role } from '../../core/vocabulary';
import { SitesService } from '../../sites/sites.service';
import { FhirPage, FhirResourceType, FhirSearch, FhirSearchParam } from '../fhir-resources';
import { dateWindow, pageOf, referenceId, single, tokenCodes } from '../fhir-search';
import { ScheduleResource, SiteScheduleOwner } from './schedule.resource';

/** Who may find a time on the REST API (GET /appointments/free-slots). */
const SLOT_READERS: readonly Role[] = ['admin', 'coordinator', 'clinician'];
/** Find-a-time's window: two weeks when not asked, four at most. */
const WINDOW = { defaultDays: 14, maxDays: 28 } as const;
/** More than four weeks of one member's starts on the finest slot grid: the search is bounded by the window, not by this. */
const ALL_SLOTS = 5_000;
type SlotStatus = SlotTime['status'];

/**
 * Slots, computed and never stored. Free ones come from find-a-time (AppointmentsService.freeSlots,
 * the one busy-times engine every booking uses): the staff member's free time with a room free,
 * cut into the length of their discipline's visit as the site's settings have it (find-a-time's
 * length for an assessment visit). Busy ones are the visits booked for the staff member or room.
 */
@Injectable()
export class SlotResource implements FhirResourceType {
  readonly type = 'Slot';
  readonly searchParams: readonly FhirSearchParam[] = [
    { name: 'schedule', type: 'reference', documentation: 'Required: Schedule/<id>, a staff member\'s or a room\'s (a room\'s has busy slots only).' },
    { name: 'start', type: 'date', documentation: `When the slot starts, with prefixes ge, gt, le, lt: at most ${WINDOW.maxDays} days; the next ${WINDOW.defaultDays} days when left out.` },
    { name: 'status', type: 'token', documentation: 'free or busy (both when left out).' },
  ];

  constructor(
    private readonly schedules: ScheduleResource,
    private readonly appointments: AppointmentsService,
    private readonly calendars: CalendarsService,
    private readonly sites: SitesService,
  ) {}

  /** The slot as it is now, free or busy, recomputed from its id; one no longer there is a 404. */
  async read(actor: Actor, id: string): Promise<Slot> {
    requireRole(actor, SLOT_READERS);
    const named = parseSlotId(id);
    if (!named) throw notFound('Slot', id);
    const owner = await this.schedules.owner(actor, named.scheduleId);
    const zone = await this.zoneOf(owner);
    const minutes = (named.end - named.start) / 60_000;
    const slots = await this.slots(actor, owner, { from: named.start, to: named.end }, owner.kind === 'staff' ? ['free', 'busy'] : ['busy'], zone, minutes);
    const slot = slots.find((candidate) => slotId(candidate) === id);
    if (!slot) throw notFound('Slot', id);
    return toFhirSlot(slot, zone);
  }

  async search(actor: Actor, search: FhirSearch): Promise<FhirPage> {
    requireRole(actor, SLOT_READERS);
    const schedule = single(search, 'schedule');
    if (!schedule) throw badRequest([problem('schedule', 'validation.required')]);
    const owner = await this.schedules.owner(actor, referenceId('schedule', schedule, ['Schedule']).id);
    const asked = tokenCodes<SlotStatus>(search, 'status', ['free', 'busy']);
    if (owner.kind === 'room' && asked?.includes('free')) throw badRequest([problem('status', 'fhir.free_slots_of_staff')]);
    const zone = await this.zoneOf(owner);
    const window = slotWindow(dateWindow(search, 'start', zone), zone);
    const slots = await this.slots(actor, owner, window, asked ?? (owner.kind === 'staff' ? ['free', 'busy'] : ['busy']), zone);
    return pageOf(slots.map((slot) => toFhirSlot(slot, zone)), search);
  }

  /** The slots starting in [from, to), by start; free ones of `minutes` when given, else find-a-time's length. */
  private async slots(actor: Actor, owner: SiteScheduleOwner, { from, to }: Required<InstantWindow>, statuses: readonly SlotStatus[], zone: string, minutes?: number): Promise<SlotTime[]> {
    if (to <= from) return [];
    const [free, busy] = await Promise.all([
      statuses.includes('free') ? this.freeTimes(actor, owner, from, to, zone, minutes) : [],
      statuses.includes('busy') ? this.busyTimes(actor, owner, from, to) : [],
    ]);
    const times = [...free.map((time) => ({ ...time, status: 'free' as const })), ...busy.map((time) => ({ ...time, status: 'busy' as const }))];
    return times.filter((time) => time.start >= from && time.start < to).sort((a, b) => a.start - b.start || a.end - b.end);
  }

  private async freeTimes(actor: Actor, owner: SiteScheduleOwner, from: number, to: number, zone: string, minutes?: number) {
    const found = await this.appointments.freeSlots(actor, {
      siteId: owner.siteId,
      staffId: owner.id,
      kind: 'assessment_visit',
      from: localDateOf(from, zone),
      to: localDateOf(to - 1, zone),
      minutes,
      limit: ALL_SLOTS,
    });
    return found.map((slot) => ({ scheduleId: owner.id, start: Date.parse(slot.start), end: Date.parse(slot.end) }));
  }

  /** The visits that hold the staff member or room, through the REST reads (GET /appointments, the room calendar). */
  private async busyTimes(actor: Actor, owner: SiteScheduleOwner, from: number, to: number) {
    const range = { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
    const visits =
      owner.kind === 'staff'
        ? await this.appointments.list(actor, { ...range, staffId: owner.id })
        : (await this.calendars.roomCalendar(actor, owner.id, range)).appointments;
    return visits.filter((visit) => visit.status !== 'cancelled').map((visit) => ({ scheduleId: owner.id, start: Date.parse(visit.start), end: Date.parse(visit.end) }));
  }

  private async zoneOf(owner: SiteScheduleOwner): Promise<string> {
    return (await this.sites.get(owner.siteId)).timeZone;
  }
}

/**
 * The window a search looks in: from now and for two weeks unless asked, and no longer than
 * find-a-time looks (four weeks of local days), else a 400 naming `start`.
 */
function slotWindow(asked: InstantWindow, zone: string): Required<InstantWindow> {
  const from = asked.from ?? Date.now();
  const to = asked.to ?? localToInstant(addDays(localDateOf(from, zone), WINDOW.defaultDays), '00:00', zone).getTime();
  if (to > from && daysBetween(localDateOf(from, zone), localDateOf(to - 1, zone)) >= WINDOW.maxDays) throw badRequest([problem('start', 'fhir.date_window', { days: WINDOW.maxDays })]);
  return { from, to };
}
