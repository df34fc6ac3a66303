import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Appointment } from '../calendar/appointment.entity';
import { Site } from '../sites/site.entity';
import type { WaitingReferralDto } from './waitlist.dto';

/** Narrows the queue to patients who could take a freed slot at short notice. */
export interface FreedSlot {
  start: Date;
  end: Date;
  /** Local date of the slot, for assessment windows. */
  date: string;
  /** The assessment part the slot served (a discipline), if it was an assessment visit. */
  assessmentPart: string | null;
  /** Patients of the cancelled appointment: they gave the time up. */
  excludedPatientIds: string[];
}

export interface WaitingRow {
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

/** A referral still waits while no visit for it is booked (cancelled ones do not count). */
const NO_BOOKED_VISIT = `NOT EXISTS (SELECT 1 FROM appointments a WHERE a.referral_id = r.id AND a.status <> 'cancelled')`;

/** The waiting list's reads: the queue of accepted referrals, and the cancelled appointment that frees a slot. */
@Injectable()
export class WaitlistRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** How many wait at the site, and how many of them are past the deadline or within `atRiskDays` of it on `asOf`. */
  async counts(siteId: string, asOf: string, atRiskDays: number): Promise<{ total: number; breached: number; at_risk: number }> {
    const [counts] = await this.db.query(
      `SELECT count(*)::int AS total,
              count(*) FILTER (WHERE care_guarantee_deadline < $2::date)::int AS breached,
              count(*) FILTER (WHERE care_guarantee_deadline >= $2::date AND care_guarantee_deadline <= $2::date + $3::int)::int AS at_risk
         FROM referrals r
        WHERE r.site_id = $1 AND r.status = 'accepted' AND ${NO_BOOKED_VISIT}`,
      [siteId, asOf, atRiskDays],
    );
    return counts;
  }

  /**
   * Waiting referrals in queue order. For a freed slot: only patients who can come at short notice
   * and are free then; and when the slot was an assessment visit, also patients whose booked
   * assessment still lacks that discipline within its window.
   */
  waiting(siteId: string, limit: number, offset: number, freed?: FreedSlot, referralId?: string): Promise<WaitingRow[]> {
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

  appointment(id: string): Promise<Appointment | null> {
    return this.db.getRepository(Appointment).findOneBy({ id });
  }

  site(id: string): Promise<Site> {
    return this.db.getRepository(Site).findOneByOrFail({ id });
  }
}
