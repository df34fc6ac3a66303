import { DateTime } from 'luxon';
import { luhnCheckDigit } from '../src/core/rules/personal-number';
import { DISCIPLINES } from '../src/core/vocabulary';
import { api, Bench, BenchEnv, Figure, inParallel } from './bench-env';

export const STAFF_COUNT = 40;
/** The first Monday of the fill: ten one-hour visits a weekday per staff member from here on. */
export const FILL_FROM = '2027-01-04';
const SEQUENTIAL_BOOKINGS = 400;
const CONCURRENT_BOOKINGS = 800;
const CLIENTS = 8;

/**
 * Issue 2's benchmark: 100,000 appointments over 40 staff members, then booking throughput through
 * the HTTP API (one client, then eight). The staff week read on the same fill is bench/week.bench.ts.
 */
export const bookingBench: Bench = { name: 'booking', run: runBookingBench };

async function runBookingBench(env: BenchEnv): Promise<Figure[]> {
  const { siteId, staffIds, patientIds } = await fill(env);

  const bookingsFrom = (monday: string, count: number) =>
    Array.from({ length: count }, (_, i) => {
      const staff = i % STAFF_COUNT;
      const slot = Math.floor(i / STAFF_COUNT); // 10 slots a day, 5 days
      const start = DateTime.fromISO(`${monday}T08:00`, { zone: 'Europe/Stockholm' }).plus({ days: Math.floor(slot / 10), hours: slot % 10 });
      return {
        kind: 'individual_visit',
        siteId,
        start: start.toISO(),
        end: start.plus({ minutes: 60 }).toISO(),
        staffIds: [staffIds[staff]],
        patientIds: [patientIds[staff]],
      };
    });

  const book = async (body: unknown) => {
    const { status } = await api(env, 'POST', '/appointments', body);
    if (status !== 201) throw new Error(`booking answered ${status}`);
  };
  let started = performance.now();
  for (const body of bookingsFrom('2028-01-10', SEQUENTIAL_BOOKINGS)) await book(body);
  const sequentialPerSecond = SEQUENTIAL_BOOKINGS / ((performance.now() - started) / 1000);

  started = performance.now();
  await inParallel(bookingsFrom('2028-01-17', CONCURRENT_BOOKINGS), CLIENTS, book);
  const concurrentPerSecond = CONCURRENT_BOOKINGS / ((performance.now() - started) / 1000);

  return [
    { name: 'sequential', value: sequentialPerSecond, unit: 'appointments/s' },
    { name: `${CLIENTS} clients`, value: concurrentPerSecond, unit: 'appointments/s' },
  ];
}

/**
 * 40 staff (8 per discipline), 40 patients and `appointments` one-hour visits from FILL_FROM on (50 a
 * week per staff member), straight into the tables; shared by the benches that need a busy calendar.
 */
export async function fill(env: BenchEnv, appointments = 100_000) {
  const [{ id: siteId }] = await env.db.query(`INSERT INTO sites (name, time_zone) VALUES ('Bench', 'Europe/Stockholm') RETURNING id`);
  const hours = JSON.stringify([1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '07:00', end: '19:00' })));
  const staffIds: string[] = [];
  const patientIds: string[] = [];
  for (let i = 0; i < STAFF_COUNT; i++) {
    const [staff] = await env.db.query(
      `INSERT INTO staff_members (site_id, name, discipline, working_hours) VALUES ($1, $2, $3, $4) RETURNING id`,
      [siteId, `Staff ${i}`, DISCIPLINES[i % DISCIPLINES.length], hours],
    );
    staffIds.push(staff.id);
    const nine = `8001${String(i).padStart(2, '0')}${String(100 + i)}`;
    const [patient] = await env.db.query(
      `INSERT INTO patients (site_id, personal_number, name, reminder_channel) VALUES ($1, $2, $3, 'none') RETURNING id`,
      [siteId, `19${nine}${luhnCheckDigit(nine)}`, `Patient ${i}`],
    );
    patientIds.push(patient.id);
  }
  const weeks = Math.ceil(appointments / (STAFF_COUNT * 50));
  await env.db.query(
    `CREATE TEMP TABLE fill AS
       SELECT gen_random_uuid() AS id, s.ord AS staff_ord,
              ((d::date + make_time(h, 0, 0)) AT TIME ZONE 'Europe/Stockholm') AS starts_at
         FROM generate_series($1::date, $1::date + ($2 * 7 - 1), interval '1 day') d,
              generate_series(8, 17) h,
              generate_series(0, $3 - 1) AS s(ord)
        WHERE extract(isodow FROM d) <= 5
        LIMIT $4`,
    [FILL_FROM, weeks, STAFF_COUNT, appointments],
  );
  await env.db.query(
    `INSERT INTO appointments (id, site_id, kind, starts_at, ends_at)
       SELECT id, $1, 'individual_visit', starts_at, starts_at + interval '1 hour' FROM fill`,
    [siteId],
  );
  await env.db.query(`INSERT INTO appointment_staff (appointment_id, staff_id) SELECT f.id, ($1::uuid[])[f.staff_ord + 1] FROM fill f`, [staffIds]);
  await env.db.query(`INSERT INTO appointment_patients (appointment_id, patient_id) SELECT f.id, ($1::uuid[])[f.staff_ord + 1] FROM fill f`, [patientIds]);
  await env.db.query('DROP TABLE fill');
  await env.db.query('ANALYZE');
  return { siteId, staffIds, patientIds };
}
