import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { RemindersService } from '../reminders/reminders.service';
import { Actor, Principal } from '../auth/principal';
import { assertSiteAccess, assertSiteRecord, canAccessSite, hiddenRecord, scopedSiteId } from '../auth/site-access';
import { badRequest, notFound, stateConflict, unprocessable } from '../common/api-errors';
import { queryRange } from '../common/query-range';
import { formatInstant } from '../scheduling/local-time';
import { AppointmentPatient } from './appointment-patient.entity';
import { AppointmentKind, AppointmentStatus } from '../core/vocabulary';
import { Appointment } from './appointment.entity';
import {
  AppointmentDto,
  AppointmentQueryDto,
  AttendanceDto,
  CancelAppointmentDto,
  CreateAppointmentDto,
  ParticipantDto,
  RescheduleAppointmentDto,
} from './appointments.dto';
import { BookingService } from './booking.service';
import { visitLabel } from './visit-label';

@Injectable()
export class AppointmentsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly booking: BookingService,
    private readonly audit: AuditService,
    private readonly reminders: RemindersService,
  ) {}

  async create(actor: Actor, dto: CreateAppointmentDto): Promise<AppointmentDto> {
    assertSiteAccess(actor, dto.siteId);
    const { start, end } = parseRange(dto.start, dto.end);
    return this.booking.transaction(async (manager) => {
      const [appointment] = await this.booking.book(manager, [{ ...dto, roomId: dto.roomId ?? null, referralId: dto.referralId ?? null, start, end }]);
      await this.audit.record(actor, 'create', 'appointment', dto.patientIds.map((patientId) => ({ patientId, resourceId: appointment.id })), manager);
      return (await this.views(manager, [appointment.id], actor))[0];
    });
  }

  async get(actor: Actor, id: string): Promise<AppointmentDto> {
    const [view] = await this.views(this.db.manager, [id], actor);
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
    const views = await this.views(this.db.manager, ids, actor);
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
      return (await this.views(manager, [id], actor))[0];
    });
  }

  async cancel(actor: Actor, id: string, dto: CancelAppointmentDto): Promise<AppointmentDto> {
    return this.db.transaction(async (manager) => {
      const { patientIds } = await this.lockBooked(manager, actor, id);
      await manager.update(Appointment, { id }, { status: 'cancelled', cancelReason: dto.reason, cancelledAt: new Date() });
      await this.reminders.sync(manager, [id]);
      await this.audit.record(actor, 'update', 'appointment', patientIds.map((patientId) => ({ patientId, resourceId: id })), manager);
      return (await this.views(manager, [id], actor))[0];
    });
  }

  /** Records whether a patient came. One-patient visits take the same status; group sessions keep theirs. */
  async recordAttendance(actor: Actor, id: string, dto: AttendanceDto): Promise<AppointmentDto> {
    return this.db.transaction(async (manager) => {
      const appointment = await manager.findOne(Appointment, { where: { id }, lock: { mode: 'pessimistic_write' } });
      const [view] = appointment ? await this.views(manager, [id], actor) : [];
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
      return (await this.views(manager, [id], actor))[0];
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

  /** Appointments as the API shows them, in the order of `ids`, times in their site's zone; one query. */
  async views(manager: EntityManager, ids: readonly string[], viewer: Principal): Promise<AppointmentDto[]> {
    if (!ids.length) return [];
    const rows: AppointmentRow[] = await manager.query(
      `SELECT a.id, a.site_id, a.kind, a.room_id, a.referral_id, a.assessment_id, a.starts_at, a.ends_at, a.status, a.cancel_reason, a.assessment_part, a.session_number, s.time_zone,
              ARRAY(SELECT staff_id FROM appointment_staff WHERE appointment_id = a.id ORDER BY staff_id) AS staff_ids,
              COALESCE((SELECT json_agg(json_build_object('patientId', patient_id, 'participation', participation) ORDER BY patient_id)
                          FROM appointment_patients WHERE appointment_id = a.id), '[]') AS participants
         FROM appointments a JOIN sites s ON s.id = a.site_id
        WHERE a.id = ANY($1)`,
      [ids],
    );
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.flatMap((id) => {
      const row = byId.get(id);
      if (!row) return [];
      const participants = row.participants.filter((p) => viewer.role !== 'patient' || p.patientId === viewer.patientId);
      return [
        {
          id: row.id,
          siteId: row.site_id,
          kind: row.kind,
          label: visitLabel({ kind: row.kind, assessment: row.assessment_part ? { part: row.assessment_part } : null, groupProgram: row.session_number ? { sessionNumber: row.session_number } : null }),
          roomId: row.room_id,
          referralId: row.referral_id,
          assessmentId: row.assessment_id,
          start: formatInstant(row.starts_at, row.time_zone),
          end: formatInstant(row.ends_at, row.time_zone),
          status: row.status,
          cancelReason: row.cancel_reason,
          staffIds: row.staff_ids,
          patientIds: participants.map((p) => p.patientId),
          participants,
        },
      ];
    });
  }

  private async auditRead(actor: Actor, views: readonly AppointmentDto[]): Promise<void> {
    await this.audit.record(actor, 'read', 'appointment', views.flatMap((v) => v.patientIds.map((patientId) => ({ patientId, resourceId: v.id }))));
  }
}

interface AppointmentRow {
  id: string;
  site_id: string;
  kind: AppointmentKind;
  room_id: string | null;
  referral_id: string | null;
  assessment_id: string | null;
  assessment_part: string | null;
  session_number: number | null;
  starts_at: Date;
  ends_at: Date;
  status: AppointmentStatus;
  cancel_reason: string | null;
  time_zone: string;
  staff_ids: string[];
  participants: ParticipantDto[];
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
