import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { Appointment } from '../calendar/appointment.entity';
import { AssessmentOutcome } from '../core/vocabulary';
import { Referral } from '../episodes/referral.entity';
import { Site } from '../sites/site.entity';
import { Assessment, AssessmentPart } from './assessment.entity';

/** What booking an assessment stores; the rest is the database's (id, creation time) or comes later. */
export type NewAssessment = Pick<Assessment, 'referralId' | 'siteId' | 'patientId' | 'status' | 'windowStart' | 'windowEnd'>;

/** A visit of an assessment and the part it is. */
export interface AssessmentVisit {
  id: string;
  part: AssessmentPart;
}

/** A referral, whether it has an assessment booked, and its site's time zone. */
export interface ReferralToAssess {
  referral: Referral;
  booked: boolean;
  timeZone: string;
}

/** A referral of a batch and the booked assessment it has now, if any, with its first and last visit. */
export interface ReferralAssessment {
  referralId: string;
  assessmentId: string | null;
  firstVisit: Date | null;
  lastVisitEnd: Date | null;
}

/**
 * Assessments and what they are read with: their referral, their visits and the waiting list they
 * are booked from. Visits are written through BookingService and only read here; referrals are the
 * episodes floor's to write and only read here too.
 */
@Injectable()
export class AssessmentsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Inserts the assessments and answers their ids, in order. */
  async insert(assessments: readonly NewAssessment[], manager: EntityManager = this.db.manager): Promise<string[]> {
    const { identifiers } = await manager.insert(Assessment, [...assessments]);
    return identifiers.map((identifier) => identifier.id as string);
  }

  find(id: string, manager: EntityManager = this.db.manager): Promise<Assessment | null> {
    return manager.findOneBy(Assessment, { id });
  }

  /** The assessment, locked against other changes until the caller's transaction ends. */
  findForUpdate(id: string, manager: EntityManager): Promise<Assessment | null> {
    return manager.findOne(Assessment, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }


  async recordOutcome(id: string, outcome: AssessmentOutcome, note: string | null, manager: EntityManager): Promise<void> {
    await manager.update(Assessment, { id }, { outcome, outcomeNote: note, outcomeRecordedAt: new Date() });
  }

  async markCancelled(id: string, reason: string, manager: EntityManager): Promise<void> {
    await manager.update(Assessment, { id }, { status: 'cancelled', cancelReason: reason });
  }

  /** Every visit of the assessment, in any state. */
  async visitIds(id: string, manager: EntityManager = this.db.manager): Promise<string[]> {
    const rows: { id: string }[] = await manager.query(`SELECT id FROM appointments WHERE assessment_id = $1`, [id]);
    return rows.map((row) => row.id);
  }

  /** Every visit of the assessment with its part, in order of time. */
  async visits(id: string, manager: EntityManager = this.db.manager): Promise<AssessmentVisit[]> {
    const rows: { id: string; assessment_part: AssessmentPart }[] = await manager.query(
      `SELECT id, assessment_part FROM appointments WHERE assessment_id = $1 ORDER BY starts_at`,
      [id],
    );
    return rows.map((row) => ({ id: row.id, part: row.assessment_part }));
  }

  /** The visits of the assessment still booked. */
  bookedVisits(id: string, manager: EntityManager = this.db.manager): Promise<Appointment[]> {
    return manager.findBy(Appointment, { assessmentId: id, status: 'booked' });
  }

  /** Every visit of the assessment, in any state (a cancelled one is a part to book again). */
  allVisits(id: string, manager: EntityManager = this.db.manager): Promise<Appointment[]> {
    return manager.findBy(Appointment, { assessmentId: id });
  }

  /** Any appointment, for the time a cancelled one freed. */
  appointment(id: string, manager: EntityManager = this.db.manager): Promise<Appointment | null> {
    return manager.findOneBy(Appointment, { id });
  }

  /** The feedback conversation that was or will be held (booked or attended), if any. */
  heldFeedback(id: string, manager: EntityManager = this.db.manager): Promise<Appointment | null> {
    return manager.findOneBy(Appointment, { assessmentId: id, assessmentPart: 'feedback', status: In(['booked', 'attended']) });
  }

  /** The staff of each appointment, by id. */
  async staffByAppointment(appointmentIds: readonly string[], manager: EntityManager = this.db.manager): Promise<Map<string, string[]>> {
    const rows: { appointment_id: string; staff_id: string }[] = await manager.query(
      `SELECT appointment_id, staff_id FROM appointment_staff WHERE appointment_id = ANY($1) ORDER BY staff_id`,
      [appointmentIds],
    );
    const map = new Map<string, string[]>();
    for (const row of rows) map.set(row.appointment_id, [...(map.get(row.appointment_id) ?? []), row.staff_id]);
    return map;
  }

  /**
   * The referral with what booking its assessment checks first, in one statement: whether it has an
   * assessment booked (not cancelled), and its site's time zone.
   */
  async referralToAssess(id: string, manager: EntityManager = this.db.manager): Promise<ReferralToAssess | null> {
    const { entities, raw } = await manager
      .createQueryBuilder(Referral, 'r')
      .innerJoin(Site, 'site', 'site.id = r.siteId')
      .addSelect('site.time_zone', 'site_time_zone')
      .addSelect(`EXISTS (SELECT 1 FROM assessments s WHERE s.referral_id = r.id AND s.status = 'booked')`, 'booked')
      .where('r.id = :id', { id })
      .getRawAndEntities<{ site_time_zone: string; booked: boolean }>();
    return entities[0] ? { referral: entities[0], booked: raw[0].booked, timeZone: raw[0].site_time_zone } : null;
  }

  /** The referral an assessment was booked for, which always exists. */
  referralOf(assessment: Assessment, manager: EntityManager = this.db.manager): Promise<Referral> {
    return manager.findOneByOrFail(Referral, { id: assessment.referralId });
  }

  referrals(ids: readonly string[], manager: EntityManager = this.db.manager): Promise<Referral[]> {
    return manager.findBy(Referral, { id: In([...ids]) });
  }

  /** The site's referrals waiting for an assessment (of `only`, when given), in queue order: deadline, priority, arrival. */
  async waitingReferralIds(siteId: string, only?: readonly string[], manager: EntityManager = this.db.manager): Promise<string[]> {
    const rows: { id: string }[] = await manager.query(
      `SELECT r.id FROM referrals r
        WHERE r.site_id = $1 AND r.status = 'accepted' AND ($2::uuid[] IS NULL OR r.id = ANY($2))
          AND NOT EXISTS (SELECT 1 FROM assessments s WHERE s.referral_id = r.id AND s.status = 'booked')
        ORDER BY r.care_guarantee_deadline, r.priority, r.received_date, r.id`,
      [siteId, only ?? null],
    );
    return rows.map((r) => r.id);
  }

  /** Each referral's booked assessment, if it has one, with the start of its first visit and the end of its last. */
  async bookedAssessmentsOf(referralIds: readonly string[], manager: EntityManager = this.db.manager): Promise<ReferralAssessment[]> {
    const rows: { referral_id: string; id: string | null; first_visit: Date | null; last_visit_end: Date | null }[] = await manager.query(
      `SELECT r.id AS referral_id, s.id, min(a.starts_at) AS first_visit, max(a.ends_at) AS last_visit_end
         FROM unnest($1::uuid[]) AS r(id)
         LEFT JOIN assessments s ON s.referral_id = r.id AND s.status = 'booked'
         LEFT JOIN appointments a ON a.assessment_id = s.id
        GROUP BY r.id, s.id`,
      [referralIds],
    );
    return rows.map((row) => ({ referralId: row.referral_id, assessmentId: row.id, firstVisit: row.first_visit, lastVisitEnd: row.last_visit_end }));
  }
}
