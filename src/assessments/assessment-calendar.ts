import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { DataSource, EntityManager } from 'typeorm';
import { AppointmentDraft } from '../appointments/appointment-draft';
import { ClosedDays } from '../scheduling/holidays';
import { Interval } from '../scheduling/interval';
import { LocalDate } from '../scheduling/local-time';
import { resolveSiteSettings, SiteSettings } from '../sites/site-settings';
import { Site } from '../sites/site.entity';
import { SitesService } from '../sites/sites.service';
import { StaffMember } from '../staff/staff-member.entity';
import { Discipline } from '../staff/discipline';
import { AssessmentPlanRequest, PlannerRoom, PlannerStaff, UnavailableTime } from './assessment-planner';

export const REQUIRED_PARTS: readonly Discipline[] = ['nurse', 'physician', 'physiotherapist', 'psychologist'];

export interface PlanOptions {
  earliestDate: LocalDate;
  includeOccupationalTherapist?: boolean;
  preferredStaff?: Partial<Record<Discipline, string>>;
  patientUnavailable?: UnavailableTime[];
  maxVisitsPerDay?: number;
}

/**
 * A site's free/busy picture over a period, in the planner's terms, kept up to date in memory as
 * visits are booked so a batch can plan many referrals on one load.
 */
export class SiteCalendar {
  constructor(
    readonly site: Site,
    readonly settings: SiteSettings,
    readonly closedDays: ClosedDays,
    readonly staff: PlannerStaff[],
    readonly rooms: PlannerRoom[],
    private readonly patientBusy: Map<string, Interval[]>,
  ) {}

  request(patientId: string, options: PlanOptions, ignoreBusy = false): AssessmentPlanRequest {
    const a = this.settings.assessment;
    const staff = ignoreBusy ? this.staff.map((s) => ({ ...s, busy: [] })) : this.staff;
    const rooms = ignoreBusy ? this.rooms.map((r) => ({ ...r, busy: [] })) : this.rooms;
    return {
      zone: this.site.timeZone,
      closedDays: this.closedDays,
      earliestDate: options.earliestDate,
      windowDays: a.windowDays,
      disciplines: options.includeOccupationalTherapist ? [...REQUIRED_PARTS, 'occupational_therapist'] : REQUIRED_PARTS,
      visitMinutes: a.visitMinutes,
      roomKindByDiscipline: a.roomKindByDiscipline,
      maxVisitsPerDay: options.maxVisitsPerDay ?? a.maxVisitsPerDay,
      feedbackMinutes: a.feedbackMinutes,
      feedbackMinWorkingDaysAfter: a.feedbackMinWorkingDaysAfter,
      feedbackExtraDays: a.feedbackExtraDays,
      feedbackRoomKind: 'office',
      slotStepMinutes: a.slotStepMinutes,
      patientBusy: ignoreBusy ? [] : (this.patientBusy.get(patientId) ?? []),
      patientUnavailable: options.patientUnavailable,
      preferredStaff: options.preferredStaff,
      staff,
      rooms,
    };
  }

  /** Marks booked visits as busy, so the next plan in a batch sees them. */
  add(drafts: readonly AppointmentDraft[]): void {
    for (const draft of drafts) {
      const interval = { start: draft.start.getTime(), end: draft.end.getTime() };
      for (const id of draft.staffIds) {
        const member = this.staff.find((s) => s.id === id);
        if (!member) continue;
        (member.busy as Interval[]).push(interval);
        const week = isoWeek(interval.start, this.site.timeZone);
        const booked = member.bookedMinutesByWeek as Record<string, number>;
        booked[week] = (booked[week] ?? 0) + (interval.end - interval.start) / 60_000;
      }
      if (draft.roomId) (this.rooms.find((r) => r.id === draft.roomId)?.busy as Interval[] | undefined)?.push(interval);
      for (const id of draft.patientIds) this.patientBusy.set(id, [...(this.patientBusy.get(id) ?? []), interval]);
    }
  }
}

/** Reads a site's calendar (staff, rooms, bookings, absences, closures) for a period in a handful of queries. */
@Injectable()
export class SiteCalendarRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly sites: SitesService,
  ) {}

  async load(siteId: string, from: Date, to: Date, patientIds: readonly string[], manager: EntityManager = this.db.manager): Promise<SiteCalendar> {
    const site = await this.sites.get(siteId, manager);
    const range = [from, to];
    const members = await manager.findBy(StaffMember, { siteId });
    const staffBusy: { staff_id: string; start: Date; end: Date; booked: boolean }[] = await manager.query(
      `SELECT s.staff_id, lower(s.during) AS start, upper(s.during) AS end, true AS booked
         FROM appointment_staff s JOIN staff_members m ON m.id = s.staff_id
        WHERE m.site_id = $1 AND s.active AND s.during && tstzrange($2, $3)
       UNION ALL
       SELECT a.staff_id, a.starts_at, a.ends_at, false
         FROM staff_absences a JOIN staff_members m ON m.id = a.staff_id
        WHERE m.site_id = $1 AND a.starts_at < $3 AND a.ends_at > $2`,
      [siteId, ...range],
    );
    const roomRows: { id: string; kind: string }[] = await manager.query(`SELECT id, kind FROM rooms WHERE site_id = $1 ORDER BY name`, [siteId]);
    const roomBusy: { room_id: string; start: Date; end: Date }[] = await manager.query(
      `SELECT room_id, starts_at AS start, ends_at AS end FROM appointments
        WHERE site_id = $1 AND room_id IS NOT NULL AND status <> 'cancelled' AND during && tstzrange($2, $3)`,
      [siteId, ...range],
    );
    const patientRows: { patient_id: string; start: Date; end: Date }[] = patientIds.length
      ? await manager.query(
          `SELECT patient_id, lower(during) AS start, upper(during) AS end FROM appointment_patients
            WHERE patient_id = ANY($1) AND active AND during && tstzrange($2, $3)`,
          [patientIds, ...range],
        )
      : [];

    const interval = (row: { start: Date; end: Date }) => ({ start: row.start.getTime(), end: row.end.getTime() });
    const staff: PlannerStaff[] = members.map((member) => {
      const rows = staffBusy.filter((row) => row.staff_id === member.id);
      const bookedMinutesByWeek: Record<string, number> = {};
      for (const row of rows.filter((r) => r.booked)) {
        const week = isoWeek(row.start.getTime(), site.timeZone);
        bookedMinutesByWeek[week] = (bookedMinutesByWeek[week] ?? 0) + (row.end.getTime() - row.start.getTime()) / 60_000;
      }
      return { id: member.id, name: member.name, discipline: member.discipline, workingHours: member.workingHours, busy: rows.map(interval), bookedMinutesByWeek };
    });
    const rooms: PlannerRoom[] = roomRows.map((room) => ({ id: room.id, kind: room.kind, busy: roomBusy.filter((b) => b.room_id === room.id).map(interval) }));
    const patientBusy = new Map<string, Interval[]>();
    for (const row of patientRows) patientBusy.set(row.patient_id, [...(patientBusy.get(row.patient_id) ?? []), interval(row)]);
    return new SiteCalendar(site, resolveSiteSettings(site.settings), await this.sites.closedDays(siteId, manager), staff, rooms, patientBusy);
  }
}

function isoWeek(instant: number, zone: string): string {
  return DateTime.fromMillis(instant, { zone }).toFormat("kkkk-'W'WW");
}
