import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { luhnCheckDigit } from '../src/core/rules/personal-number';
import { reminderTimes } from '../src/core/rules/reminder-schedule';
import { DEFAULT_SITE_SETTINGS } from '../src/core/rules/site-settings';
import { DISCIPLINES } from '../src/core/vocabulary';
import { api, barePool, Bench, BenchEnv, Figure, inParallel } from './bench-env';

export const STAFF_COUNT = 40;
/** The first Monday of the fill: ten one-hour visits a weekday per staff member from here on. */
export const FILL_FROM = '2027-01-04';
const ZONE = 'Europe/Stockholm';
const WARM_UP_BOOKINGS = 200;
const SEQUENTIAL_BOOKINGS = 400;
const CONCURRENT_BOOKINGS = 800;
const CLIENTS = 8;

/** One booking to make: a visit of an hour for one staff member and one patient. */
interface Booking {
  start: Date;
  end: Date;
  staffId: string;
  patientId: string;
}

/**
 * Issue 2's benchmark: 100,000 appointments over 40 staff members, then booking throughput through
 * the HTTP API (one client, then eight), each beside its floor: a bare pg client writing the rows a
 * booking writes, in one transaction per booking. The staff week read on the same fill is bench/week.bench.ts.
 */
export const bookingBench: Bench = { name: 'booking', run: runBookingBench };

async function runBookingBench(env: BenchEnv): Promise<Figure[]> {
  const { siteId, staffIds, patientIds } = await fill(env);
  // A booking schedules its patients' reminders: these patients are reminded by SMS (the fill's want none).
  await env.db.query(`UPDATE patients SET reminder_channel = 'sms', phone = '+46701234567' WHERE site_id = $1`, [siteId]);

  // Each run books a week of its own, after the fill, so no booking ever meets another.
  let weeks = 0;
  const nextWeek = (count: number): Booking[] => {
    const monday = DateTime.fromISO('2028-01-03T08:00', { zone: ZONE }).plus({ weeks: weeks++ });
    return Array.from({ length: count }, (_, i) => {
      const slot = Math.floor(i / STAFF_COUNT); // 10 slots a day, 5 days
      const start = monday.plus({ days: Math.floor(slot / 10), hours: slot % 10 });
      return { start: start.toJSDate(), end: start.plus({ hours: 1 }).toJSDate(), staffId: staffIds[i % STAFF_COUNT], patientId: patientIds[i % STAFF_COUNT] };
    });
  };
  const overHttp = async ({ start, end, staffId, patientId }: Booking) => {
    const body = { kind: 'individual_visit', siteId, start: start.toISOString(), end: end.toISOString(), staffIds: [staffId], patientIds: [patientId] };
    const { status } = await api(env, 'POST', '/appointments', body);
    if (status !== 201) throw new Error(`booking answered ${status}`);
  };

  // Both warm up first (the service's JIT, both pools' connections); the bare client then copies the
  // audit row's actor from the service's own.
  for (const booking of nextWeek(WARM_UP_BOOKINGS)) await overHttp(booking);
  const bare = await bareBooker(env, siteId);
  try {
    await inParallel(nextWeek(WARM_UP_BOOKINGS), CLIENTS, bare.book);
    const rate = async (book: (booking: Booking) => Promise<void>, clients: number, count: number) => {
      const bookings = nextWeek(count);
      const started = performance.now();
      await inParallel(bookings, clients, book);
      return count / ((performance.now() - started) / 1000);
    };
    const sequentialFloor = await rate(bare.book, 1, SEQUENTIAL_BOOKINGS);
    const sequential = await rate(overHttp, 1, SEQUENTIAL_BOOKINGS);
    const concurrentFloor = await rate(bare.book, CLIENTS, CONCURRENT_BOOKINGS);
    const concurrent = await rate(overHttp, CLIENTS, CONCURRENT_BOOKINGS);
    const target = { ratio: { min: 0.5 } };
    return [
      { name: 'sequential', value: sequential, unit: 'appointments/s', floor: sequentialFloor, target },
      { name: `${CLIENTS} clients`, value: concurrent, unit: 'appointments/s', floor: concurrentFloor, target },
    ];
  } finally {
    await bare.end();
  }
}

/**
 * The floor: the `pg` package alone, with a pool the service's size on the same database, writing in
 * one transaction per booking exactly the rows a booking over HTTP leaves (the appointment, its staff
 * and patient rows, the patient's reminders at the times the site's rules give, the audit row), one
 * statement per table and nothing read.
 */
async function bareBooker(env: BenchEnv, siteId: string) {
  const pool = barePool(env);
  const [actor] = (await env.db.query(
    `SELECT user_id, username, role, endpoint, client_address FROM audit_log WHERE action = 'create' AND resource = 'appointment' LIMIT 1`,
  )) as { user_id: string; username: string; role: string; endpoint: string; client_address: string }[];
  const book = async ({ start, end, staffId, patientId }: Booking) => {
    const id = randomUUID();
    const due = reminderTimes({ kind: 'individual_visit', start }, 'sms', DEFAULT_SITE_SETTINGS.reminders, ZONE, new Date());
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(`INSERT INTO appointments (id, site_id, kind, starts_at, ends_at, status) VALUES ($1, $2, 'individual_visit', $3, $4, 'booked')`, [id, siteId, start, end]);
      await client.query('INSERT INTO appointment_staff (appointment_id, staff_id) VALUES ($1, $2)', [id, staffId]);
      await client.query('INSERT INTO appointment_patients (appointment_id, patient_id) VALUES ($1, $2)', [id, patientId]);
      await client.query(
        `INSERT INTO reminders (appointment_id, patient_id, purpose, channel, for_start, due_at, next_attempt_at)
         SELECT $1, $2, 'reminder', 'sms', $3, due, due FROM unnest($4::timestamptz[]) AS due`,
        [id, patientId, start, due],
      );
      await client.query(
        `INSERT INTO audit_log (user_id, username, role, action, patient_id, resource, resource_ids, endpoint, client_address, outcome)
         VALUES ($1, $2, $3, 'create', $4, 'appointment', ARRAY[$5::uuid], $6, $7, 'allowed')`,
        [actor.user_id, actor.username, actor.role, patientId, id, actor.endpoint, actor.client_address],
      );
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  };
  return { book, end: () => pool.end() };
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
