import { ForbiddenException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { visitLabel } from '../core/rules/visit-label';
import { AuditActor, AuditService } from '../access/audit.service';
import { Actor, Principal } from '../access/principal';
import { assertPatientAccess, assertSiteRecord, assertStaffRecord } from '../access/site-access';
import { notFound } from '../common/api-errors';
import { newSecretToken, sha256Hex } from '../common/secret-token';
import { MAX_QUERY_DAYS, queryRange } from '../common/query-range';
import { Patient } from '../patients/patient.entity';
import { Room } from '../rooms/room.entity';
import { formatInstant } from '../core/time/local-time';
import { SitesService } from '../sites/sites.service';
import { StaffMember } from '../staff/staff-member.entity';
import { CalendarEntry, initialsOf, toICalendar } from '../core/rules/calendar-entries';
import { CalendarFeed } from './calendar-feed.entity';
import {
  AbsenceEntryDto,
  CalendarEntryDto,
  CalendarQueryDto,
  MyAppointmentsQueryDto,
  RoomCalendarDto,
  SiteCalendarDto,
  SiteCalendarQueryDto,
  StaffCalendarDto,
} from './calendars.dto';

/** Which appointments a calendar shows. */
type Scope = { staffIds: string[] } | { roomId: string } | { patientId: string };

const DAY_MS = 24 * 3600 * 1000;
/**
 * A subscribed calendar shows the last month and the next year: a follow-up visit three months
 * after a program that itself ends months from now is booked already and belongs in it.
 */
const FEED_PAST_DAYS = 31;
const FEED_FUTURE_DAYS = 366;

/**
 * Everyone's calendar: a staff member's week, the whole team, a room, a patient's own visits, and
 * the same as iCalendar feeds. All of them read appointments through `entries`, and decide per
 * viewer which patient names to show.
 */
@Injectable()
export class CalendarsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly sites: SitesService,
    private readonly audit: AuditService,
  ) {}

  /** The staff member themself, or a coordinator of their site. */
  async staffCalendar(actor: Actor, staffId: string, query: CalendarQueryDto): Promise<StaffCalendarDto> {
    const member = await this.staffMember(actor, staffId);
    const { from, to } = queryRange(query.from, query.to);
    const { timeZone } = await this.sites.get(member.siteId);
    const entries = await this.entries({ staffIds: [staffId] }, from, to);
    await this.auditRead(actor, entries);
    return {
      staff: { id: member.id, name: member.name, discipline: member.discipline },
      timeZone,
      appointments: entries.map((entry) => this.toDto(entry, actor)),
      absences: await this.absences([staffId], from, to, timeZone),
    };
  }

  /** The coordinator's view of the whole team, or of one discipline. */
  async siteCalendar(actor: Actor, siteId: string, query: SiteCalendarQueryDto): Promise<SiteCalendarDto> {
    const { timeZone } = await this.sites.get(siteId);
    assertSiteRecord(actor, { siteId }, 'site', siteId);
    const { from, to } = queryRange(query.from, query.to);
    const members = await this.db.getRepository(StaffMember).find({
      where: { siteId, ...(query.discipline ? { discipline: query.discipline } : {}) },
      order: { discipline: 'ASC', name: 'ASC' },
    });
    const staffIds = members.map((member) => member.id);
    const entries = await this.entries({ staffIds }, from, to);
    await this.auditRead(actor, entries);
    return {
      siteId,
      timeZone,
      staff: members.map((member) => ({ id: member.id, name: member.name, discipline: member.discipline })),
      appointments: entries.map((entry) => this.toDto(entry, actor)),
      absences: await this.absences(staffIds, from, to, timeZone),
    };
  }

  async roomCalendar(actor: Actor, roomId: string, query: CalendarQueryDto): Promise<RoomCalendarDto> {
    const room = await this.db.getRepository(Room).findOneBy({ id: roomId });
    if (!room) throw notFound('room', roomId);
    assertSiteRecord(actor, room, 'room', roomId);
    const { from, to } = queryRange(query.from, query.to);
    const entries = await this.entries({ roomId }, from, to);
    await this.auditRead(actor, entries);
    return {
      room: { id: room.id, name: room.name, kind: room.kind },
      timeZone: (await this.sites.get(room.siteId)).timeZone,
      appointments: entries.map((entry) => this.toDto(entry, actor)),
    };
  }

  /** A patient's own visits, from now on unless asked otherwise; other patients of a group never show. */
  async myAppointments(actor: Actor, query: MyAppointmentsQueryDto): Promise<CalendarEntryDto[]> {
    if (actor.role !== 'patient' || !actor.patientId) throw new ForbiddenException('only patients have visits of their own');
    const from = query.from ?? new Date().toISOString();
    const { from: start, to: end } = queryRange(from, query.to ?? new Date(Date.parse(from) + MAX_QUERY_DAYS * DAY_MS).toISOString());
    const entries = await this.entries({ patientId: actor.patientId }, start, end, { withCancelled: true });
    await this.auditRead(actor, entries, actor.patientId);
    return entries.map((entry) => this.toDto(entry, actor));
  }

  /** A new feed for a staff member (themself or a coordinator of their site); the previous one stops working. */
  async createStaffFeed(actor: Actor, staffId: string, baseUrl: string): Promise<{ url: string; createdAt: string }> {
    await this.staffMember(actor, staffId);
    return this.createFeed({ staffId }, baseUrl);
  }

  /** A new feed for a patient (themself or a coordinator of their site); the previous one stops working. */
  async createPatientFeed(actor: Actor, patientId: string, baseUrl: string): Promise<{ url: string; createdAt: string }> {
    await this.patient(actor, patientId);
    const { url, createdAt } = await this.createFeed({ patientId }, baseUrl);
    await this.audit.record(actor, 'create', 'calendar_feed', [{ patientId, resourceId: null }]);
    return { url, createdAt };
  }

  async revokeStaffFeed(actor: Actor, staffId: string): Promise<void> {
    await this.staffMember(actor, staffId);
    await this.db.getRepository(CalendarFeed).update({ staffId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  async revokePatientFeed(actor: Actor, patientId: string): Promise<void> {
    await this.patient(actor, patientId);
    await this.db.getRepository(CalendarFeed).update({ patientId, revokedAt: IsNull() }, { revokedAt: new Date() });
    await this.audit.record(actor, 'update', 'calendar_feed', [{ patientId, resourceId: null }]);
  }

  /** The iCalendar text of a live feed; a revoked or unknown token is a 404, like any wrong address. */
  async feed(token: string, clientAddress: string | null): Promise<string> {
    const feed = await this.db.getRepository(CalendarFeed).findOneBy({ tokenHash: sha256Hex(token), revokedAt: IsNull() });
    if (!feed) throw notFound('calendar feed', 'this address');
    const from = new Date(Date.now() - FEED_PAST_DAYS * DAY_MS);
    const to = new Date(Date.now() + FEED_FUTURE_DAYS * DAY_MS);
    if (feed.staffId) {
      const member = await this.db.getRepository(StaffMember).findOneByOrFail({ id: feed.staffId });
      const entries = await this.entries({ staffIds: [member.id] }, from, to, { withCancelled: true });
      await this.auditFeed(feed, entries, clientAddress);
      return toICalendar(`Rehab – ${member.name}`, entries, 'staff');
    }
    const entries = await this.entries({ patientId: feed.patientId! }, from, to, { withCancelled: true });
    await this.auditFeed(feed, entries, clientAddress);
    return toICalendar('Mina besök – smärtrehabilitering', entries, 'patient');
  }

  private async createFeed(owner: { staffId: string } | { patientId: string }, baseUrl: string): Promise<{ url: string; createdAt: string }> {
    const token = newSecretToken();
    const feed = await this.db.transaction(async (manager) => {
      await manager.update(CalendarFeed, { ...owner, revokedAt: IsNull() }, { revokedAt: new Date() });
      return manager.save(manager.create(CalendarFeed, { ...owner, tokenHash: sha256Hex(token) }));
    });
    return { url: `${baseUrl}/calendar-feeds/${token}.ics`, createdAt: feed.createdAt.toISOString() };
  }

  private async staffMember(actor: Principal, staffId: string): Promise<StaffMember> {
    const member = await this.db.getRepository(StaffMember).findOneBy({ id: staffId });
    if (!member) throw notFound('staff member', staffId);
    assertStaffRecord(actor, member, 'staff member', staffId);
    if (actor.role === 'clinician' && actor.staffId !== staffId) throw new ForbiddenException("a clinician sees only their own calendar");
    return member;
  }

  private async patient(actor: Principal, patientId: string): Promise<Patient> {
    const patient = await this.db.getRepository(Patient).findOneBy({ id: patientId });
    if (!patient) throw notFound('patient', patientId);
    assertPatientAccess(actor, patient);
    if (actor.role === 'clinician') throw new ForbiddenException("a patient's calendar feed is set up by the patient or a coordinator");
    return patient;
  }

  /** Appointments overlapping [from, to) in the scope, by start, with staff, patients and room by name. */
  private async entries(scope: Scope, from: Date, to: Date, { withCancelled = false } = {}): Promise<CalendarEntry[]> {
    const [filter, value] =
      'staffIds' in scope
        ? ['a.id IN (SELECT appointment_id FROM appointment_staff WHERE staff_id = ANY($3))', scope.staffIds]
        : 'roomId' in scope
          ? ['a.room_id = $3', scope.roomId]
          : ['a.id IN (SELECT appointment_id FROM appointment_patients WHERE patient_id = $3)', scope.patientId];
    const rows: EntryRow[] = await this.db.query(
      `SELECT a.id, a.kind, a.status, a.starts_at, a.ends_at, a.updated_at, a.revision, a.assessment_id, a.assessment_part,
              a.group_program_id, a.session_number, a.individual_program_id, s.name AS site_name, s.time_zone,
              r.id AS room_id, r.name AS room_name,
              COALESCE((SELECT json_agg(json_build_object('id', m.id, 'name', m.name, 'discipline', m.discipline) ORDER BY m.name)
                          FROM appointment_staff x JOIN staff_members m ON m.id = x.staff_id WHERE x.appointment_id = a.id), '[]') AS staff,
              COALESCE((SELECT json_agg(json_build_object('id', p.id, 'name', p.name) ORDER BY p.name)
                          FROM appointment_patients x JOIN patients p ON p.id = x.patient_id WHERE x.appointment_id = a.id), '[]') AS patients
         FROM appointments a JOIN sites s ON s.id = a.site_id LEFT JOIN rooms r ON r.id = a.room_id
        WHERE a.during && tstzrange($1, $2) AND ${filter} AND ($4 OR a.status <> 'cancelled')
        ORDER BY a.starts_at, a.id`,
      [from, to, value, withCancelled],
    );
    return rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      status: row.status,
      start: row.starts_at,
      end: row.ends_at,
      updatedAt: row.updated_at,
      revision: row.revision,
      siteName: row.site_name,
      timeZone: row.time_zone,
      room: row.room_id ? { id: row.room_id, name: row.room_name! } : null,
      staff: row.staff,
      patients: row.patients,
      assessment: row.assessment_id ? { id: row.assessment_id, part: row.assessment_part! } : null,
      groupProgram: row.group_program_id ? { id: row.group_program_id, sessionNumber: row.session_number! } : null,
      individualProgramId: row.individual_program_id,
    }));
  }

  private async absences(staffIds: readonly string[], from: Date, to: Date, timeZone: string): Promise<AbsenceEntryDto[]> {
    const rows: { staff_id: string; starts_at: Date; ends_at: Date; reason: string }[] = await this.db.query(
      `SELECT staff_id, starts_at, ends_at, reason FROM staff_absences
        WHERE staff_id = ANY($1) AND starts_at < $3 AND ends_at > $2 ORDER BY starts_at, staff_id`,
      [staffIds, from, to],
    );
    return rows.map((row) => ({ staffId: row.staff_id, start: formatInstant(row.starts_at, timeZone), end: formatInstant(row.ends_at, timeZone), reason: row.reason }));
  }

  /**
   * Patients by initials; by name for coordinators, and for clinicians on the appointment (they
   * treat them). A patient sees only themself.
   */
  private toDto(entry: CalendarEntry, viewer: Principal): CalendarEntryDto {
    const named = viewer.role === 'admin' || viewer.role === 'coordinator' || (viewer.role === 'clinician' && entry.staff.some((m) => m.id === viewer.staffId));
    const patients = viewer.role === 'patient' ? entry.patients.filter((p) => p.id === viewer.patientId) : entry.patients;
    return {
      id: entry.id,
      kind: entry.kind,
      label: visitLabel(entry),
      status: entry.status,
      start: formatInstant(entry.start, entry.timeZone),
      end: formatInstant(entry.end, entry.timeZone),
      room: entry.room,
      staff: entry.staff,
      patients: patients.map((p) => ({ id: p.id, initials: initialsOf(p.name), ...(named || viewer.role === 'patient' ? { name: p.name } : {}) })),
      assessment: entry.assessment,
      groupProgram: entry.groupProgram,
      individualProgramId: entry.individualProgramId,
    };
  }

  /** Every patient shown is logged; a patient is shown only themself. */
  private async auditRead(actor: AuditActor, entries: readonly CalendarEntry[], onlyPatientId?: string | null): Promise<void> {
    const shown = (entry: CalendarEntry) => (onlyPatientId ? entry.patients.filter((p) => p.id === onlyPatientId) : entry.patients);
    await this.audit.record(actor, 'read', 'appointment', entries.flatMap((entry) => shown(entry).map((p) => ({ patientId: p.id, resourceId: entry.id }))));
  }

  /** A calendar app reads a feed on its owner's behalf, without a session; its address shows where a leaked feed address is used. */
  private async auditFeed(feed: CalendarFeed, entries: readonly CalendarEntry[], clientAddress: string | null): Promise<void> {
    const actor: AuditActor = {
      userId: null,
      username: feed.staffId ? `calendar feed of staff member ${feed.staffId}` : `calendar feed of patient ${feed.patientId}`,
      role: feed.staffId ? 'clinician' : 'patient',
      endpoint: 'GET /calendar-feeds/:token.ics',
      clientAddress,
    };
    await this.auditRead(actor, entries, feed.patientId);
  }
}

interface EntryRow {
  id: string;
  kind: CalendarEntry['kind'];
  status: CalendarEntry['status'];
  starts_at: Date;
  ends_at: Date;
  updated_at: Date;
  revision: number;
  assessment_id: string | null;
  assessment_part: string | null;
  group_program_id: string | null;
  session_number: number | null;
  individual_program_id: string | null;
  site_name: string;
  time_zone: string;
  room_id: string | null;
  room_name: string | null;
  staff: CalendarEntry['staff'];
  patients: CalendarEntry['patients'];
}
