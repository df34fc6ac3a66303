import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Job } from './job.entity';

/** A running job whose instance stopped renewing its lease, as a sweeper takes it over. */
export interface StaleJob {
  id: string;
  kind: string;
  site_id: string | null;
  done: number;
  total: number;
  input: unknown;
}

/**
 * The `jobs` table. Every write of a running job names its owner (the instance running it), so an
 * instance that stalled past its lease cannot overwrite the one that took over.
 */
@Injectable()
export class JobsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** A job running on `owner`; its id. The partial unique index `jobs_one_running_per_site` refuses a second running one of the kind for the site. */
  async addRunning(kind: string, siteId: string, total: number, input: unknown, owner: string): Promise<string> {
    const [{ id }]: { id: string }[] = await this.db.query(
      `INSERT INTO jobs (kind, site_id, status, done, total, input, owner) VALUES ($1, $2, 'running', 0, $3, $4, $5) RETURNING id`,
      [kind, siteId, total, JSON.stringify(input), owner],
    );
    return id;
  }

  /** A job done already, with its result; its id. */
  async addDone(kind: string, siteId: string, result: unknown): Promise<string> {
    const [{ id }]: { id: string }[] = await this.db.query(
      `INSERT INTO jobs (kind, site_id, status, done, total, result, finished_at) VALUES ($1, $2, 'done', 0, 0, $3, now()) RETURNING id`,
      [kind, siteId, JSON.stringify(result)],
    );
    return id;
  }

  findById(id: string): Promise<Job | null> {
    return this.db.getRepository(Job).findOneBy({ id });
  }

  /** A job just written, which must be there. */
  get(id: string): Promise<Job> {
    return this.db.getRepository(Job).findOneByOrFail({ id });
  }

  findRunning(kind: string, siteId: string): Promise<Job | null> {
    return this.db.getRepository(Job).findOneBy({ kind, siteId, status: 'running' });
  }

  async advance(id: string, owner: string, done: number): Promise<void> {
    await this.db.query(`UPDATE jobs SET done = $3 WHERE id = $1 AND owner = $2`, [id, owner, done]);
  }

  async finishDone(id: string, owner: string, result: unknown): Promise<void> {
    await this.finish(id, owner, `status = 'done', done = total, result = $3`, [JSON.stringify(result)]);
  }

  async finishFailed(id: string, owner: string, error: string): Promise<void> {
    await this.finish(id, owner, `status = 'failed', error = $3`, [error]);
  }

  /** Renews the leases of the owner's running jobs. */
  async renew(ids: readonly string[], owner: string): Promise<void> {
    await this.db.query(`UPDATE jobs SET heartbeat_at = now() WHERE id = ANY($1) AND owner = $2 AND status = 'running'`, [ids, owner]);
  }

  /** Gives up the owner's running jobs at once, for another instance to take over. */
  async release(ids: readonly string[], owner: string): Promise<void> {
    await this.db.query(`UPDATE jobs SET heartbeat_at = '-infinity' WHERE id = ANY($1) AND owner = $2 AND status = 'running'`, [ids, owner]);
  }

  /** Takes over, for `owner`, the running job whose lease of `leaseMs` ran out longest ago, if any. */
  async claimStale(owner: string, leaseMs: number): Promise<StaleJob | undefined> {
    const [rows]: [StaleJob[], number] = await this.db.query(
      `UPDATE jobs SET owner = $1, heartbeat_at = now(), takeovers = takeovers + 1
        WHERE id = (SELECT id FROM jobs WHERE status = 'running' AND heartbeat_at < now() - $2 * interval '1 millisecond'
                     ORDER BY heartbeat_at LIMIT 1 FOR UPDATE SKIP LOCKED)
        RETURNING id, kind, site_id, done, total, input`,
      [owner, leaseMs],
    );
    return rows[0];
  }

  private async finish(id: string, owner: string, changes: string, values: unknown[]): Promise<void> {
    await this.db.query(`UPDATE jobs SET ${changes}, finished_at = now() WHERE id = $1 AND owner = $2 AND status = 'running'`, [id, owner, ...values]);
  }
}
