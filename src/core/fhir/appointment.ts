import type { Appointment, AppointmentParticipant } from '@medplum/fhirtypes';
import { CodedProblem, problemAt } from '../problem-codes';
import { DATE_WINDOWS, isInstantInWindow, todayAnywhere, windowDates } from '../time/date-windows';
import { APPOINTMENT_KINDS, AppointmentKind, AppointmentStatus } from '../vocabulary';
import { parseSlotId } from './slot';

/** The code system of our kinds of visit, as an Appointment's appointmentType names them. */
export const APPOINTMENT_KIND_SYSTEM = 'urn:rehab-scheduler:appointment-kind';

const KIND_DISPLAY: Record<AppointmentKind, string> = {
  assessment_visit: 'Assessment visit',
  feedback_conversation: 'Feedback conversation',
  group_session: 'Group session',
  individual_visit: 'Individual visit',
  follow_up_visit: 'Follow-up visit',
  other: 'Other visit',
};

/** Our statuses as FHIR's (attended is a fulfilled appointment); FHIR's others never occur. */
const FHIR_STATUS = { booked: 'booked', cancelled: 'cancelled', attended: 'fulfilled', no_show: 'noshow' } as const satisfies Record<AppointmentStatus, Appointment['status']>;
export type FhirAppointmentStatus = (typeof FHIR_STATUS)[AppointmentStatus];
export const FHIR_APPOINTMENT_STATUSES = Object.values(FHIR_STATUS);

/** Our status of a FHIR status a search names, or undefined for one we never have. */
export function appointmentStatusOf(status: string): AppointmentStatus | undefined {
  return (Object.keys(FHIR_STATUS) as AppointmentStatus[]).find((ours) => FHIR_STATUS[ours] === status);
}

/** An appointment as the API shows it (AppointmentDto): what the mapping reads. */
export interface AppointmentView {
  id: string;
  kind: AppointmentKind;
  /** In Swedish, as patients read it. */
  label: string;
  roomId: string | null;
  /** ISO 8601 in the site's offset. */
  start: string;
  end: string;
  status: AppointmentStatus;
  cancelReason: string | null;
  staffIds: string[];
  patientIds: string[];
}

export function toFhirAppointment(view: AppointmentView): Appointment {
  const accepted = (reference: string): AppointmentParticipant => ({ actor: { reference }, status: 'accepted' });
  return {
    resourceType: 'Appointment',
    id: view.id,
    status: FHIR_STATUS[view.status],
    ...(view.status === 'cancelled' && view.cancelReason ? { cancelationReason: { text: view.cancelReason } } : {}),
    appointmentType: { coding: [{ system: APPOINTMENT_KIND_SYSTEM, code: view.kind, display: KIND_DISPLAY[view.kind] }] },
    description: view.label,
    start: view.start,
    end: view.end,
    minutesDuration: Math.round((Date.parse(view.end) - Date.parse(view.start)) / 60_000),
    participant: [
      ...view.patientIds.map((id) => accepted(`Patient/${id}`)),
      ...view.staffIds.map((id) => accepted(`Practitioner/${id}`)),
      ...(view.roomId ? [accepted(`Location/${view.roomId}`)] : []),
    ],
  };
}

/** A booking a FHIR client asks for (POST /fhir/R4/Appointment), as POST /appointments takes it but the site. */
export interface RequestedBooking {
  kind: AppointmentKind;
  start: string;
  end: string;
  staffIds: string[];
  patientIds: string[];
  roomId: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const PARTICIPANT_TYPES = ['Patient', 'Practitioner', 'Location'] as const;
/** What one booking may hold, as POST /appointments allows. */
const MAX_PARTICIPANTS = 71;

/**
 * The booking a FHIR Appointment asks for, or the problems with it, each at its FHIR path:
 * status booked (or pending: booked at once), start and end (or a Slot of ours that gives them),
 * the kind as an appointmentType coding, and the participants: patients, practitioners and at most
 * one room (Location).
 */
export function requestedBooking(body: unknown): { booking: RequestedBooking } | { problems: CodedProblem[] } {
  const resource = (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
  const problems: CodedProblem[] = [];
  if (resource.resourceType !== 'Appointment') problems.push(problemAt('resourceType', 'validation.not_one_of', { allowed: 'Appointment' }));
  if (resource.status !== 'booked' && resource.status !== 'pending') problems.push(problemAt('status', 'validation.not_one_of', { allowed: 'booked, pending' }));
  const kind = kindOf(resource.appointmentType);
  if (!kind) problems.push(problemAt('appointmentType', 'fhir.coding_required', { system: APPOINTMENT_KIND_SYSTEM, codes: APPOINTMENT_KINDS.join(', ') }));
  const times = timesOf(resource, problems);
  const actors = participantsOf(resource.participant, problems);
  if (!actors.Patient.length) problems.push(problemAt('participant', 'fhir.participant_missing', { type: 'Patient' }));
  if (!actors.Practitioner.length) problems.push(problemAt('participant', 'fhir.participant_missing', { type: 'Practitioner' }));
  if (actors.Location.length > 1) problems.push(problemAt('participant', 'validation.too_many', { max: 1 }));
  if (new Set(actors.Patient).size < actors.Patient.length || new Set(actors.Practitioner).size < actors.Practitioner.length) problems.push(problemAt('participant', 'validation.duplicates'));
  if (problems.length || !kind || !times) return { problems };
  return { booking: { kind, ...times, patientIds: actors.Patient, staffIds: actors.Practitioner, roomId: actors.Location[0] ?? null } };
}

function kindOf(appointmentType: unknown): AppointmentKind | undefined {
  const codings = (appointmentType as { coding?: unknown } | undefined)?.coding;
  if (!Array.isArray(codings)) return undefined;
  const coding = codings.find((c) => (c as { system?: unknown })?.system === APPOINTMENT_KIND_SYSTEM) as { code?: unknown } | undefined;
  return APPOINTMENT_KINDS.find((kind) => kind === coding?.code);
}

/** start and end as given, else the Slot's (`slot: [{reference: 'Slot/<id>'}]`), inside the booking window. */
function timesOf(resource: Record<string, unknown>, problems: CodedProblem[]): { start: string; end: string } | undefined {
  const fromSlot = resource.start === undefined && resource.end === undefined && resource.slot !== undefined;
  const times = fromSlot ? slotTimes(resource.slot, problems) : givenTimes(resource, problems);
  return times && inBookingWindow(times, problems) ? times : undefined;
}

function slotTimes(slots: unknown, problems: CodedProblem[]): { start: string; end: string } | undefined {
  const reference = Array.isArray(slots) && slots.length === 1 ? (slots[0] as { reference?: unknown } | undefined)?.reference : undefined;
  const slot = typeof reference === 'string' && reference.startsWith('Slot/') ? parseSlotId(reference.slice('Slot/'.length)) : undefined;
  if (slot) return { start: new Date(slot.start).toISOString(), end: new Date(slot.end).toISOString() };
  problems.push(problemAt('slot', 'fhir.not_a_reference', { types: 'Slot' }));
  return undefined;
}

function givenTimes(resource: Record<string, unknown>, problems: CodedProblem[]): { start: string; end: string } | undefined {
  const bad = (['start', 'end'] as const).filter((field) => typeof resource[field] !== 'string' || !INSTANT.test(resource[field] as string));
  for (const field of bad) problems.push(problemAt(field, 'validation.instant_format'));
  return bad.length ? undefined : { start: resource.start as string, end: resource.end as string };
}

/** As POST /appointments takes them (DATE_WINDOWS.booking): no planner sees a visit decades away. */
function inBookingWindow(times: { start: string; end: string }, problems: CodedProblem[]): boolean {
  const today = todayAnywhere();
  const outside = (['start', 'end'] as const).filter((field) => !isInstantInWindow(new Date(times[field]), DATE_WINDOWS.booking, today));
  for (const field of outside) problems.push(problemAt(field, 'validation.instant_window', windowDates(DATE_WINDOWS.booking, today)));
  return outside.length === 0;
}

function participantsOf(participant: unknown, problems: CodedProblem[]): Record<(typeof PARTICIPANT_TYPES)[number], string[]> {
  const actors = { Patient: [] as string[], Practitioner: [] as string[], Location: [] as string[] };
  if (!Array.isArray(participant)) return actors;
  if (participant.length > MAX_PARTICIPANTS) {
    problems.push(problemAt('participant', 'validation.too_many', { max: MAX_PARTICIPANTS }));
    return actors;
  }
  participant.forEach((entry, index) => {
    const reference = (entry as { actor?: { reference?: unknown } } | undefined)?.actor?.reference;
    const [type, id] = typeof reference === 'string' ? reference.split('/') : [];
    const known = PARTICIPANT_TYPES.find((t) => t === type);
    if (known && UUID.test(id ?? '')) actors[known].push(id.toLowerCase());
    else problems.push(problemAt(`participant[${index}].actor.reference`, 'fhir.not_a_reference', { types: PARTICIPANT_TYPES.join(', ') }));
  });
  return actors;
}
