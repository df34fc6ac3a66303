import { api, Bench, BenchEnv, Figure, percentile } from './bench-env';
import { fillBenchSite } from './assessment.bench';

const RUNS = 20;

/**
 * Issue 5's benchmark on the 40-staff benchmark site: preview and book an 8-week group program,
 * and plan a 13-week individual program at 4 visits a week.
 */
export const programsBench: Bench = { name: 'programs', run: runProgramsBench };

async function runProgramsBench(env: BenchEnv): Promise<Figure[]> {
  const siteId = await fillBenchSite(env);
  const [{ id: roomId }] = await env.db.query(`SELECT id FROM rooms WHERE site_id = $1 AND kind = 'group_room'`, [siteId]);
  const patientId = await patientOfferedIndividualRehab(env, siteId);

  const program = (i: number) => ({
    siteId,
    name: `Grupp ${i}`,
    roomId,
    startDate: '2027-02-02',
    startTime: `${String(8 + (i % 4) * 2).padStart(2, '0')}:00`,
    durationMinutes: 90,
    weekdays: [1 + (i % 5)],
    weeks: 16,
  });
  const previews = await timed(RUNS, async (i) => expectStatus(await api(env, 'POST', '/group-programs/preview', program(i)), 200));
  // Each booking takes a different weekday and hour of the group room; the leaders come from the 60 % booked team.
  const bookings = await timed(RUNS, async (i) => {
    const response = await api(env, 'POST', '/group-programs', program(i));
    if (response.status !== 201 && response.status !== 422) throw new Error(`booking answered ${response.status}`);
  });
  const plans = await timed(RUNS, async () =>
    expectStatus(
      await api(env, 'POST', '/individual-programs/proposals', {
        patientId,
        startDate: '2027-02-01',
        weeks: 13,
        visitsPerWeek: 4,
        mix: [
          { discipline: 'physiotherapist', perWeek: 2, minutes: 60, roomKind: 'gym' },
          { discipline: 'psychologist', perWeek: 1, minutes: 60 },
          { discipline: 'physician', perWeek: 0.5, minutes: 45 },
          { discipline: 'occupational_therapist', perWeek: 0.5, minutes: 60 },
        ],
      }),
      200,
    ),
  );
  return [
    { name: 'group program preview (40-staff site, 60 % booked), median', value: percentile(previews, 50), unit: 'ms' },
    { name: 'group program booking, median', value: percentile(bookings, 50), unit: 'ms' },
    { name: 'individual program plan, 13 weeks × 4, median', value: percentile(plans, 50), unit: 'ms' },
  ];
}

async function timed(runs: number, work: (i: number) => Promise<void>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await work(i);
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b);
}

function expectStatus(response: { status: number }, status: number): void {
  if (response.status !== status) throw new Error(`answered ${response.status}, expected ${status}`);
}

async function patientOfferedIndividualRehab(env: BenchEnv, siteId: string): Promise<string> {
  const [{ id: patientId, referral_id: referralId }] = await env.db.query(
    `SELECT p.id, r.id AS referral_id FROM patients p JOIN referrals r ON r.patient_id = p.id WHERE p.site_id = $1 LIMIT 1`,
    [siteId],
  );
  await env.db.query(
    `INSERT INTO assessments (referral_id, site_id, patient_id, window_start, window_end, outcome, outcome_recorded_at)
     VALUES ($1, $2, $3, '2026-10-05', '2026-11-01', 'individual_rehab', now())`,
    [referralId, siteId, patientId],
  );
  return patientId;
}
