import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The waiting list's first page and counts stay cheap as a site's referrals grow (issue 19's cost
 * curve, measured with EXPLAIN (ANALYZE, BUFFERS) at 100,000 referrals):
 * - the queue index ends in the id, the queue order's last tiebreak: without it every referral
 *   sharing the first page's deadline, priority and arrival (hundreds at a large site) was joined
 *   and sorted to find 50;
 * - the counts read each waiting referral once, as a merge of two index-only scans in id order
 *   (accepted referrals, and the referrals' visits with their status) instead of hashing every
 *   referral's visits;
 * - a scan of referrals runs in the service's own backend: its reads are per-site and finish in
 *   milliseconds, where starting parallel workers cost more than they share (the counts took twice
 *   as long with two workers on a two-core machine that also runs the service).
 */
export class WaitlistIndexes1764920000000 implements MigrationInterface {
  name = 'WaitlistIndexes1764920000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX referrals_waitlist`);
    await q.query(`CREATE INDEX referrals_waitlist ON referrals (site_id, care_guarantee_deadline, priority, received_date, id) WHERE status = 'accepted'`);
    await q.query(`CREATE INDEX referrals_accepted_by_id ON referrals (site_id, id) INCLUDE (care_guarantee_deadline) WHERE status = 'accepted'`);
    await q.query(`DROP INDEX appointments_referral`);
    await q.query(`CREATE INDEX appointments_referral ON appointments (referral_id) INCLUDE (status) WHERE referral_id IS NOT NULL`);
    await q.query(`ALTER TABLE referrals SET (parallel_workers = 0)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE referrals RESET (parallel_workers)`);
    await q.query(`DROP INDEX appointments_referral`);
    await q.query(`CREATE INDEX appointments_referral ON appointments (referral_id) WHERE referral_id IS NOT NULL`);
    await q.query(`DROP INDEX referrals_accepted_by_id`);
    await q.query(`DROP INDEX referrals_waitlist`);
    await q.query(`CREATE INDEX referrals_waitlist ON referrals (site_id, care_guarantee_deadline, priority, received_date) WHERE status = 'accepted'`);
  }
}
