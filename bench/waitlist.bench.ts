import { api, Bench, BenchEnv, Figure, percentile } from './bench-env';

const REFERRALS = 10_000;
const READS = 500;

/**
 * Issue 3's benchmark: the waiting list of a site with 10,000 referrals (8,000 accepted, a quarter of
 * those already booked), first page in queue order with the at-risk and breach counts.
 */
export const waitlistBench: Bench = { name: 'waitlist', run: runWaitlistBench };

async function runWaitlistBench(env: BenchEnv): Promise<Figure[]> {
  const [{ id: siteId }] = await env.db.query(`INSERT INTO sites (name, time_zone) VALUES ('Waitlist bench', 'Europe/Stockholm') RETURNING id`);
  await env.db.query(
    `INSERT INTO patients (site_id, personal_number, name, reminder_channel)
       SELECT $1, '1990' || lpad(i::text, 8, '0'), 'Patient ' || i, 'none' FROM generate_series(1, $2) i`,
    [siteId, REFERRALS],
  );
  await env.db.query(
    `INSERT INTO referrals (site_id, patient_id, status, received_date, care_guarantee_deadline, priority, referrer, contents, triage)
       SELECT $1, p.id,
              CASE WHEN n % 5 = 0 THEN 'awaiting_decision' ELSE 'accepted' END,
              DATE '2027-01-01' + (n % 120), DATE '2027-01-01' + (n % 120) + 90, 1 + n % 3,
              '{"name":"Dr","unit":"VC","unitKind":"primary_care","contact":"x"}', '{}', '{"outcome":"eligible","reasons":[]}'
         FROM (SELECT id, (row_number() OVER ())::int AS n FROM patients WHERE site_id = $1) p`,
    [siteId],
  );
  // A quarter of the accepted referrals have their first visit booked already: they have left the list.
  await env.db.query(
    `INSERT INTO appointments (site_id, kind, starts_at, ends_at, referral_id)
       SELECT $1, 'assessment_visit', TIMESTAMPTZ '2027-05-03 08:00+02' + (row_number() OVER ()) * interval '2 hours',
              TIMESTAMPTZ '2027-05-03 09:00+02' + (row_number() OVER ()) * interval '2 hours', id
         FROM referrals WHERE site_id = $1 AND status = 'accepted' AND priority = 3`,
    [siteId],
  );
  await env.db.query('ANALYZE');

  const times: number[] = [];
  for (let i = 0; i < READS; i++) {
    const t0 = performance.now();
    const { status, body } = await api(env, 'GET', `/waitlist?siteId=${siteId}&asOf=2027-03-15`);
    times.push(performance.now() - t0);
    if (status !== 200 || (body as { items: unknown[] }).items.length !== 50) throw new Error(`waitlist answered ${status}`);
  }
  times.sort((a, b) => a - b);
  const read = `${REFERRALS / 1000}k referrals, first page of 50 with counts`;
  return [
    { name: `${read}, median`, value: percentile(times, 50), unit: 'ms' },
    { name: `${read}, p99`, value: percentile(times, 99), unit: 'ms' },
  ];
}
