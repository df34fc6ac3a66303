import { Agent, createServer, request, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { DateTime } from 'luxon';
import type { Pool } from 'pg';
import { ENTRY_QUERIES } from '../src/calendars/calendar-entries.repository';
import { barePool, Bench, BenchEnv, Figure, percentile } from './bench-env';
import { fill, FILL_FROM } from './booking.bench';

const CLIENTS = 8;
const CONCURRENT_READS = 1500;
const SEQUENTIAL_READS = 400;
const FREE_SLOT_SEARCHES = 100;
const ZONE = 'Europe/Stockholm';
/** The weeks read: the fill's first 48, every one 50 visits for each staff member. */
const WEEKS = 48;

/**
 * Issue 19's week read: one staff member's week over HTTP (the clinician's calendar and the list of
 * appointments) against a bare node:http + pg server running the calendar's SQL and the same audit
 * INSERT on the same database; the same read at 100,000 and at 1,000,000 appointments (the cost
 * curve); the planning and execution time of its query; and find-a-time on the 1,000,000 site.
 */
export const weekBench: Bench = { name: 'week', run: runWeekBench };

async function runWeekBench(env: BenchEnv): Promise<Figure[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
  const small = await fill(env);
  const bare = await startBareServer(env);
  const figures: Figure[] = [];
  try {
    const calendarUrls = weekUrls(small.staffIds, (staffId, from, to) => `${env.baseUrl}/staff/${staffId}/calendar?${new URLSearchParams({ from, to })}`);
    const listUrls = weekUrls(small.staffIds, (staffId, from, to) => `${env.baseUrl}/appointments?${new URLSearchParams({ staffId, from, to })}`);
    const bareUrls = calendarUrls.map((url) => url.replace(env.baseUrl, bare.baseUrl));
    const get = reader(agent, env.token);
    // Every pooled connection prepares its statements and PostgreSQL settles on its plans first.
    await throughput(calendarUrls.slice(0, 200), get);
    await throughput(listUrls.slice(0, 200), get);
    await throughput(bareUrls.slice(0, 200), get);

    const bareRate = await throughput(bareUrls, get);
    const calendarRate = await throughput(calendarUrls, get);
    const listRate = await throughput(listUrls, get);
    const target = { ratio: { min: 0.5 } };
    figures.push(
      { name: `staff calendar (GET /staff/:id/calendar, 100k appointments, 50 a week), ${CLIENTS} connections`, value: calendarRate, unit: 'req/s', floor: bareRate, target },
      { name: `appointment list (GET /appointments?staffId, the same week), ${CLIENTS} connections`, value: listRate, unit: 'req/s', floor: bareRate },
    );
    const calendar100k = await latencies(calendarUrls, get);
    const list100k = await latencies(listUrls, get);
    figures.push(...medianAndP99('staff calendar, one client, 100k', calendar100k), ...medianAndP99('appointment list, one client, 100k', list100k));
    figures.push(...(await planning(env, small.staffIds[3], '100k')));

    // The curve: ten times the appointments in the same database, the week of a member of a site holding 900,000 of them.
    await stepAside(env, small.siteId);
    const large = await fill(env, 900_000);
    await env.db.query(`INSERT INTO rooms (site_id, name, kind, capacity) SELECT $1, 'Rum ' || i, 'office', 1 FROM generate_series(1, 12) i`, [large.siteId]);
    const calendarUrls1M = weekUrls(large.staffIds, (staffId, from, to) => `${env.baseUrl}/staff/${staffId}/calendar?${new URLSearchParams({ from, to })}`);
    const listUrls1M = weekUrls(large.staffIds, (staffId, from, to) => `${env.baseUrl}/appointments?${new URLSearchParams({ staffId, from, to })}`);
    await throughput(calendarUrls1M.slice(0, 200), get);
    await throughput(listUrls1M.slice(0, 200), get);
    const calendar1M = await latencies(calendarUrls1M, get);
    const list1M = await latencies(listUrls1M, get);
    figures.push(
      { name: 'staff calendar, one client, median at 1M appointments against 100k', value: percentile(calendar1M, 50), unit: 'ms', floor: percentile(calendar100k, 50) },
      { name: 'appointment list, one client, median at 1M appointments against 100k', value: percentile(list1M, 50), unit: 'ms', floor: percentile(list100k, 50) },
      ...medianAndP99('staff calendar, one client, 1M', calendar1M),
      ...medianAndP99('appointment list, one client, 1M', list1M),
    );
    figures.push(...(await planning(env, large.staffIds[3], '1M')));
    figures.push(...medianAndP99('find a time (GET /appointments/free-slots, 40 staff, 1M appointments)', await freeSlotTimes(env, large.siteId, get)));
  } finally {
    agent.destroy();
    await bare.close();
  }
  return figures;
}

type Get = (url: string) => Promise<void>;

/** A GET as the benchmark's one client makes it: keep-alive, at most CLIENTS connections, 200 or it stops. */
function reader(agent: Agent, token: string): Get {
  return (url) =>
    new Promise((resolve, reject) => {
      const req = request(url, { agent, headers: { authorization: `Bearer ${token}` } }, (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`${url} answered ${res.statusCode}`))));
      });
      req.on('error', reject);
      req.end();
    });
}

/** For each read, a staff member and a week, spread over the fill's staff and weeks. */
function weekUrls(staffIds: readonly string[], url: (staffId: string, from: string, to: string) => string): string[] {
  return Array.from({ length: CONCURRENT_READS }, (_, i) => {
    const monday = DateTime.fromISO(FILL_FROM, { zone: ZONE }).plus({ weeks: i % WEEKS });
    return url(staffIds[(i * 7) % staffIds.length], monday.toISO()!, monday.plus({ weeks: 1 }).toISO()!);
  });
}

/** Requests per second with CLIENTS requests in flight on as many keep-alive connections. */
async function throughput(urls: readonly string[], get: Get): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: CLIENTS }, async () => { while (next < urls.length) await get(urls[next++]); }));
  return urls.length / ((performance.now() - started) / 1000);
}

/** Sorted response times of one client reading SEQUENTIAL_READS of the urls in turn. */
async function latencies(urls: readonly string[], get: Get): Promise<number[]> {
  const times: number[] = [];
  for (const url of urls.slice(0, SEQUENTIAL_READS)) {
    const t0 = performance.now();
    await get(url);
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b);
}

function medianAndP99(name: string, sortedMs: number[]): Figure[] {
  return [
    { name: `${name}, median`, value: percentile(sortedMs, 50), unit: 'ms' },
    { name: `${name}, p99`, value: percentile(sortedMs, 99), unit: 'ms' },
  ];
}

/**
 * The floor: node:http and a pg Pool as large as the service's, and per request only the calendar's
 * statement (the same prepared statement the service runs) and the audit INSERT the service writes
 * for it, answered as JSON. No framework, no session check, no validation.
 */
async function startBareServer(env: BenchEnv): Promise<{ baseUrl: string; close: () => Promise<void> }> {
  const pool = barePool(env);
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url!, 'http://bare');
    const staffId = url.pathname.split('/')[2];
    const from = new Date(url.searchParams.get('from')!);
    const to = new Date(url.searchParams.get('to')!);
    void (async () => {
      const { rows } = await pool.query({ ...ENTRY_QUERIES.staff, values: [from, to, [staffId], false] });
      await auditInsert(pool, rows);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(rows));
    })().catch((error: Error) => res.writeHead(500).end(error.message));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await pool.end();
    },
  };
}

/** The rows the service logs for a read (AuditService.record): one per patient shown, naming every appointment of theirs, in one INSERT. */
async function auditInsert(pool: Pool, rows: { id: string; patients: { id: string }[] }[]): Promise<void> {
  const byPatient = new Map<string, string[]>();
  for (const row of rows) for (const { id } of row.patients) byPatient.set(id, [...(byPatient.get(id) ?? []), row.id]);
  if (!byPatient.size) return;
  const values = [...byPatient].flatMap(([patientId, resourceIds]) => [null, 'bench', 'admin', 'read', patientId, 'appointment', resourceIds, 'GET /staff/:id/calendar', '127.0.0.1', 'allowed']);
  const tuples = [...byPatient.keys()].map((_, i) => `(DEFAULT, ${Array.from({ length: 10 }, (_, j) => `$${i * 10 + j + 1}`).join(', ')})`);
  await pool.query(
    `INSERT INTO audit_log (at, user_id, username, role, action, patient_id, resource, resource_ids, endpoint, client_address, outcome)
       VALUES ${tuples.join(', ')} RETURNING id, at, resource_ids, outcome`,
    values,
  );
}

/** Planning and execution time of the staff-week statement, as PostgreSQL reports them (median of 20). */
async function planning(env: BenchEnv, staffId: string, size: string): Promise<Figure[]> {
  const monday = DateTime.fromISO(FILL_FROM, { zone: ZONE }).plus({ weeks: 9 });
  const plans: number[] = [];
  const runs: number[] = [];
  for (let i = 0; i < 20; i++) {
    const [{ 'QUERY PLAN': [report] }] = await env.db.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${ENTRY_QUERIES.staff.text}`, [monday.toJSDate(), monday.plus({ weeks: 1 }).toJSDate(), [staffId], false]);
    plans.push(report['Planning Time']);
    runs.push(report['Execution Time']);
  }
  const median = (values: number[]) => percentile(values.sort((a, b) => a - b), 50);
  return [
    { name: `staff-week statement at ${size}, planning (unprepared)`, value: median(plans), unit: 'ms' },
    { name: `staff-week statement at ${size}, execution`, value: median(runs), unit: 'ms' },
  ];
}

/**
 * fill() names its site and patients the same each time: the first site takes other names, so the
 * database can hold a second one.
 */
async function stepAside(env: BenchEnv, siteId: string): Promise<void> {
  await env.db.query(`UPDATE sites SET name = name || ' (100k)' WHERE id = $1`, [siteId]);
  await env.db.query(`UPDATE patients SET personal_number = '20' || substr(personal_number, 3) WHERE site_id = $1`, [siteId]);
}

/**
 * Sorted response times of find-a-time for a physiotherapist over two weeks, each asked from another
 * weekday, so the site calendar is read every time (the cache keeps one period per site).
 */
async function freeSlotTimes(env: BenchEnv, siteId: string, get: Get): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < FREE_SLOT_SEARCHES; i++) {
    const from = DateTime.fromISO(FILL_FROM, { zone: ZONE }).plus({ weeks: 4 + (i % 20), days: i % 5 }).toISODate()!;
    const url = `${env.baseUrl}/appointments/free-slots?${new URLSearchParams({ siteId, kind: 'individual_visit', discipline: 'physiotherapist', from })}`;
    const t0 = performance.now();
    await get(url);
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b);
}
