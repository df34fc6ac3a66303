import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { BookingService } from '../appointments/booking.service';
import { Actor } from '../auth/principal';
import { assertSiteAccess } from '../auth/site-access';
import { Job } from '../jobs/job.entity';
import { JobProgress, JobsService } from '../jobs/jobs.service';
import { Referral } from '../referrals/referral.entity';
import { addDays, localDateOf } from '../scheduling/local-time';
import { SitesService } from '../sites/sites.service';
import { BatchRequestDto } from './assessments.dto';
import { AssessmentsService, planWithinHorizon } from './assessments.service';

export type BatchOutcome =
  | { referralId: string; status: 'booked'; assessmentId: string; firstVisit: string; lastVisitEnd: string }
  | { referralId: string; status: 'not_possible'; reason: string };

/** Progress is written every this many referrals: often enough to watch, rarely enough to cost nothing. */
const PROGRESS_EVERY = 10;

/**
 * Books the waiting list in care-guarantee order, each referral in its own transaction, so one
 * that cannot be booked never holds up the rest. The calendar is read once and kept current in
 * memory; a slot taken by someone else meanwhile makes that referral re-plan on a fresh read.
 */
@Injectable()
export class AssessmentBatchService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly assessments: AssessmentsService,
    private readonly booking: BookingService,
    private readonly sites: SitesService,
    private readonly jobs: JobsService,
  ) {}

  async start(actor: Actor, dto: BatchRequestDto): Promise<Job> {
    assertSiteAccess(actor, dto.siteId);
    const referralIds = await this.queue(dto.siteId, dto.referralIds);
    return this.jobs.start('book-waitlist', dto.siteId, referralIds.length, (progress) => this.run(actor, dto.siteId, referralIds, dto.earliestDate, progress));
  }

  /** The waiting referrals to book, in queue order: deadline, priority, arrival. */
  async queue(siteId: string, only?: readonly string[]): Promise<string[]> {
    await this.sites.requireReferenced(siteId);
    const rows: { id: string }[] = await this.db.query(
      `SELECT r.id FROM referrals r
        WHERE r.site_id = $1 AND r.status = 'accepted' AND ($2::uuid[] IS NULL OR r.id = ANY($2))
          AND NOT EXISTS (SELECT 1 FROM assessments s WHERE s.referral_id = r.id AND s.status = 'booked')
        ORDER BY r.care_guarantee_deadline, r.priority, r.received_date, r.id`,
      [siteId, only ?? null],
    );
    return rows.map((r) => r.id);
  }

  async run(actor: Actor, siteId: string, referralIds: readonly string[], earliestDate: string | undefined, progress: JobProgress): Promise<BatchOutcome[]> {
    const site = await this.sites.get(siteId);
    const start = earliestDate ?? addDays(localDateOf(new Date(), site.timeZone), 1);
    const referrals = new Map((await this.db.getRepository(Referral).findBy(referralIds.map((id) => ({ id })))).map((r) => [r.id, r]));
    let calendar = await this.assessments.loadFor(siteId, start, [...referrals.values()].map((r) => r.patientId));
    const outcomes: BatchOutcome[] = [];
    // The calendar only fills up during a run: once a patient with no bookings of their own has no
    // plan, no later patient can have one either, and planning them would only confirm it.
    let exhausted: string | undefined;
    for (const [index, referralId] of referralIds.entries()) {
      const referral = referrals.get(referralId)!;
      let outcome: BatchOutcome | undefined = exhausted ? { referralId, status: 'not_possible', reason: exhausted } : undefined;
      for (let attempt = 0; !outcome; attempt++) {
        const plan = planWithinHorizon(calendar, referral.patientId, this.assessments.planOptions(referral, start, undefined, site.timeZone));
        if (!plan.feasible) {
          outcome = { referralId, status: 'not_possible', reason: plan.reasons.map((r) => r.problem).join('; ') };
          if (calendar.isPatientFree(referral.patientId)) exhausted = outcome.reason;
          break;
        }
        try {
          const assessmentId = await this.booking.transaction(async (manager) => {
            await this.assessments.waitingReferral(actor, referralId, manager);
            return this.assessments.insert(manager, actor, calendar, referral, plan.visits);
          });
          const first = Math.min(...plan.visits.map((v) => v.start));
          const last = Math.max(...plan.visits.map((v) => v.end));
          outcome = { referralId, status: 'booked', assessmentId, firstVisit: new Date(first).toISOString(), lastVisitEnd: new Date(last).toISOString() };
        } catch (error) {
          const status = (error as { getStatus?: () => number }).getStatus?.();
          if (status !== 409 || attempt > 0) {
            outcome = { referralId, status: 'not_possible', reason: error instanceof Error ? error.message : String(error) };
          } else {
            calendar = await this.assessments.loadFor(siteId, start, [...referrals.values()].map((r) => r.patientId));
          }
        }
      }
      outcomes.push(outcome);
      if ((index + 1) % PROGRESS_EVERY === 0) await progress.advance(index + 1);
    }
    return outcomes;
  }
}
