import { ForbiddenException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { visitLabel } from '../core/rules/visit-label';
import { AccessService, LoggedRecord } from '../access/access.service';
import { AuditActor } from '../access/audit.service';
import { Actor, Principal } from '../access/principal';
import { assertPatientAccess, assertSiteRecord, assertStaffRecord } from '../access/site-access';
import { notFound } from '../common/api-errors';
import { newSecretToken, sha256Hex } from '../common/secret-token';
import { MAX_QUERY_DAYS, queryRange } from '../common/query-range';
import { Patient } from '../patients/patient.entity';
import { PatientsRepository } from '../patients/patients.repository';
import { RoomsRepository } from '../rooms/rooms.repository';
import { formatInstant } from '../core/time/local-time';
import { maySelfCancel, selfCancelDeadline } from '../core/rules/patient-cancellation';
import { SitesService } from '../sites/sites.service';
import { StaffRepository } from '../staff/staff.repository';
import { CalendarEntry, initialsOf, toICalendar } from '../core/rules/calendar-entries';
import { interpreterOf } from '../calendar/appointment-views';
import { CalendarFeed } from './calendar-feed.entity';
import { CalendarEntriesRepository, CalendarMember, OpenMoveRequest } from './calendar-entries.repository';
import { CalendarFeedsRepository, FeedOwner } from './calendar-feeds.repository';
import {
  AbsenceEntryDto,
  CalendarEntryDto,
  CalendarQueryDto,
  MyAppointmentsQueryDto,
  OpenMoveRequestDto,
  RoomCalendarDto,
  SiteCalendarDto,
  SiteCalendarQueryDto,
  StaffCalendarDto,
} from './calendars.dto';

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
    private readonly calendars: CalendarEntriesRepository,
    private readonly feeds: CalendarFeedsRepository,
    private readonly staff: StaffRepository,
    private readonly rooms: RoomsRepository,
    private readonly patients: PatientsRepository,
    private readonly sites: SitesService,
    private readonly access: AccessService,
  ) {}

  /** The staff member themself, or a coordinator of their site. */
  async staffCalendar(actor: Actor, staffId: string, query: CalendarQueryDto): Promise<StaffCalendarDto> {
    const { timeZone, ...member } = await this.staffMember(actor, staffId);
    const { from, to } = queryRange(query.from, query.to);
    // Two reads of their own, neither waiting for the other: the screen's answer waits for one round trip, not two.
    const [entries, absences] = await Promise.all([this.calendars.entries({ staffIds: [staffId] }, from, to), this.absences([staffId], from, to, timeZone)]);
    await this.logRead(actor, entries);
    return {
      staff: { id: member.id, name: member.name, discipline: member.discipline },
      timeZone,
      appointments: entries.map((entry) => this.toDto(entry, actor)),
      absences,
    };
  }

  /** The coordinator's view of the whole team, or of one discipline. */
  async siteCalendar(actor: Actor, siteId: string, query: SiteCalendarQueryDto): Promise<SiteCalendarDto> {
    const { timeZone } = await this.sites.get(siteId);
    assertSiteRecord(actor, { siteId }, 'site', siteId);
    const { from, to } = queryRange(query.from, query.to);
    const members = await this.staff.list({ siteId, discipline: query.discipline });
    const staffIds = members.map((member) => member.id);
    const entries = await this.calendars.entries({ staffIds }, from, to, { withCancelled: query.withCancelled === 'true' });
    await this.logRead(actor, entries);
    return {
      siteId,
      timeZone,
      staff: members.map((member) => ({ id: member.id, name: member.name, discipline: member.discipline })),
      appointments: entries.map((entry) => this.toDto(entry, actor)),
      absences: await this.absences(staffIds, from, to, timeZone),
    };
  }

  async roomCalendar(actor: Actor, roomId: string, query: CalendarQueryDto): Promise<RoomCalendarDto> {
    const room = await this.rooms.findById(roomId);
    if (!room) throw notFound('room', roomId);
    assertSiteRecord(actor, room, 'room', roomId);
    const { from, to } = queryRange(query.from, query.to);
    const entries = await this.calendars.entries({ roomId }, from, to);
    await this.logRead(actor, entries);
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
    const entries = await this.calendars.entries({ patientId: actor.patientId }, start, end, { withCancelled: true });
    await this.logRead(actor, entries, actor.patientId);
    // The patient's own site's: the unit that cares for them now answers the phone and sets the rule.
    const { phone, address, cancelHoursBefore } = (await this.sites.settings(actor.siteId!)).patientService;
    // What the patient has asked already, so the visit says so instead of offering to ask again.
    const asked = await this.calendars.openMoveRequests(actor.patientId, entries.map((entry) => entry.id));
    const moveRequests = new Map(asked.map((request) => [request.appointmentId, request]));
    return entries.map((entry) => ({
      ...this.toDto(entry, actor),
      selfService: {
        unitPhone: phone,
        unitAddress: address,
        cancelHoursBefore,
        selfCancelUntil: maySelfCancel({ ...entry, patientCount: entry.patients.length }, cancelHoursBefore)
          ? formatInstant(selfCancelDeadline(entry.start, cancelHoursBefore), entry.timeZone)
          : null,
        moveRequest: moveRequestOf(moveRequests.get(entry.id), entry.timeZone),
      },
    }));
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
    await this.access.log(actor, { action: 'create', resource: 'calendar_feed', records: [{ id: null, patientIds: [patientId] }] });
    return { url, createdAt };
  }

  async revokeStaffFeed(actor: Actor, staffId: string): Promise<void> {
    await this.staffMember(actor, staffId);
    await this.feeds.revoke({ staffId });
  }

  async revokePatientFeed(actor: Actor, patientId: string): Promise<void> {
    await this.patient(actor, patientId);
    await this.feeds.revoke({ patientId });
    await this.access.log(actor, { action: 'update', resource: 'calendar_feed', records: [{ id: null, patientIds: [patientId] }] });
  }

  /** The iCalendar text of a live feed; a revoked or unknown token is a 404, like any wrong address. */
  async feed(token: string, clientAddress: string | null): Promise<string> {
    const feed = await this.feeds.findLive(sha256Hex(token));
    if (!feed) throw notFound('calendar feed', 'this address');
    const from = new Date(Date.now() - FEED_PAST_DAYS * DAY_MS);
    const to = new Date(Date.now() + FEED_FUTURE_DAYS * DAY_MS);
    if (feed.staffId) {
      // A feed's owner exists: the feed goes with them (ON DELETE CASCADE).
      const member = (await this.staff.findById(feed.staffId))!;
      const entries = await this.calendars.entries({ staffIds: [member.id] }, from, to, { withCancelled: true });
      await this.auditFeed(feed, entries, clientAddress);
      return toICalendar(`Rehab – ${member.name}`, entries, 'staff');
    }
    const entries = await this.calendars.entries({ patientId: feed.patientId! }, from, to, { withCancelled: true });
    await this.auditFeed(feed, entries, clientAddress);
    return toICalendar('Mina besök – smärtrehabilitering', entries, 'patient');
  }

  private async createFeed(owner: FeedOwner, baseUrl: string): Promise<{ url: string; createdAt: string }> {
    const token = newSecretToken();
    const feed = await this.db.transaction(async (manager) => {
      await this.feeds.revoke(owner, manager);
      return this.feeds.add(owner, sha256Hex(token), manager);
    });
    return { url: `${baseUrl}/calendar-feeds/${token}.ics`, createdAt: feed.createdAt.toISOString() };
  }

  private async staffMember(actor: Principal, staffId: string): Promise<CalendarMember> {
    const member = await this.calendars.member(staffId);
    if (!member) throw notFound('staff member', staffId);
    assertStaffRecord(actor, member, 'staff member', staffId);
    if (actor.role === 'clinician' && actor.staffId !== staffId) throw new ForbiddenException("a clinician sees only their own calendar");
    return member;
  }

  private async patient(actor: Principal, patientId: string): Promise<Patient> {
    const patient = await this.patients.findById(patientId);
    if (!patient) throw notFound('patient', patientId);
    assertPatientAccess(actor, patient);
    if (actor.role === 'clinician') throw new ForbiddenException("a patient's calendar feed is set up by the patient or a coordinator");
    return patient;
  }

  private async absences(staffIds: readonly string[], from: Date, to: Date, timeZone: string): Promise<AbsenceEntryDto[]> {
    const absences = await this.calendars.absences(staffIds, from, to);
    return absences.map((a) => ({ staffId: a.staffId, start: formatInstant(a.startsAt, timeZone), end: formatInstant(a.endsAt, timeZone), reason: a.reason }));
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
      patients: patients.map((p) => ({
        id: p.id,
        initials: initialsOf(p.name),
        ...(named || viewer.role === 'patient' ? { name: p.name } : {}),
        interpreter: interpreterOf(p.interpreterLanguage),
      })),
      assessment: entry.assessment,
      groupProgram: entry.groupProgram,
      individualProgramId: entry.individualProgramId,
    };
  }

  /** Every patient shown to a signed-in caller is logged; the calendar's query kept to what they may see. */
  private async logRead(actor: Actor, entries: readonly CalendarEntry[], onlyPatientId?: string | null): Promise<void> {
    await this.access.log(actor, { action: 'read', resource: 'appointment', records: shownRecords(entries, onlyPatientId) });
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
    await this.access.log(actor, { action: 'read', resource: 'appointment', records: shownRecords(entries, feed.patientId) });
  }
}

function moveRequestOf(request: OpenMoveRequest | undefined, timeZone: string): OpenMoveRequestDto | null {
  return request ? { sentAt: formatInstant(request.createdAt, timeZone), note: request.note } : null;
}

/** Each appointment as the patients on it that were shown: a patient is shown only themself. */
function shownRecords(entries: readonly CalendarEntry[], onlyPatientId?: string | null): LoggedRecord[] {
  return entries.map((entry) => ({
    id: entry.id,
    patientIds: (onlyPatientId ? entry.patients.filter((p) => p.id === onlyPatientId) : entry.patients).map((p) => p.id),
  }));
}
