import { api, Bench, BenchEnv, Figure, percentile } from './bench-env';

/** The cost curve's points: the same site grown from the first size to the next, read at each. */
const SIZES = [10_000, 100_000];
const READS = 300;
/** The day the list is read: about one referral in six is past its deadline then, and as many are at risk. */
const AS_OF = '2027-04-20';

/**
 * Issue 3's benchmark, as issue 19's cost curve: the waiting list of a site with 10,000 and then
 * 100,000 referrals (four in five accepted, a quarter of those already booked), first page in queue
 * order with the at-risk and breach counts.
 */
export const waitlistBench: Bench = { name: 'waitlist', run: runWaitlistBench };

async function runWaitlistBench(env: BenchEnv): Promise<Figure[]> {
  const [{ id: siteId }] = await env.db.query(`INSERT INTO sites (name, time_zone) VALUES ('Waitlist bench', 'Europe/Stockholm') RETURNING id`);
  const figures: Figure[] = [];
  let filled = 0;
  for (const size of SIZES) {
    await fill(env, siteId, filled + 1, size);
    filled = size;
    const times = await readFirstPage(env, siteId);
    const read = `${size / 1000}k referrals, first page of 50 with counts`;
    figures.push({ name: `${read}, median`, value: percentile(times, 50), unit: 'ms' }, { name: `${read}, p99`, value: percentile(times, 99), unit: 'ms' });
  }
  return figures;
}

/** Referrals number `from` to `to` of the site, each with its own patient; the deadlines spread over 120 days. */
async function fill(env: BenchEnv, siteId: string, from: number, to: number): Promise<void> {
  await env.db.query(
    `INSERT INTO patients (site_id, personal_number, name, reminder_channel)
       SELECT $1, '1990' || lpad(i::text, 8, '0'), 'Patient ' || i, 'none' FROM generate_series($2::int, $3::int) i`,
    [siteId, from, to],
  );
  await env.db.query(
    `INSERT INTO referrals (site_id, patient_id, status, received_date, care_guarantee_deadline, priority, referrer, contents, triage)
       SELECT $1, p.id,
              CASE WHEN n % 5 = 0 THEN 'awaiting_decision' ELSE 'accepted' END,
              DATE '2027-01-01' + (n % 120), DATE '2027-01-01' + (n % 120) + 90, 1 + n % 3,
              '{"name":"Dr","unit":"VC","unitKind":"primary_care","contact":"x"}', '{}', '{"outcome":"eligible","reasons":[]}'
         FROM (SELECT id, substr(personal_number, 5)::int AS n FROM patients WHERE site_id = $1) p
        WHERE n BETWEEN $2 AND $3`,
    [siteId, from, to],
  );
  // A quarter of the accepted referrals have their first visit booked already: they have left the list.
  await env.db.query(
    `INSERT INTO appointments (site_id, kind, starts_at, ends_at, referral_id)
       SELECT $1, 'assessment_visit', TIMESTAMPTZ '2027-05-03 08:00+02' + n * interval '2 hours', TIMESTAMPTZ '2027-05-03 09:00+02' + n * interval '2 hours', r.id
         FROM referrals r JOIN (SELECT id, substr(personal_number, 5)::int AS n FROM patients WHERE site_id = $1) p ON p.id = r.patient_id
        WHERE r.site_id = $1 AND r.status = 'accepted' AND r.priority = 3 AND n BETWEEN $2 AND $3`,
    [siteId, from, to],
  );
  // A site's tables are vacuumed by autovacuum long before they hold this many referrals: the visibility map it keeps lets the counts read the indexes alone.
  await env.db.query('VACUUM ANALYZE');
}

/** Sorted response times of READS first-page reads, as the waiting-list screen asks for them. */
async function readFirstPage(env: BenchEnv, siteId: string): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < READS; i++) {
    const t0 = performance.now();
    const { status, body } = await api(env, 'GET', `/waitlist?siteId=${siteId}&asOf=${AS_OF}`);
    times.push(performance.now() - t0);
    if (status !== 200 || (body as { items: unknown[] }).items.length !== 50) throw new Error(`waitlist answered ${status}`);
  }
  return times.sort((a, b) => a - b);
}
