import { DateTime } from 'luxon';
import { api, Bench, BenchEnv, Figure, median } from './bench-env';
import { fill, FILL_FROM } from './booking.bench';

const ZONE = 'Europe/Stockholm';
/** Reads of each kind measured (a team week takes most of a second here); the log's growth over them is averaged, since a table grows by whole pages. */
const READS = { team: 5, staff: 20 };

/** A read's answer, as much of it as says whose data was shown. */
interface CalendarAnswer {
  appointments: { id: string; patients: { id: string }[] }[];
}

/**
 * Issue 19's audit write amplification on the booking bench's 40-staff calendar: the audit rows a
 * team week and a staff week write per read, beside the rows the scheme before (one per appointment
 * and patient shown) wrote for the same answer, counted from the answer; and the bytes the log grows
 * by per read, table and indexes.
 */
export const auditBench: Bench = { name: 'audit', run: runAuditBench };

async function runAuditBench(env: BenchEnv): Promise<Figure[]> {
  // Five weeks of the 40-staff calendar: a team week shows 2,000 visits, as at any size.
  const { siteId, staffIds } = await fill(env, 10_000);
  const monday = DateTime.fromISO(FILL_FROM, { zone: ZONE }).plus({ weeks: 2 });
  const week = `from=${encodeURIComponent(monday.toISO()!)}&to=${encodeURIComponent(monday.plus({ weeks: 1 }).toISO()!)}`;
  const team = await measure(env, `/sites/${siteId}/calendar?${week}`, READS.team);
  const staff = await measure(env, `/staff/${staffIds[0]}/calendar?${week}`, READS.staff);
  return [
    { name: 'team week: audit rows per read', value: team.rows, unit: 'rows' },
    { name: 'team week: audit rows per read, one per appointment and patient as before', value: team.pairs, unit: 'rows' },
    { name: 'team week: fewer rows per read (before / now)', value: team.pairs / team.rows, unit: '×', target: { value: { min: 5 } } },
    { name: 'team week: audit log growth per read (table and indexes)', value: team.bytes / 1024, unit: 'kB' },
    { name: 'team week: read, median', value: team.medianMs, unit: 'ms' },
    { name: 'staff week: audit rows per read', value: staff.rows, unit: 'rows' },
    { name: 'staff week: audit rows per read, one per appointment and patient as before', value: staff.pairs, unit: 'rows' },
    { name: 'staff week: audit log growth per read (table and indexes)', value: staff.bytes / 1024, unit: 'kB' },
    { name: 'staff week: read, median', value: staff.medianMs, unit: 'ms' },
  ];
}

/** Reads `path` `reads` times (after one to warm up), timing each, and counts what the audit log gained per read. */
async function measure(env: BenchEnv, path: string, reads: number): Promise<{ rows: number; pairs: number; bytes: number; medianMs: number }> {
  const read = async () => {
    const { status, body } = await api(env, 'GET', path);
    if (status !== 200) throw new Error(`${path} answered ${status}`);
    return body as CalendarAnswer;
  };
  const answer = await read();
  const pairs = answer.appointments.reduce((sum, appointment) => sum + appointment.patients.length, 0);
  const [before] = await logSize(env);
  const times: number[] = [];
  for (let i = 0; i < reads; i++) {
    const started = performance.now();
    await read();
    times.push(performance.now() - started);
  }
  const [after] = await logSize(env);
  return { rows: (after.rows - before.rows) / reads, pairs, bytes: (after.bytes - before.bytes) / reads, medianMs: median(times) };
}

function logSize(env: BenchEnv): Promise<{ rows: number; bytes: number }[]> {
  return env.db.query(`SELECT count(*)::int AS rows, pg_total_relation_size('audit_log')::bigint AS bytes FROM audit_log`).then((rows: { rows: number; bytes: string }[]) =>
    rows.map((row) => ({ rows: row.rows, bytes: Number(row.bytes) })),
  );
}
