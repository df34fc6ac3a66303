import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppointmentViews } from '../calendar/appointment-views';
import { AppointmentDto } from '../calendar/appointment-view.dto';
import { BookingService } from '../calendar/booking.service';
import { AccessService } from '../access/access.service';
import { Actor } from '../access/principal';
import { assertSiteRecord, scopedSiteId } from '../access/site-access';
import { badRequest, notFound, problem, stateConflict, unprocessable } from '../common/api-errors';
import { formatInstant, localDateOf } from '../core/time/local-time';
import { resolveSiteSettings } from '../core/rules/site-settings';
import { SitesService } from '../sites/sites.service';
import { waitStanding } from '../core/rules/care-guarantee';
import { CancellationCandidatesDto, WaitingReferralDto, WaitlistDto, WaitlistQueryDto } from './waitlist.dto';
import { FreedSlot, WaitingRow, WaitlistRepository } from './waitlist.repository';

const CANDIDATE_LIMIT = 20;
/** Visits that belong to an assessment: a waiting patient gets them only as part of a whole one. */
const ASSESSMENT_KINDS: readonly string[] = ['assessment_visit', 'feedback_conversation'];

/**
 * The waiting list: accepted referrals whose patient has no booked visit for them yet, in queue
 * order (deadline, then priority, then arrival). The first booked visit ends the wait.
 */
@Injectable()
export class WaitlistService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly queue: WaitlistRepository,
    private readonly sites: SitesService,
    private readonly booking: BookingService,
    private readonly views: AppointmentViews,
    private readonly access: AccessService,
  ) {}

  async waitlist(actor: Actor, query: WaitlistQueryDto): Promise<WaitlistDto> {
    const siteId = scopedSiteId(actor, query.siteId);
    if (!siteId) throw badRequest([problem('siteId', 'validation.required_for_admin')]);
    const site = await this.sites.get(siteId);
    const { atRiskDays } = resolveSiteSettings(site.settings);
    const asOf = query.asOf ?? localDateOf(new Date(), site.timeZone);
    const counts = await this.queue.counts(siteId, asOf, atRiskDays);
    const offset = query.offset ?? 0;
    const rows = await this.queue.waiting(siteId, query.limit ?? 50, offset);
    const items = rows.map((row, i) => toWaitingReferral(row, offset + i + 1, asOf, atRiskDays));
    await this.access.log(actor, { action: 'read', resource: 'referral', records: asRecords(rows, siteId) });
    return { siteId, asOf, total: counts.total, atRisk: counts.at_risk, breached: counts.breached, items };
  }

  /** Återbudslista: who, in queue order, could take the time a cancelled appointment freed. */
  async cancellationCandidates(actor: Actor, appointmentId: string): Promise<CancellationCandidatesDto> {
    const { appointment, site, freed } = await this.cancelledAppointment(actor, appointmentId);
    const { atRiskDays } = resolveSiteSettings(site.settings);
    const rows = await this.queue.waiting(site.id, CANDIDATE_LIMIT, 0, freed);
    const today = localDateOf(new Date(), site.timeZone);
    await this.access.log(actor, { action: 'read', resource: 'referral', records: asRecords(rows, site.id) });
    return {
      appointmentId,
      start: formatInstant(appointment.startsAt, site.timeZone),
      end: formatInstant(appointment.endsAt, site.timeZone),
      candidates: rows.map((row, i) => ({ ...toWaitingReferral(row, i + 1, today, atRiskDays), assessmentId: row.assessment_id })),
    };
  }

  /** Books a candidate into the freed slot: same time, staff, room and kind, in one call. */
  async fillFromCancellationList(actor: Actor, appointmentId: string, referralId: string): Promise<AppointmentDto> {
    const { appointment, freed } = await this.cancelledAppointment(actor, appointmentId);
    const candidate = (await this.queue.waiting(appointment.siteId, CANDIDATE_LIMIT, 0, freed, referralId))[0];
    if (!candidate) {
      throw unprocessable([problem('referralId', 'waitlist.not_a_candidate')]);
    }
    // A lone assessment visit would end the wait with one visit of four, and the next proposal would plan that discipline again.
    if (!candidate.assessment_id && ASSESSMENT_KINDS.includes(appointment.kind)) {
      throw unprocessable([problem('referralId', 'waitlist.no_assessment', { appointmentId })]);
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
      await this.access.log(actor, { action: 'create', resource: 'appointment', records: [{ id: booked.id, patientIds: [candidate.patient_id] }], manager });
      return (await this.views.of(manager, [booked.id], actor))[0];
    });
  }

  private async cancelledAppointment(actor: Actor, appointmentId: string) {
    const appointment = await this.queue.appointment(appointmentId);
    if (!appointment) throw notFound('appointment', appointmentId);
    assertSiteRecord(actor, appointment, 'appointment', appointmentId);
    if (appointment.status !== 'cancelled') throw stateConflict('freed.not_cancelled', { status: appointment.status }, { status: appointment.status });
    const site = await this.queue.site(appointment.siteId);
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
}

/** The waiting referrals of a site, as the audit log sees them. */
function asRecords(rows: readonly WaitingRow[], siteId: string) {
  return rows.map((row) => ({ id: row.id, siteId, patientIds: [row.patient_id] }));
}

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
