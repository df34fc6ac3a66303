import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { Appointment } from '@medplum/fhirtypes';
import type { Actor } from '../../access/principal';
import { requireRole } from '../../access/site-access';
import { AppointmentsService } from '../../appointments/appointments.service';
import { AppointmentDto } from '../../calendar/appointment-view.dto';
import { badRequest, notFound, problem, unprocessable } from '../../common/api-errors';
import { MAX_QUERY_DAYS } from '../../common/query-range';
import { SERVICE_SETTINGS, ServiceSettings } from '../../config/service-settings';
import { appointmentStatusOf, FHIR_APPOINTMENT_STATUSES, FhirAppointmentStatus, requestedBooking, toFhirAppointment } from '../../core/fhir/appointment';
import { InstantWindow } from '../../core/fhir/date-search';
import { AppointmentStatus, Role } from '../../core/vocabulary';
import { SitesService } from '../../sites/sites.service';
import { StaffService } from '../../staff/staff.service';
import { VisitRequestsService } from '../../worklists/visit-requests.service';
import { FhirPage, FhirResourceType, FhirSearch, FhirSearchParam } from '../fhir-resources';
import { dateWindow, isUuid, missingAsUndefined, pageOf, patientSearched, referenceId, single, tokenCodes } from '../fhir-search';

/** Who books and cancels on the REST API (POST /appointments, POST /appointments/:id/cancel); a patient cancels their own by their own rule. */
const BOOKERS: readonly Role[] = ['admin', 'coordinator'];
const CANCELLED_THROUGH_FHIR = 'cancelled through FHIR';
const DAY_MS = 86_400_000;

/** What a search asks of each appointment besides the window. */
interface Criteria {
  patientId?: string;
  staffId?: string;
  statuses?: AppointmentStatus[];
}

/**
 * Every visit as an Appointment, through AppointmentsService (the REST reads, so the same access
 * and audit): booking by POST goes through the same path as POST /appointments, cancelling by PUT
 * or PATCH of the status through POST /appointments/:id/cancel, or a patient's own cancel path.
 */
@Injectable()
export class AppointmentResource implements FhirResourceType {
  readonly type = 'Appointment';
  readonly searchParams: readonly FhirSearchParam[] = [
    { name: '_id', type: 'token', documentation: "The appointment's id." },
    { name: 'patient', type: 'reference', documentation: 'Patient/<id>: the patient is a participant (a patient searches their own).' },
    { name: 'practitioner', type: 'reference', documentation: 'Practitioner/<id>: the staff member is a participant.' },
    { name: 'date', type: 'date', documentation: `When it takes place, with prefixes ge, gt, le, lt: both bounds, at most ${MAX_QUERY_DAYS} days apart (not needed with _id).` },
    { name: 'status', type: 'token', documentation: FHIR_APPOINTMENT_STATUSES.join(', ') },
  ];

  constructor(
    private readonly appointments: AppointmentsService,
    private readonly visitRequests: VisitRequestsService,
    private readonly staff: StaffService,
    private readonly sites: SitesService,
    @Inject(SERVICE_SETTINGS) private readonly service: ServiceSettings,
  ) {}

  async read(actor: Actor, id: string): Promise<Appointment> {
    return toFhirAppointment(await this.appointments.get(actor, this.ownId(id)));
  }

  async search(actor: Actor, search: FhirSearch): Promise<FhirPage> {
    const criteria = this.criteria(actor, search);
    const id = single(search, '_id');
    // An id is found as a read finds it: one not of ours (even left empty) is not found.
    const views = id !== undefined ? [await this.appointments.get(actor, this.ownId(id))] : await this.inWindow(actor, search, criteria);
    return pageOf(views.filter((view) => matchesCriteria(view, criteria)).map(toFhirAppointment), search);
  }

  /** Books as POST /appointments does, at the site of the first practitioner. */
  async create(actor: Actor, resource: unknown): Promise<Appointment> {
    requireRole(actor, BOOKERS);
    const asked = requestedBooking(resource);
    if ('problems' in asked) throw badRequest(asked.problems);
    const { siteId } = await this.staff.get(actor, asked.booking.staffIds[0]).catch(unknownAt('participant'));
    return toFhirAppointment(await this.appointments.create(actor, { ...asked.booking, siteId }));
  }

  /** PUT: the appointment as it is, its status alone changed to cancelled. */
  async update(actor: Actor, id: string, resource: unknown): Promise<Appointment> {
    const current = await this.read(actor, id);
    const sent = (typeof resource === 'object' && resource !== null ? resource : {}) as Record<string, unknown>;
    const changed = [...new Set([...Object.keys(current), ...Object.keys(sent)])].find(
      (field) => !STATUS_FIELDS.has(field) && canonical(sent[field]) !== canonical((current as unknown as Record<string, unknown>)[field]),
    );
    if (changed) throw unprocessable([problem(changed, 'fhir.only_status_changes')]);
    if (sent.status === current.status) return current;
    if (sent.status !== 'cancelled') throw unprocessable([problem('status', 'fhir.only_status_changes')]);
    const reason = (sent.cancelationReason as { text?: unknown } | undefined)?.text;
    return this.cancel(actor, id, typeof reason === 'string' && reason.trim() ? reason.trim().slice(0, 500) : undefined);
  }

  /** PATCH: only `[{op: 'replace', path: '/status', value: 'cancelled'}]`. */
  async patch(actor: Actor, id: string, operations: unknown): Promise<Appointment> {
    const [operation] = Array.isArray(operations) && operations.length === 1 ? (operations as Record<string, unknown>[]) : [];
    if (operation?.op !== 'replace' || operation.path !== '/status' || operation.value !== 'cancelled') throw unprocessable([problem('patch', 'fhir.patch_unsupported')]);
    return this.cancel(actor, this.ownId(id));
  }

  /** An appointment's id is our UUID: any other is not found. */
  private ownId(id: string): string {
    if (!isUuid(id)) throw notFound('Appointment', id);
    return id;
  }

  /** The REST cancel: a patient's own by their rule (in time, their own visit), the unit's otherwise. */
  private async cancel(actor: Actor, id: string, reason?: string): Promise<Appointment> {
    if (actor.role === 'patient') return toFhirAppointment(await this.visitRequests.cancelOwn(actor, id, { reason }));
    requireRole(actor, BOOKERS);
    return toFhirAppointment(await this.appointments.cancel(actor, id, { reason: reason ?? CANCELLED_THROUGH_FHIR, category: 'unit_cancelled' }));
  }

  /** The participants and statuses asked for; a patient names only themself (another is refused as REST refuses their record). */
  private criteria(actor: Actor, search: FhirSearch): Criteria {
    const patientId = patientSearched(actor, search);
    const practitioner = single(search, 'practitioner');
    const statuses = tokenCodes<FhirAppointmentStatus>(search, 'status', FHIR_APPOINTMENT_STATUSES)?.map((status) => appointmentStatusOf(status)!);
    return { patientId, staffId: practitioner ? referenceId('practitioner', practitioner, ['Practitioner']).id : undefined, statuses };
  }

  /** GET /appointments over the date window asked for: both bounds, at most MAX_QUERY_DAYS apart. */
  private async inWindow(actor: Actor, search: FhirSearch, criteria: Criteria): Promise<AppointmentDto[]> {
    const window = dateWindow(search, 'date', await this.zoneOf(actor, criteria));
    if (!isBounded(window)) throw badRequest([problem('date', 'fhir.date_window', { days: MAX_QUERY_DAYS })]);
    if (window.to <= window.from) return [];
    const status = criteria.statuses?.length === 1 ? criteria.statuses[0] : undefined;
    return this.appointments.list(actor, { from: new Date(window.from).toISOString(), to: new Date(window.to).toISOString(), patientId: criteria.patientId, staffId: criteria.staffId, status });
  }

  /** The zone a search's dates are read in: the caller's site's; for an admin the practitioner's site's, else the service's. */
  private async zoneOf(actor: Actor, criteria: Criteria): Promise<string> {
    const member = !actor.siteId && criteria.staffId ? await this.staff.get(actor, criteria.staffId).catch(missingAsUndefined) : undefined;
    const siteId = actor.siteId ?? member?.siteId;
    return siteId ? (await this.sites.get(siteId)).timeZone : this.service.defaultTimeZone;
  }
}

/** The fields a cancel may change, and those a client may send without our values (meta, narrative). */
const STATUS_FIELDS = new Set(['status', 'cancelationReason', 'meta', 'text']);

function isBounded(window: InstantWindow): window is Required<InstantWindow> {
  return window.from !== undefined && window.to !== undefined && window.to - window.from <= MAX_QUERY_DAYS * DAY_MS;
}

function matchesCriteria(view: AppointmentDto, { patientId, staffId, statuses }: Criteria): boolean {
  return (!patientId || view.patientIds.includes(patientId)) && (!staffId || view.staffIds.includes(staffId)) && (!statuses || statuses.includes(view.status));
}

/** JSON with its keys in order, so a resource sent back in another key order is the same. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner) ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => a.localeCompare(b))) : inner,
  ) ?? 'undefined';
}

/** A practitioner that does not exist is a reference to nothing (422 at the field), as a booking of an unknown staff member is. */
function unknownAt(field: string) {
  return (error: unknown): never => {
    if (error instanceof NotFoundException) throw unprocessable([problem(field, 'reference.unknown')]);
    throw error;
  };
}
