import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Jobs survive the process that runs them: the instance working on a job renews `heartbeat_at`; a
 * job whose heartbeat is older than the lease is claimed by another instance's sweeper and finished
 * from `input`. At most one job of a kind runs per site (the waiting list is booked by one batch at a
 * time). Jobs left running by the old code have no input; they get a heartbeat now, so after one
 * lease the sweeper marks them failed with what they had done.
 */
export class JobLeases1764810000000 implements MigrationInterface {
  name = 'JobLeases1764810000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE jobs
        ADD COLUMN input jsonb,
        ADD COLUMN owner text,
        ADD COLUMN heartbeat_at timestamptz NOT NULL DEFAULT now(),
        ADD COLUMN takeovers integer NOT NULL DEFAULT 0`);
    // Two running jobs of one kind for one site (left from before) keep only the newest running.
    await q.query(`
      UPDATE jobs j SET status = 'failed', error = 'another job of its kind ran for the site at the same time', finished_at = now()
       WHERE status = 'running' AND EXISTS (
         SELECT 1 FROM jobs k WHERE k.status = 'running' AND k.kind = j.kind AND k.site_id = j.site_id AND (k.created_at, k.id) > (j.created_at, j.id))`);
    await q.query(`CREATE UNIQUE INDEX jobs_one_running_per_site ON jobs (site_id, kind) WHERE status = 'running'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX jobs_one_running_per_site`);
    await q.query(`ALTER TABLE jobs DROP COLUMN takeovers, DROP COLUMN heartbeat_at, DROP COLUMN owner, DROP COLUMN input`);
  }
}
