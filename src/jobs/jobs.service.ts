import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Principal } from '../auth/principal';
import { assertSiteRecord } from '../auth/site-access';
import { notFound } from '../common/api-errors';
import { Job } from './job.entity';

export interface JobProgress {
  advance(done: number): Promise<void>;
}

@Injectable()
export class JobsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Starts `work` in the background and returns the job at once. The work reports progress and its
   * result lands in the job row; a crash marks the job failed instead of leaving it running.
   */
  async start<T>(kind: string, siteId: string, total: number, work: (progress: JobProgress) => Promise<T>): Promise<Job> {
    const job = await this.db.getRepository(Job).save({ kind, siteId, status: 'running', done: 0, total });
    const progress: JobProgress = { advance: (done) => this.db.getRepository(Job).update({ id: job.id }, { done }).then(() => undefined) };
    void work(progress)
      .then((result) => this.db.getRepository(Job).update({ id: job.id }, { status: 'done', done: total, result: result as object, finishedAt: new Date() }))
      .catch((error: unknown) =>
        this.db.getRepository(Job).update({ id: job.id }, { status: 'failed', error: error instanceof Error ? error.message : String(error), finishedAt: new Date() }),
      );
    return job;
  }

  async get(actor: Principal, id: string): Promise<Job> {
    const job = await this.db.getRepository(Job).findOneBy({ id });
    if (!job) throw notFound('job', id);
    if (job.siteId) assertSiteRecord(actor, { siteId: job.siteId }, 'job', id);
    return job;
  }
}
