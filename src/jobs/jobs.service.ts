import { randomUUID } from 'node:crypto';
import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Principal } from '../access/principal';
import { assertSiteRecord } from '../access/site-access';
import { notFound, stateConflict } from '../common/api-errors';
import { describeError } from '../common/describe-error';
import { DEFAULT_JOB_LEASE_MS, SERVICE_SETTINGS, ServiceSettings } from '../config/service-settings';
import { Job } from './job.entity';
import { JobsRepository } from './jobs.repository';

export interface JobProgress {
  advance(done: number): Promise<void>;
}

/** A job as its work sees it: `input` is what `start` was given. */
export interface JobRun {
  id: string;
  siteId: string | null;
  input: unknown;
}

/** The work of one kind of job; it runs again from `input` in whichever instance takes the job over. */
export type JobWork = (job: JobRun, progress: JobProgress) => Promise<unknown>;

/**
 * Long runs (booking a waiting list) as rows of `jobs` any instance can finish. The instance
 * running a job renews its heartbeat every third of the lease; each instance's sweeper claims, with
 * `FOR UPDATE SKIP LOCKED`, jobs whose heartbeat is older than the lease (their process died) and
 * runs them again from their input, so the work must skip what was already done. Every write of a
 * job is conditional on still owning it, so an instance that stalled past its lease cannot
 * overwrite the one that took over. A partial unique index allows one running job of a kind per site.
 */
@Injectable()
export class JobsService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Jobs');
  private readonly instance = randomUUID();
  private readonly work = new Map<string, JobWork>();
  private readonly mine = new Set<string>();
  private readonly leaseMs: number;
  private timer?: NodeJS.Timeout;
  private ticking = false;

  constructor(
    private readonly jobs: JobsRepository,
    @Inject(SERVICE_SETTINGS) settings: ServiceSettings,
  ) {
    this.leaseMs = settings.jobLeaseMs ?? DEFAULT_JOB_LEASE_MS;
  }

  /** Called by each module that starts jobs of `kind`, before the application has started. */
  define(kind: string, work: JobWork): void {
    this.work.set(kind, work);
  }

  /**
   * Records the job and starts its work in the background, returning the job at once. A job of the
   * same kind already running for the site answers 409 naming it.
   */
  async start(kind: string, siteId: string, total: number, input: unknown): Promise<Job> {
    for (;;) {
      try {
        const id = await this.jobs.addRunning(kind, siteId, total, input, this.instance);
        this.run({ id, siteId, input }, kind);
        return await this.jobs.get(id);
      } catch (error) {
        if ((error as { driverError?: { constraint?: string } }).driverError?.constraint !== 'jobs_one_running_per_site') throw error;
      }
      const running = await this.jobs.findRunning(kind, siteId);
      // Else it finished between the insert and the look: try again.
      if (running) {
        throw stateConflict('job.running', { kind, jobId: running.id, done: running.done, total: running.total }, {
          runningJobId: running.id,
        });
      }
    }
  }

  /**
   * A job with nothing to do, recorded as done with its result at once. Run in the background it
   * would hold the site's one running job for the moments its work took to find nothing, and a
   * second request right after it answered 409 naming a job "running, 0 of 0 done".
   */
  async recordDone(kind: string, siteId: string, result: unknown): Promise<Job> {
    return this.jobs.get(await this.jobs.addDone(kind, siteId, result));
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), Math.max(100, Math.floor(this.leaseMs / 3)));
    this.timer.unref();
    void this.tick();
  }

  /** Jobs still under way here are given up at once, for another instance (or the next start) to take over. */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    if (this.mine.size) {
      await this.jobs.release([...this.mine], this.instance);
      this.mine.clear();
    }
  }

  private run(job: JobRun, kind: string): void {
    const work = this.work.get(kind);
    if (!work) {
      void this.jobs.finishFailed(job.id, this.instance, `no instance knows how to run a ${kind} job`).catch((error: unknown) => this.logger.error(describeError(error)));
      return;
    }
    this.mine.add(job.id);
    const progress: JobProgress = { advance: (done) => this.jobs.advance(job.id, this.instance, done) };
    void work(job, progress)
      .then(
        (result) => this.jobs.finishDone(job.id, this.instance, result),
        (error: unknown) => this.jobs.finishFailed(job.id, this.instance, describeError(error)),
      )
      .catch((error: unknown) => this.logger.error(`job ${job.id}: ${describeError(error)}`))
      .finally(() => this.mine.delete(job.id));
  }

  /** Renews this instance's leases, then takes over every job whose lease ran out. */
  private async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      if (this.mine.size) {
        await this.jobs.renew([...this.mine], this.instance);
      }
      const claimStale = () => this.jobs.claimStale(this.instance, this.leaseMs);
      for (let job = await claimStale(); job; job = await claimStale()) {
        this.logger.warn(`job ${job.id} (${job.kind}) lost its instance after ${job.done} of ${job.total}; taking it over`);
        if (job.input === null) {
          await this.jobs.finishFailed(job.id, this.instance, `the process running it stopped after ${job.done} of ${job.total}, and the job does not say how to go on; start it again`);
        } else {
          this.run({ id: job.id, siteId: job.site_id, input: job.input }, job.kind);
        }
      }
    } catch (error) {
      this.logger.error(`jobs: ${describeError(error)}`);
    } finally {
      this.ticking = false;
    }
  }

  async get(actor: Principal, id: string): Promise<Job> {
    const job = await this.jobs.findById(id);
    if (!job) throw notFound('job', id);
    if (job.siteId) assertSiteRecord(actor, { siteId: job.siteId }, 'job', id);
    return job;
  }
}
