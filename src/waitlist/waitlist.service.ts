import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppointmentViews } from '../calendar/appointment-views';
import { AppointmentDto } from '../calendar/appointment-view.dto';
import { Appointment } from '../calendar/appointment.entity';
import { BookingService } from '../calendar/booking.service';
import { AuditService } from '../access/audit.service';
import { Actor } from '../access/principal';
import { assertSiteRecord, scopedSiteId } from '../access/site-access';
import { badRequest, notFound, stateConflict, unprocessable } from '../common/api-errors';
import { formatInstant, localDateOf } from '../core/time/local-time';
import { resolveSiteSettings } from '../core/rules/site-settings';
import { Site } from '../sites/site.entity';
import { SitesService } from '../sites/sites.service';
import { waitStanding } from '../core/rules/care-guarantee';
import { CancellationCandidatesDto, WaitingReferralDto, WaitlistDto, WaitlistQueryDto } from './waitlist.dto';

/** Narrows the queue to patients who could take a freed slot at short notice. */
interface FreedSlot {
  start: Date;
  end: Date;
  /** Local date of the slot, for assessment windows. */
  date: string;
  /** The assessment part the slot served (a discipline), if it was an assessment visit. */
  assessmentPart: string | null;
  /** Patients of the cancelled appointment: they gave the time up. */
  excludedPatientIds: string[];
}

interface WaitingRow {
  id: string;
  patient_id: string;
  patient_name: string;
  received_date: string;
  care_guarantee_deadline: string;
  priority: number;
  available_at_short_notice: boolean;
  triage_outcome: WaitingReferralDto['triageOutcome'];
  /** Set for a candidate whose booked assessment still lacks the freed slot's discipline. */
  assessment_id: string | null;
}

const CANDIDATE_LIMIT = 20;

/**
 * The waiting list: accepted referrals whose patient has no booked visit for them yet, in queue
 * order (deadline, then priority, then arrival). The first booked visit ends the wait.
 */
@Injectable()
export class WaitlistService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly sites: SitesService,
    private readonly booking: BookingService,
    private readonly views: AppointmentViews,
    private readonly audit: AuditService,
  ) {}

  async waitlist(actor: Actor, query: WaitlistQueryDto): Promise<WaitlistDto> {
    const siteId = scopedSiteId(actor, query.siteId);
    if (!siteId) throw badRequest([{ field: 'siteId', problem: 'is required for an admin' }]);
    const site = await this.sites.get(siteId);
    const { atRiskDays } = resolveSiteSettings(site.settings);
    const asOf = query.asOf ?? localDateOf(new Date(), site.timeZone);
    const [counts] = await this.db.query(
      `SELECT count(*)::int AS total,
              count(*) FILTER (WHERE care_guarantee_deadline < $2::date)::int AS breached,
              count(*) FILTER (WHERE care_guarantee_deadline >= $2::date AND care_guarantee_deadline <= $2::date + $3::int)::int AS at_risk
         FROM referrals r
        WHERE r.site_id = $1 AND r.status = 'accepted' AND ${NO_BOOKED_VISIT}`,
      [siteId, asOf, atRiskDays],
    );
    const offset = query.offset ?? 0;
    const rows = await this.waiting(siteId, query.limit ?? 50, offset);
    const items = rows.map((row, i) => toWaitingReferral(row, offset + i + 1, asOf, atRiskDays));
    await this.audit.record(actor, 'read', 'referral', rows.map((r) => ({ patientId: r.patient_id, resourceId: r.id })));
    return { siteId, asOf, total: counts.total, atRisk: counts.at_risk, breached: counts.breached, items };
  }

  /** Återbudslista: who, in queue order, could take the time a cancelled appointment freed. */
  async cancellationCandidates(actor: Actor, appointmentId: string): Promise<CancellationCandidatesDto> {
    const { appointment, site, freed } = await this.cancelledAppointment(actor, appointmentId);
    const { atRiskDays } = resolveSiteSettings(site.settings);
    const rows = await this.waiting(site.id, CANDIDATE_LIMIT, 0, freed);
    const today = localDateOf(new Date(), site.timeZone);
    await this.audit.record(actor, 'read', 'referral', rows.map((r) => ({ patientId: r.patient_id, resourceId: r.id })));
    return {
      appointmentId,
      start: formatInstant(appointment.startsAt, site.timeZone),
      end: formatInstant(appointment.endsAt, site.timeZone),
      candidates: rows.map((row, i) => toWaitingReferral(row, i + 1, today, atRiskDays)),
    };
  }

  /** Books a candidate into the freed slot: same time, staff, room and kind, in one call. */
  async fillFromCancellationList(actor: Actor, appointmentId: string, referralId: string): Promise<AppointmentDto> {
    const { appointment, freed } = await this.cancelledAppointment(actor, appointmentId);
    const candidate = (await this.waiting(appointment.siteId, CANDIDATE_LIMIT, 0, freed, referralId))[0];
    if (!candidate) {
      throw unprocessable([{ field: 'referralId', problem: 'is not on the cancellation list for this time (accepted, waiting, available at short notice, free then)' }]);
    }
    const { staffIds } = await this.booking.participants(this.db.manager, appointmentId);
    return this.booking.transaction(async (manager) => {
      const [booked] = await this.booking.book(manager, [
        {
          start: freed.start,
          end: freed.end,
          siteId: appointment.siteId,
          kind: appointment.kind,
          roomId: appointment.roomId,
          staffIds,
          patientIds: [candidate.patient_id],
          referralId,
          // A candidate with a booked assessment gets the visit it lacks as part of that assessment.
          links: candidate.assessment_id ? { assessmentId: candidate.assessment_id, assessmentPart: freed.assessmentPart } : {},
        },
      ]);
      await this.audit.record(actor, 'create', 'appointment', [{ patientId: candidate.patient_id, resourceId: booked.id }], manager);
      return (await this.views.of(manager, [booked.id], actor))[0];
    });
  }

  private async cancelledAppointment(actor: Actor, appointmentId: string) {
    const appointment = await this.db.getRepository(Appointment).findOneBy({ id: appointmentId });
    if (!appointment) throw notFound('appointment', appointmentId);
    assertSiteRecord(actor, appointment, 'appointment', appointmentId);
    if (appointment.status !== 'cancelled') throw stateConflict('only a cancelled appointment frees time for the cancellation list', { status: appointment.status });
    const site = await this.db.getRepository(Site).findOneByOrFail({ id: appointment.siteId });
    const { patientIds } = await this.booking.participants(this.db.manager, appointmentId);
    const freed: FreedSlot = {
      start: appointment.startsAt,
      end: appointment.endsAt,
      date: localDateOf(appointment.startsAt, site.timeZone),
      assessmentPart: appointment.assessmentPart === 'feedback' ? null : appointment.assessmentPart,
      excludedPatientIds: patientIds,
    };
    return { appointment, site, freed };
  }

  /**
   * Waiting referrals in queue order. For a freed slot: only patients who can come at short notice
   * and are free then; and when the slot was an assessment visit, also patients whose booked
   * assessment still lacks that discipline within its window.
   */
  private waiting(siteId: string, limit: number, offset: number, freed?: FreedSlot, referralId?: string): Promise<WaitingRow[]> {
    const params: unknown[] = [siteId, limit, offset];
    const param = (value: unknown) => `$${params.push(value)}`;
    const waiting = NO_BOOKED_VISIT;
    const conditions = [`r.site_id = $1`, `r.status = 'accepted'`];
    if (!freed) conditions.push(waiting);
    else {
      const lacksPart = freed.assessmentPart
        ? `(s.id IS NOT NULL AND ${param(freed.date)}::date BETWEEN s.window_start AND s.window_end
            AND NOT EXISTS (SELECT 1 FROM appointments v WHERE v.assessment_id = s.id AND v.assessment_part = ${param(freed.assessmentPart)} AND v.status <> 'cancelled'))`
        : 'false';
      conditions.push(
        `(${waiting} OR ${lacksPart})`,
        `r.available_at_short_notice`,
        `r.patient_id <> ALL(${param(freed.excludedPatientIds)}::uuid[])`,
        `NOT EXISTS (SELECT 1 FROM appointment_patients ap WHERE ap.patient_id = r.patient_id AND ap.active AND ap.during && tstzrange(${param(freed.start)}, ${param(freed.end)}))`,
      );
    }
    if (referralId) conditions.push(`r.id = ${param(referralId)}`);
    return this.db.query(
      `SELECT r.id, r.patient_id, p.name AS patient_name, r.received_date, r.care_guarantee_deadline, r.priority,
              r.available_at_short_notice, r.triage->>'outcome' AS triage_outcome, s.id AS assessment_id
         FROM referrals r JOIN patients p ON p.id = r.patient_id
         LEFT JOIN assessments s ON s.referral_id = r.id AND s.status = 'booked'
        WHERE ${conditions.join(' AND ')}
        ORDER BY r.care_guarantee_deadline, r.priority, r.received_date, r.id
        LIMIT $2 OFFSET $3`,
      params,
    );
  }
}

/** A referral still waits while no visit for it is booked (cancelled ones do not count). */
const NO_BOOKED_VISIT = `NOT EXISTS (SELECT 1 FROM appointments a WHERE a.referral_id = r.id AND a.status <> 'cancelled')`;

function toWaitingReferral(row: WaitingRow, position: number, today: string, atRiskDays: number): WaitingReferralDto {
  return {
    position,
    referralId: row.id,
    patientId: row.patient_id,
    patientName: row.patient_name,
    receivedDate: row.received_date,
    careGuaranteeDeadline: row.care_guarantee_deadline,
    ...waitStanding(row.care_guarantee_deadline, today, atRiskDays),
    priority: row.priority,
    availableAtShortNotice: row.available_at_short_notice,
    triageOutcome: row.triage_outcome,
  };
}
