import { setImmediate } from 'node:timers/promises';
import { HttpException, Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { BookingService } from '../calendar/booking.service';
import { Actor } from '../access/principal';
import { assertSiteAccess } from '../access/site-access';
import { ApiErrorBody, codedDetails, CodedProblem, problem, reasonProblem, stateConflict } from '../common/api-errors';
import { DEFAULT_REQUEST_TIMEOUT_MS, SERVICE_SETTINGS, ServiceSettings } from '../config/service-settings';
import { Job } from '../jobs/job.entity';
import { JobProgress, JobsService } from '../jobs/jobs.service';
import { Referral } from '../episodes/referral.entity';
import { Budget } from '../core/budget';
import { addDays, localDateOf } from '../core/time/local-time';
import { SitesService } from '../sites/sites.service';
import { BatchOutcome, BatchRequestDto } from './assessments.dto';
import { AssessmentsRepository } from './assessments.repository';
import { AssessmentsService, ReferralPlan } from './assessments.service';
import { planQueue } from '../core/planners/assessment/batch-planning';
import { SiteCalendar } from '../core/planners/assessment/site-calendar';


/**
 * Progress is written at most this often: enough to watch, and a few writes per second cost a run
 * nothing (every 10 referrals was a hundred writes competing with the bookings).
 */
const PROGRESS_INTERVAL_MS = 250;

/**
 * Referrals written per transaction. The batch's cost is round trips, not rows: a group of plans
 * goes in with a handful of multi-row statements (50 took 2.3–2.5 s where 20 took 2.7–2.8 s in the
 * benchmark). A group that fails for any reason (a time taken meanwhile, a referral withdrawn) is
 * written again one referral per transaction, so one referral never holds up another.
 */
const GROUP_SIZE = 50;

/** Groups written while the next referrals are planned: the writes mostly wait on the database. */
const CONCURRENT_WRITES = 2;

type Written = { outcome: BatchOutcome; retry: boolean };

const BATCH_JOB = 'book-waitlist';

/** What a batch needs to run, kept in its job so another instance can finish it. */
interface BatchInput {
  actor: Actor;
  referralIds: string[];
  earliestDate?: string;
}

/**
 * Books the waiting list in care-guarantee order, each referral's visits all or none. The calendar
 * is read once and kept current in memory: each plan is reserved there before the next is made (see
 * planQueue), and written while later ones are planned. What could not be written because someone
 * else took the time or changed working hours meanwhile is planned again on a fresh read once the
 * rest are through.
 */
@Injectable()
export class AssessmentBatchService implements OnModuleInit {
  /** A batch runs in the background, but each referral's plan gets no more time than a request would. */
  private readonly planningLimitMs: number;

  constructor(
    private readonly repository: AssessmentsRepository,
    private readonly assessments: AssessmentsService,
    private readonly booking: BookingService,
    private readonly sites: SitesService,
    private readonly jobs: JobsService,
    @Inject(SERVICE_SETTINGS) settings: ServiceSettings,
  ) {
    this.planningLimitMs = settings.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  }

  onModuleInit(): void {
    this.jobs.define(BATCH_JOB, (job, progress) => this.finish(job.siteId!, job.input as BatchInput, progress));
  }

  /**
   * 409 while a batch of the site runs (one at a time: two would plan against each other's bookings).
   * Nothing waiting is a batch done at once, with no outcomes.
   */
  async start(actor: Actor, dto: BatchRequestDto): Promise<Job> {
    assertSiteAccess(actor, dto.siteId);
    await this.sites.requireReferenced(dto.siteId);
    const referralIds = await this.repository.waitingReferralIds(dto.siteId, dto.referralIds);
    if (!referralIds.length) return this.jobs.recordDone(BATCH_JOB, dto.siteId, [] satisfies BatchOutcome[]);
    const input: BatchInput = { actor, referralIds, earliestDate: dto.earliestDate };
    return this.jobs.start(BATCH_JOB, dto.siteId, referralIds.length, input);
  }

  /**
   * The batch's job, first run or taken over from an instance that died: books the referrals still
   * waiting and reports those booked before (by the batch that died, or meanwhile) as booked.
   */
  private async finish(siteId: string, { actor, referralIds, earliestDate }: BatchInput, progress: JobProgress): Promise<BatchOutcome[]> {
    const waiting = await this.repository.waitingReferralIds(siteId, referralIds);
    const settled = await this.settledBefore(referralIds.filter((id) => !waiting.includes(id)));
    const outcomes = await this.run(actor, siteId, waiting, earliestDate, { advance: (done) => progress.advance(settled.length + done) });
    const byId = new Map([...settled, ...outcomes].map((outcome) => [outcome.referralId, outcome]));
    return referralIds.map((id) => byId.get(id)!);
  }

  /** Outcomes of referrals no longer waiting: their booked assessment, or why not. */
  private async settledBefore(referralIds: readonly string[]): Promise<BatchOutcome[]> {
    if (!referralIds.length) return [];
    const rows = await this.repository.bookedAssessmentsOf(referralIds);
    return rows.map((row) =>
      row.assessmentId
        ? { referralId: row.referralId, status: 'booked', assessmentId: row.assessmentId, firstVisit: row.firstVisit!.toISOString(), lastVisitEnd: row.lastVisitEnd!.toISOString() }
        : notPossible(row.referralId, [problem('referralId', 'assessment.no_longer_waiting')]),
    );
  }

  async run(actor: Actor, siteId: string, referralIds: readonly string[], earliestDate: string | undefined, progress: JobProgress): Promise<BatchOutcome[]> {
    const site = await this.sites.get(siteId);
    const start = earliestDate ?? addDays(localDateOf(new Date(), site.timeZone), 1);
    const referrals = await this.repository.referrals(referralIds);
    const order = new Map(referralIds.map((id, i) => [id, i]));
    const byId = new Map(referrals.map((referral) => [referral.id, referral]));
    const outcomes = new Map<string, BatchOutcome>();
    // Progress is written in the background, in order, without holding up planning.
    let progressWritten = Promise.resolve();
    let progressAt = performance.now();
    const settle = (outcome: BatchOutcome) => {
      outcomes.set(outcome.referralId, outcome);
      const done = outcomes.size;
      if (performance.now() - progressAt < PROGRESS_INTERVAL_MS) return;
      progressAt = performance.now();
      progressWritten = progressWritten.then(() => progress.advance(done));
    };

    let queue = [...referrals].sort((a, b) => order.get(a.id)! - order.get(b.id)!);
    // A second pass, on a fresh read, takes what the first could not write; a refusal there is final.
    for (const lastPass of [false, true]) {
      const calendar = await this.assessments.loadFor(siteId, start, referrals.map((r) => r.patientId));
      const refused: Referral[] = [];
      const writes = new Set<Promise<void>>();
      const write = async (group: ReferralPlan[]) => {
        const task = this.writeGroup(actor, calendar, group).then((written) => {
          for (const { outcome, retry } of written) {
            if (retry && !lastPass) refused.push(group.find((plan) => plan.referral.id === outcome.referralId)!.referral);
            else settle(outcome);
          }
        });
        writes.add(task);
        void task.finally(() => writes.delete(task));
        if (writes.size >= CONCURRENT_WRITES) await Promise.race(writes);
      };

      let group: ReferralPlan[] = [];
      const queued = queue.map((referral) => ({
        referralId: referral.id,
        patientId: referral.patientId,
        options: this.assessments.planOptions(referral, start, undefined, site.timeZone),
      }));
      for (const { referralId, outcome } of planQueue(calendar, queued, () => new Budget(this.planningLimitMs))) {
        // Planning never waits, so let the writes in flight take their next step between plans.
        await setImmediate();
        if (!outcome.feasible) {
          settle(notPossible(referralId, outcome.reasons.map((r) => reasonProblem('referralId', r))));
          continue;
        }
        group.push({ referral: byId.get(referralId)!, visits: outcome.visits });
        if (group.length === GROUP_SIZE) {
          await write(group);
          group = [];
        }
      }
      if (group.length) await write(group);
      await Promise.all(writes);
      queue = refused.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
      if (!queue.length) break;
    }
    await progressWritten;
    return referralIds.map((id) => outcomes.get(id)!);
  }

  /** A group in one transaction, or when that fails, each referral in its own. */
  private async writeGroup(actor: Actor, calendar: SiteCalendar, group: readonly ReferralPlan[]): Promise<Written[]> {
    const ids = group.map((plan) => plan.referral.id);
    try {
      const assessmentIds = await this.booking.transaction(async (manager) => {
        const stillWaiting = await this.repository.waitingReferralIds(calendar.site.id, ids, manager);
        if (stillWaiting.length !== ids.length) throw stateConflict('assessment.group_referral_not_waiting');
        return this.assessments.insert(manager, actor, calendar, group, { planned: true });
      });
      return group.map((plan, i) => ({ outcome: booked(plan, assessmentIds[i]), retry: false }));
    } catch {
      const written: Written[] = [];
      for (const plan of group) written.push(await this.writeOne(actor, calendar, plan));
      return written;
    }
  }

  /** One referral in one transaction; a 409 (time taken, calendar changed) is worth a retry on a fresh read. */
  private async writeOne(actor: Actor, calendar: SiteCalendar, plan: ReferralPlan): Promise<Written> {
    try {
      const [assessmentId] = await this.booking.transaction(async (manager) => {
        await this.assessments.waitingReferral(actor, plan.referral.id, manager);
        return this.assessments.insert(manager, actor, calendar, [plan], { planned: true });
      });
      return { outcome: booked(plan, assessmentId), retry: false };
    } catch (error) {
      // A refusal of the API's says why; anything else (a deadlock, a dropped connection) is worth the retry too.
      if (!(error instanceof HttpException)) return { outcome: notPossible(plan.referral.id, [problem('referralId', 'server.error')]), retry: true };
      return { outcome: notPossible(plan.referral.id, codedDetails(error.getResponse() as ApiErrorBody, 'referralId')), retry: error.getStatus() === 409 };
    }
  }
}

/** A referral the batch could not book, with why: in English and as coded problems. */
function notPossible(referralId: string, problems: CodedProblem[]): BatchOutcome {
  return { referralId, status: 'not_possible', reason: problems.map((p) => p.problem).join('; '), problems };
}

function booked({ referral, visits }: ReferralPlan, assessmentId: string): BatchOutcome {
  const firstVisit = new Date(Math.min(...visits.map((v) => v.start))).toISOString();
  const lastVisitEnd = new Date(Math.max(...visits.map((v) => v.end))).toISOString();
  return { referralId: referral.id, status: 'booked', assessmentId, firstVisit, lastVisitEnd };
}
