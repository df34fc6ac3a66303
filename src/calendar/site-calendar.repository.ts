import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { epochMs } from '../database/sql';
import { Interval } from '../core/time/interval';
import { busyFrom } from '../core/time/free-time';
import { addDays, LocalDate, localToInstant } from '../core/time/local-time';
import { resolveSiteSettings } from '../core/rules/site-settings';
import { SitesService } from '../sites/sites.service';
import { StaffMember } from '../staff/staff-member.entity';
import { SiteCalendarCache } from './site-calendar-cache';
import { AssessmentStaff } from '../core/planners/assessment/request';
import { PlannerRoom } from '../core/planners/resources';
import { VisitToCover } from '../core/planners/absence-cover';
import { SiteCalendar } from '../core/planners/assessment/site-calendar';

/**
 * Every read of busy time: a site's calendar (staff, rooms, bookings, absences, closures) for a period
 * in a handful of queries, kept by SiteCalendarCache for looking only, and the narrower uncached reads
 * a group program plans and seats patients on. Only `look` goes through the cache.
 */
@Injectable()
export class SiteCalendarRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly sites: SitesService,
    private readonly cache: SiteCalendarCache,
  ) {}

  /**
   * The calendar from `earliestDate` through `horizonDays` of later window starts, plus the window
   * and the feedback days the site's settings allow (a day of margin each side for time zones).
   * `excludeAssessmentId` leaves that assessment's own visits out, for moving them.
   */
  async load(
    siteId: string,
    earliestDate: LocalDate,
    horizonDays: number,
    patientIds: readonly string[],
    { excludeAssessmentId = null }: { excludeAssessmentId?: string | null } = {},
  ): Promise<SiteCalendar> {
    const excluded: string[] = excludeAssessmentId
      ? (await this.db.query(`SELECT id FROM appointments WHERE assessment_id = $1`, [excludeAssessmentId])).map((row: { id: string }) => row.id)
      : [];
    const calendar = await this.readSite(siteId, earliestDate, horizonDays, excluded);
    return calendar.withPatients(await this.readPatients(patientIds, calendar.period, excluded));
  }

  /**
   * The same calendar for looking only: the site's part comes from the cache, as fresh as a read
   * (see SiteCalendarCache), and only the patients' bookings are read. Never reserve on it.
   */
  async look(siteId: string, earliestDate: LocalDate, horizonDays: number, patientIds: readonly string[]): Promise<SiteCalendar> {
    const key = `${earliestDate} ${horizonDays}`;
    // The patients' bookings are read beside the cache's check, for the period of the calendar kept:
    // one round trip instead of two. Only a calendar read anew for another period reads them again.
    const kept = this.cache.peek(siteId, key);
    const [calendar, patients] = await Promise.all([
      this.cache.get(siteId, key, () => this.readSite(siteId, earliestDate, horizonDays, [])),
      kept && this.readPatients(patientIds, kept.period, []),
    ]);
    const samePeriod = kept && calendar.period.start === kept.period.start && calendar.period.end === kept.period.end;
    return calendar.withPatients(samePeriod && patients ? patients : await this.readPatients(patientIds, calendar.period, []));
  }

  /**
   * The room's bookings over `span`, cancelled ones left out. Read fresh, never cached: the cache
   * keeps one period per site for the planners' looks, and a group program's span is its own.
   */
  async roomBusy(roomId: string, span: Interval): Promise<Interval[]> {
    const busy: Interval[] = await this.db.query(
      `SELECT ${epochMs('starts_at')} AS start, ${epochMs('ends_at')} AS end FROM appointments
        WHERE room_id = $1 AND status <> 'cancelled' AND during && tstzrange(to_timestamp($2 / 1000.0), to_timestamp($3 / 1000.0))
        ORDER BY starts_at`,
      [roomId, span.start, span.end],
    );
    const [room]: { deactivated_from: string | null; time_zone: string }[] = await this.db.query(
      `SELECT r.deactivated_from::text AS deactivated_from, s.time_zone FROM rooms r JOIN sites s ON s.id = r.site_id WHERE r.id = $1`,
      [roomId],
    );
    return room ? withOutOfUse(busy, room.deactivated_from, room.time_zone, span.end) : busy;
  }

  /** The bookings and the absences of the site's staff over `span` (read, never cached, as roomBusy). */
  async staffBusy(siteId: string, span: Interval): Promise<{ bookings: StaffInterval[]; absences: (StaffInterval & { reason: string })[] }> {
    const bookings: StaffInterval[] = await this.db.query(
      `SELECT s.staff_id AS "staffId", ${epochMs('lower(s.during)')} AS start, ${epochMs('upper(s.during)')} AS end
         FROM appointment_staff s JOIN staff_members m ON m.id = s.staff_id
        WHERE m.site_id = $1 AND s.active AND s.during && tstzrange(to_timestamp($2 / 1000.0), to_timestamp($3 / 1000.0))`,
      [siteId, span.start, span.end],
    );
    const absences: (StaffInterval & { reason: string })[] = await this.db.query(
      `SELECT a.staff_id AS "staffId", ${epochMs('a.starts_at')} AS start, ${epochMs('a.ends_at')} AS end, a.reason
         FROM staff_absences a JOIN staff_members m ON m.id = a.staff_id
        WHERE m.site_id = $1 AND a.starts_at < to_timestamp($3 / 1000.0) AND a.ends_at > to_timestamp($2 / 1000.0)`,
      [siteId, span.start, span.end],
    );
    return { bookings, absences };
  }

  /** The appointments as a cover proposal needs them: time, room and its kind, patients, and staff other than `staffId`. */
  async visitsToCover(appointmentIds: readonly string[], staffId: string): Promise<VisitToCover[]> {
    if (!appointmentIds.length) return [];
    return this.db.query(
      `SELECT a.id, ${epochMs('a.starts_at')} AS start, ${epochMs('a.ends_at')} AS end, a.room_id AS "roomId", r.kind AS "roomKind",
              ARRAY(SELECT p.patient_id FROM appointment_patients p WHERE p.appointment_id = a.id AND p.active ORDER BY p.patient_id) AS "patientIds",
              ARRAY(SELECT s.staff_id FROM appointment_staff s WHERE s.appointment_id = a.id AND s.active AND s.staff_id <> $2 ORDER BY s.staff_id) AS "otherStaffIds"
         FROM appointments a LEFT JOIN rooms r ON r.id = a.room_id
        WHERE a.id = ANY($1) ORDER BY a.starts_at`,
      [appointmentIds, staffId],
    );
  }

  /**
   * For each of the appointments, another appointment of the patient's at the same time, if any:
   * where seating them would collide. Read in the caller's transaction, never cached.
   */
  async patientClashes(manager: EntityManager, appointmentIds: readonly string[], patientId: string): Promise<Map<string, string>> {
    const rows: { id: string; conflicting: string | null }[] = await manager.query(
      `SELECT a.id,
              (SELECT p.appointment_id FROM appointment_patients p
                WHERE p.patient_id = $2 AND p.active AND p.during && a.during AND p.appointment_id <> a.id LIMIT 1) AS conflicting
         FROM appointments a WHERE a.id = ANY($1)`,
      [appointmentIds, patientId],
    );
    return new Map(rows.flatMap((row) => (row.conflicting ? [[row.id, row.conflicting] as const] : [])));
  }

  private async readSite(siteId: string, earliestDate: LocalDate, horizonDays: number, excluded: readonly string[]): Promise<SiteCalendar> {
    // The site first: its calendar version then predates everything else read (see bookChecked).
    const manager = this.db.manager;
    const site = await this.sites.get(siteId, manager);
    const settings = resolveSiteSettings(site.settings);
    const lastDay = addDays(earliestDate, horizonDays + settings.assessment.windowDays + settings.assessment.feedbackExtraDays);
    const period = { start: Date.parse(`${addDays(earliestDate, -1)}T00:00:00Z`), end: Date.parse(`${addDays(lastDay, 1)}T00:00:00Z`) };
    const range = [new Date(period.start), new Date(period.end)];
    // Instants come back as epoch milliseconds and in order: thousands of rows, no Date parsing, and
    // lists the planners need not sort. Bookings also carry their ISO week in the site's zone, for
    // spreading load fairly; absences carry none.
    const [members, staffBusy, roomRows, roomBusy, closedDays] = await Promise.all([
      manager.findBy(StaffMember, { siteId }),
      manager.query(
        `SELECT s.staff_id, ${epochMs('lower(s.during)')} AS start, ${epochMs('upper(s.during)')} AS end,
                to_char(lower(s.during) AT TIME ZONE $4, 'IYYY-"W"IW') AS week
           FROM appointment_staff s JOIN staff_members m ON m.id = s.staff_id
          WHERE m.site_id = $1 AND s.active AND s.during && tstzrange($2, $3) AND s.appointment_id <> ALL($5::uuid[])
         UNION ALL
         SELECT a.staff_id, ${epochMs('a.starts_at')}, ${epochMs('a.ends_at')}, NULL
           FROM staff_absences a JOIN staff_members m ON m.id = a.staff_id
          WHERE m.site_id = $1 AND a.starts_at < $3 AND a.ends_at > $2
         ORDER BY start`,
        [siteId, ...range, site.timeZone, excluded],
      ) as Promise<{ staff_id: string; start: number; end: number; week: string | null }[]>,
      manager.query(`SELECT id, kind, deactivated_from::text AS deactivated_from FROM rooms WHERE site_id = $1 ORDER BY name`, [siteId]) as Promise<RoomRow[]>,
      manager.query(
        `SELECT room_id, ${epochMs('starts_at')} AS start, ${epochMs('ends_at')} AS end FROM appointments
          WHERE site_id = $1 AND room_id IS NOT NULL AND status <> 'cancelled' AND during && tstzrange($2, $3)
            AND id <> ALL($4::uuid[])
          ORDER BY starts_at`,
        [siteId, ...range, excluded],
      ) as Promise<{ room_id: string; start: number; end: number }[]>,
      this.sites.closedDays(siteId, manager),
    ]);

    const busyByStaff = groupIntervals(staffBusy, (row) => row.staff_id);
    const minutesByStaff = new Map<string, Record<string, number>>();
    for (const row of staffBusy) {
      if (!row.week) continue;
      const weeks = minutesByStaff.get(row.staff_id) ?? {};
      weeks[row.week] = (weeks[row.week] ?? 0) + (row.end - row.start) / 60_000;
      minutesByStaff.set(row.staff_id, weeks);
    }
    const staff: AssessmentStaff[] = members.map((member) => ({
      id: member.id,
      name: member.name,
      discipline: member.discipline,
      workingHours: member.workingHours,
      busy: busyByStaff.get(member.id) ?? [],
      bookedMinutesByWeek: minutesByStaff.get(member.id) ?? {},
    }));
    const busyByRoom = groupIntervals(roomBusy, (row) => row.room_id);
    const rooms: PlannerRoom[] = roomRows.map((room) => ({
      id: room.id,
      kind: room.kind,
      busy: withOutOfUse(busyByRoom.get(room.id) ?? [], room.deactivated_from, site.timeZone, period.end),
    }));
    return new SiteCalendar(site, settings, closedDays, staff, rooms, period);
  }

  private async readPatients(patientIds: readonly string[], period: Interval, excluded: readonly string[]): Promise<Map<string, Interval[]>> {
    if (!patientIds.length) return new Map();
    const rows: { patient_id: string; start: number; end: number }[] = await this.db.query(
      `SELECT p.patient_id, ${epochMs('lower(p.during)')} AS start, ${epochMs('upper(p.during)')} AS end
         FROM appointment_patients p
        WHERE p.patient_id = ANY($1) AND p.active AND p.during && tstzrange($2, $3) AND p.appointment_id <> ALL($4::uuid[])
        ORDER BY start`,
      [patientIds, new Date(period.start), new Date(period.end), excluded],
    );
    return groupIntervals(rows, (row) => row.patient_id);
  }
}

interface RoomRow {
  id: string;
  kind: string;
  deactivated_from: LocalDate | null;
}

/** A room out of use from a local date is busy from that date's start on: no planner places a visit there. */
function withOutOfUse(busy: Interval[], deactivatedFrom: LocalDate | null, zone: string, until: number): Interval[] {
  return deactivatedFrom ? busyFrom(busy, localToInstant(deactivatedFrom, '00:00', zone).getTime(), until) : busy;
}

/** A staff member's booking or absence. */
export interface StaffInterval extends Interval {
  staffId: string;
}

function groupIntervals<T extends { start: number; end: number }>(rows: readonly T[], keyOf: (row: T) => string): Map<string, Interval[]> {
  const groups = new Map<string, Interval[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const list = groups.get(key) ?? [];
    list.push({ start: row.start, end: row.end });
    groups.set(key, list);
  }
  return groups;
}
