import { randomUUID } from 'node:crypto';
import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Principal } from '../access/principal';
import { assertSiteRecord } from '../access/site-access';
import { notFound, stateConflict } from '../common/api-errors';
import { describeError } from '../common/describe-error';
import { DEFAULT_JOB_LEASE_MS, SERVICE_SETTINGS, ServiceSettings } from '../config/service-settings';
import { Job } from './job.entity';

interface StaleJob {
  id: string;
  kind: string;
  site_id: string | null;
  done: number;
  total: number;
  input: unknown;
}

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
    @InjectDataSource() private readonly db: DataSource,
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
        const [{ id }]: { id: string }[] = await this.db.query(
          `INSERT INTO jobs (kind, site_id, status, done, total, input, owner) VALUES ($1, $2, 'running', 0, $3, $4, $5) RETURNING id`,
          [kind, siteId, total, JSON.stringify(input), this.instance],
        );
        this.run({ id, siteId, input }, kind);
        return await this.db.getRepository(Job).findOneByOrFail({ id });
      } catch (error) {
        if ((error as { driverError?: { constraint?: string } }).driverError?.constraint !== 'jobs_one_running_per_site') throw error;
      }
      const running = await this.db.getRepository(Job).findOneBy({ kind, siteId, status: 'running' });
      // Else it finished between the insert and the look: try again.
      if (running) {
        throw stateConflict(`a ${kind} job is already running for this site: job ${running.id}, ${running.done} of ${running.total} done; wait for it to finish (GET /jobs/${running.id})`, {
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
    const [{ id }]: { id: string }[] = await this.db.query(
      `INSERT INTO jobs (kind, site_id, status, done, total, result, finished_at) VALUES ($1, $2, 'done', 0, 0, $3, now()) RETURNING id`,
      [kind, siteId, JSON.stringify(result)],
    );
    return this.db.getRepository(Job).findOneByOrFail({ id });
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
      await this.db.query(`UPDATE jobs SET heartbeat_at = '-infinity' WHERE id = ANY($1) AND owner = $2 AND status = 'running'`, [[...this.mine], this.instance]);
      this.mine.clear();
    }
  }

  private run(job: JobRun, kind: string): void {
    const work = this.work.get(kind);
    const finish = (changes: string, values: unknown[]) =>
      this.db.query(`UPDATE jobs SET ${changes}, finished_at = now() WHERE id = $1 AND owner = $2 AND status = 'running'`, [job.id, this.instance, ...values]);
    if (!work) {
      void finish(`status = 'failed', error = $3`, [`no instance knows how to run a ${kind} job`]).catch((error: unknown) => this.logger.error(describeError(error)));
      return;
    }
    this.mine.add(job.id);
    const progress: JobProgress = {
      advance: (done) => this.db.query(`UPDATE jobs SET done = $3 WHERE id = $1 AND owner = $2`, [job.id, this.instance, done]).then(() => undefined),
    };
    void work(job, progress)
      .then(
        (result) => finish(`status = 'done', done = total, result = $3`, [JSON.stringify(result)]),
        (error: unknown) => finish(`status = 'failed', error = $3`, [describeError(error)]),
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
        await this.db.query(`UPDATE jobs SET heartbeat_at = now() WHERE id = ANY($1) AND owner = $2 AND status = 'running'`, [[...this.mine], this.instance]);
      }
      for (let job = await this.claimStale(); job; job = await this.claimStale()) {
        this.logger.warn(`job ${job.id} (${job.kind}) lost its instance after ${job.done} of ${job.total}; taking it over`);
        if (job.input === null) {
          await this.db.query(
            `UPDATE jobs SET status = 'failed', error = $3, finished_at = now() WHERE id = $1 AND owner = $2 AND status = 'running'`,
            [job.id, this.instance, `the process running it stopped after ${job.done} of ${job.total}, and the job does not say how to go on; start it again`],
          );
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

  private async claimStale(): Promise<StaleJob | undefined> {
    const [rows]: [StaleJob[], number] = await this.db.query(
      `UPDATE jobs SET owner = $1, heartbeat_at = now(), takeovers = takeovers + 1
        WHERE id = (SELECT id FROM jobs WHERE status = 'running' AND heartbeat_at < now() - $2 * interval '1 millisecond'
                     ORDER BY heartbeat_at LIMIT 1 FOR UPDATE SKIP LOCKED)
        RETURNING id, kind, site_id, done, total, input`,
      [this.instance, this.leaseMs],
    );
    return rows[0];
  }

  async get(actor: Principal, id: string): Promise<Job> {
    const job = await this.db.getRepository(Job).findOneBy({ id });
    if (!job) throw notFound('job', id);
    if (job.siteId) assertSiteRecord(actor, { siteId: job.siteId }, 'job', id);
    return job;
  }
}
