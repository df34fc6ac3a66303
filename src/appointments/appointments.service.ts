import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../access/audit.service';
import { ReminderOutbox } from '../outbox/reminder-outbox';
import { Actor, Principal } from '../access/principal';
import { assertSiteAccess, assertSiteRecord, canAccessSite, hiddenRecord, scopedSiteId } from '../access/site-access';
import { badRequest, notFound, stateConflict, unprocessable } from '../common/api-errors';
import { queryRange } from '../common/query-range';
import { AppointmentPatient } from '../calendar/appointment-patient.entity';
import { Appointment } from '../calendar/appointment.entity';
import {
  AppointmentQueryDto,
  AttendanceDto,
  CancelAppointmentDto,
  CreateAppointmentDto,
  RescheduleAppointmentDto,
} from './appointments.dto';
import { BookingService } from '../calendar/booking.service';
import { AppointmentViews } from '../calendar/appointment-views';
import { AppointmentDto } from '../calendar/appointment-view.dto';

@Injectable()
export class AppointmentsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly booking: BookingService,
    private readonly audit: AuditService,
    private readonly reminders: ReminderOutbox,
    private readonly views: AppointmentViews,
  ) {}

  async create(actor: Actor, dto: CreateAppointmentDto): Promise<AppointmentDto> {
    assertSiteAccess(actor, dto.siteId);
    const { start, end } = parseRange(dto.start, dto.end);
    return this.booking.transaction(async (manager) => {
      const [appointment] = await this.booking.book(manager, [{ ...dto, roomId: dto.roomId ?? null, referralId: dto.referralId ?? null, start, end }]);
      await this.audit.record(actor, 'create', 'appointment', dto.patientIds.map((patientId) => ({ patientId, resourceId: appointment.id })), manager);
      return (await this.views.of(manager, [appointment.id], actor))[0];
    });
  }

  async get(actor: Actor, id: string): Promise<AppointmentDto> {
    const [view] = await this.views.of(this.db.manager, [id], actor);
    if (!view) throw notFound('appointment', id);
    assertVisible(actor, view);
    await this.auditRead(actor, [view]);
    return view;
  }

  async list(actor: Actor, query: AppointmentQueryDto): Promise<AppointmentDto[]> {
    const { from, to } = queryRange(query.from, query.to);
    const patientId = actor.role === 'patient' ? actor.patientId! : query.patientId;
    const siteId = actor.role === 'patient' ? undefined : scopedSiteId(actor, query.siteId);
    const found = this.db
      .getRepository(Appointment)
      .createQueryBuilder('a')
      .select('a.id', 'id')
      .where('a.during && tstzrange(:from, :to)', { from, to })
      .orderBy('a.starts_at');
    if (siteId) found.andWhere('a.site_id = :siteId', { siteId });
    if (query.status) found.andWhere('a.status = :status', { status: query.status });
    if (query.staffId) {
      found.andWhere('a.id IN (SELECT appointment_id FROM appointment_staff WHERE staff_id = :staffId AND during && tstzrange(:from, :to))', {
        staffId: query.staffId,
      });
    }
    if (patientId) {
      found.andWhere('a.id IN (SELECT appointment_id FROM appointment_patients WHERE patient_id = :patientId AND during && tstzrange(:from, :to))', {
        patientId,
      });
    }
    const ids = (await found.getRawMany<{ id: string }>()).map((row) => row.id);
    const views = await this.views.of(this.db.manager, ids, actor);
    await this.auditRead(actor, views);
    return views;
  }

  async reschedule(actor: Actor, id: string, dto: RescheduleAppointmentDto): Promise<AppointmentDto> {
    return this.booking.transaction(async (manager) => {
      const { appointment, staffIds, patientIds } = await this.lockBooked(manager, actor, id);
      const duration = appointment.endsAt.getTime() - appointment.startsAt.getTime();
      const start = dto.start ? new Date(dto.start) : appointment.startsAt;
      const end = dto.end ? new Date(dto.end) : dto.start ? new Date(start.getTime() + duration) : appointment.endsAt;
      if (end <= start) throw badRequest([{ field: 'end', problem: 'must be after start' }]);
      await this.booking.reschedule(manager, appointment, {
        start,
        end,
        roomId: dto.roomId === undefined ? appointment.roomId : dto.roomId,
        staffIds: dto.staffIds ?? staffIds,
      });
      await this.audit.record(actor, 'update', 'appointment', patientIds.map((patientId) => ({ patientId, resourceId: id })), manager);
      return (await this.views.of(manager, [id], actor))[0];
    });
  }

  async cancel(actor: Actor, id: string, dto: CancelAppointmentDto): Promise<AppointmentDto> {
    return this.db.transaction(async (manager) => {
      const { patientIds } = await this.lockBooked(manager, actor, id);
      await manager.update(Appointment, { id }, { status: 'cancelled', cancelReason: dto.reason, cancelledAt: new Date() });
      await this.reminders.sync(manager, [id]);
      await this.audit.record(actor, 'update', 'appointment', patientIds.map((patientId) => ({ patientId, resourceId: id })), manager);
      return (await this.views.of(manager, [id], actor))[0];
    });
  }

  /** Records whether a patient came. One-patient visits take the same status; group sessions keep theirs. */
  async recordAttendance(actor: Actor, id: string, dto: AttendanceDto): Promise<AppointmentDto> {
    return this.db.transaction(async (manager) => {
      const appointment = await manager.findOne(Appointment, { where: { id }, lock: { mode: 'pessimistic_write' } });
      const [view] = appointment ? await this.views.of(manager, [id], actor) : [];
      if (!appointment || !view) throw notFound('appointment', id);
      assertVisible(actor, view);
      if (actor.role === 'clinician' && !view.staffIds.includes(actor.staffId!)) {
        throw unprocessable([{ field: 'id', problem: 'only staff on the appointment or a coordinator record attendance' }]);
      }
      if (appointment.status === 'cancelled') throw stateConflict('the appointment is cancelled');
      if (appointment.startsAt.getTime() > Date.now()) {
        throw unprocessable([{ field: 'participation', problem: 'cannot be recorded before the appointment starts' }]);
      }
      if (!view.patientIds.includes(dto.patientId)) {
        throw unprocessable([{ field: 'patientId', problem: 'is not a patient on this appointment' }]);
      }
      await manager.update(AppointmentPatient, { appointmentId: id, patientId: dto.patientId }, { participation: dto.participation });
      if (view.patientIds.length === 1) await manager.update(Appointment, { id }, { status: dto.participation });
      await this.audit.record(actor, 'update', 'appointment', [{ patientId: dto.patientId, resourceId: id }], manager);
      return (await this.views.of(manager, [id], actor))[0];
    });
  }

  /** Locks a booked appointment for change by a coordinator of its site. */
  private async lockBooked(manager: EntityManager, actor: Principal, id: string) {
    const appointment = await manager.findOne(Appointment, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!appointment) throw notFound('appointment', id);
    assertSiteRecord(actor, appointment, 'appointment', id);
    if (appointment.status !== 'booked') throw stateConflict(`the appointment is ${appointment.status}`, { status: appointment.status });
    return { appointment, ...(await this.booking.participants(manager, id)) };
  }

  private async auditRead(actor: Actor, views: readonly AppointmentDto[]): Promise<void> {
    await this.audit.record(actor, 'read', 'appointment', views.flatMap((v) => v.patientIds.map((patientId) => ({ patientId, resourceId: v.id }))));
  }
}

/** A patient sees the appointments they are on, staff their site's; any other answers 404 and is logged as refused. */
function assertVisible(viewer: Principal, view: AppointmentDto): void {
  const visible = viewer.role === 'patient' ? view.patientIds.includes(viewer.patientId!) : canAccessSite(viewer, view.siteId);
  if (!visible) throw hiddenRecord('appointment', view.id, view.patientIds);
}

function parseRange(start: string, end: string) {
  const range = { start: new Date(start), end: new Date(end) };
  if (range.end <= range.start) throw badRequest([{ field: 'end', problem: 'must be after start' }]);
  return range;
}
