import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AccessService } from '../access/access.service';
import { Actor } from '../access/principal';
import { scopedSiteId } from '../access/site-access';
import { notFound, problem, stateConflict, unprocessable } from '../common/api-errors';
import { AppointmentDto } from '../calendar/appointment-view.dto';
import { AppointmentViews } from '../calendar/appointment-views';
import { BookingService } from '../calendar/booking.service';
import { isLateCancellation } from '../core/rules/late-cancellation';
import { maySelfCancel } from '../core/rules/patient-cancellation';
import { formatInstant } from '../core/time/local-time';
import { SitesService } from '../sites/sites.service';
import { MoveRequestDto, ResolveRequestDto, SelfCancelDto, VisitRequestDto } from './visit-requests.dto';
import { WorklistQueryDto } from './worklists.dto';
import { OwnVisitRow, VisitRequestRow, VisitRequestsRepository } from './visit-requests.repository';

/** The cancellation as the visit keeps it when the patient gave no reason. */
const CANCELLED_BY_PATIENT = 'avbokad av patienten';

/**
 * The patient's side of a visit: cancelling it themself in time (the time is free at once, through
 * BookingService, and so offered on the cancellation list), or asking to move it. Either lands on
 * the coordinator's worklist until resolved. Every step is audited in its transaction.
 */
@Injectable()
export class VisitRequestsService {
  constructor(
    private readonly repository: VisitRequestsRepository,
    private readonly booking: BookingService,
    private readonly views: AppointmentViews,
    private readonly sites: SitesService,
    private readonly access: AccessService,
  ) {}

  async cancelOwn(actor: Actor, id: string, dto: SelfCancelDto): Promise<AppointmentDto> {
    return this.booking.transaction(async (manager) => {
      const visit = await this.ownVisit(manager, actor, id);
      const settings = await this.sites.settings(visit.siteId);
      const { cancelHoursBefore } = settings.patientService;
      if (visit.patientIds.length > 1) {
        throw unprocessable([problem('id', 'visit_request.group_session')]);
      }
      const cancelledAt = new Date();
      if (!maySelfCancel({ ...visit, patientCount: visit.patientIds.length }, cancelHoursBefore, cancelledAt)) {
        throw stateConflict('visit_request.too_late', { hours: cancelHoursBefore });
      }
      // Still the patient's cancellation, and late by the unit's count when within its late-cancellation hours.
      const late = isLateCancellation('patient_cancelled', visit.start, cancelledAt, settings.lateCancellationHours);
      await this.booking.cancel(manager, [id], dto.reason ?? CANCELLED_BY_PATIENT, { category: 'patient_cancelled', late, cancelledAt });
      await this.repository.add(manager, { kind: 'cancellation', appointmentId: id, patientId: actor.patientId!, siteId: visit.siteId, note: dto.reason ?? null });
      return (await this.views.of(manager, [id], actor))[0];
    });
  }

  async requestMove(actor: Actor, id: string, dto: MoveRequestDto): Promise<VisitRequestDto> {
    return this.booking.transaction(async (manager) => {
      const visit = await this.ownVisit(manager, actor, id);
      if (visit.start.getTime() <= Date.now()) throw stateConflict('visit_request.begun', {}, { status: visit.status });
      const requestId = await this.repository.add(manager, { kind: 'move', appointmentId: id, patientId: actor.patientId!, siteId: visit.siteId, note: dto.note });
      if (!requestId) throw stateConflict('visit_request.asked_already');
      return toDto((await this.repository.lock(manager, requestId))!);
    });
  }

  /** Open requests of the site (an admin's: of every site, or the one named), the oldest first. */
  async open(actor: Actor, query: WorklistQueryDto): Promise<VisitRequestDto[]> {
    const rows = await this.repository.open(scopedSiteId(actor, query.siteId) ?? null);
    await this.access.log(actor, { action: 'read', resource: 'visit_request', records: rows.map((row) => ({ id: row.id, patientIds: [row.patientId] })) });
    return rows.map(toDto);
  }

  async resolve(actor: Actor, id: string, dto: ResolveRequestDto): Promise<VisitRequestDto> {
    return this.booking.transaction(async (manager) => {
      const request = await this.repository.lock(manager, id);
      if (!request) throw notFound('visit request', id);
      await this.access.require(actor, { action: 'update', resource: 'visit_request', records: [{ id, siteId: request.siteId, patientIds: [request.patientId] }], audience: 'site-staff', manager });
      if (request.resolvedAt) throw stateConflict('visit_request.resolved_already', {}, { status: 'resolved' });
      await this.repository.resolve(manager, id, actor.userId, dto.resolution ?? null);
      return toDto(request);
    });
  }

  /** The caller's own visit, still booked, locked, and logged as changed by them; another's is a 404. */
  private async ownVisit(manager: EntityManager, actor: Actor, id: string): Promise<OwnVisitRow> {
    const visit = await this.repository.lockVisit(manager, id);
    if (!visit) throw notFound('appointment', id);
    await this.access.require(actor, { action: 'update', resource: 'appointment', records: [{ id, siteId: visit.siteId, patientIds: visit.patientIds }], manager });
    if (visit.status !== 'booked') throw stateConflict('state.appointment', { status: visit.status }, { status: visit.status });
    return visit;
  }
}

function toDto({ resolvedAt: _resolved, visitStart, createdAt, timeZone, ...row }: VisitRequestRow & { resolvedAt?: Date | null }): VisitRequestDto {
  return { ...row, createdAt: formatInstant(createdAt, timeZone), visitStart: formatInstant(visitStart, timeZone) };
}
