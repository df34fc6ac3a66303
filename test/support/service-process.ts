import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { freePort } from '../../src/database/embedded-postgres';
import { until } from './until';

/**
 * How long a service process may take to answer /health. It transpiles its sources as it starts:
 * about 10 s for two at once on two idle cores, several times that on a machine busy with other tests.
 */
const START_TIMEOUT_MS = 120_000;
const OUTPUT_KEPT = 64_000;

export interface ServiceProcess {
  url: string;
  /**
   * Resolves with the milliseconds from spawning to the first healthy answer; rejects, the process
   * killed, when it exits first or is not healthy in time.
   */
  ready: Promise<number>;
  pid: number;
  /** Its exit code once it has ended (null when a signal ended it). */
  exited: Promise<number | null>;
  /** The end of what it printed. */
  output: () => string;
  /** Ends the process with `signal` (SIGKILL unless told) and waits for it to be gone. */
  kill: (signal?: NodeJS.Signals) => Promise<void>;
}

/**
 * `npm start` from the sources in a process of its own, as production runs it (NODE_ENV=production,
 * so no demo data), on `databaseUrl` and a free port; `ready` once it answers /health. The process
 * ends with the test run even if nobody kills it (see run-typescript.js). Its API: serviceClient(url).
 */
export async function startService(databaseUrl: string, env: Record<string, string> = {}): Promise<ServiceProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started = Date.now();
  const child = spawn(process.execPath, ['test/support/run-typescript.js', 'src/app/main.ts'], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      JWT_SECRET: 'test-secret-of-the-scaled-out-service-processes',
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      LOG_LEVEL: 'warn',
      REMINDER_DISPATCHER: 'off',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-OUTPUT_KEPT));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const kill = async (signal: NodeJS.Signals = 'SIGKILL') => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  const ready = untilHealthy(url, child, () => output).then(
    () => Date.now() - started,
    async (error: unknown) => {
      await kill();
      throw error;
    },
  );
  return { url, pid: child.pid!, ready, exited, output: () => output, kill };
}

async function untilHealthy(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const healthy = async () => {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the service at ${url} exited (${child.exitCode ?? child.signalCode}) before it was healthy; it printed:\n${output()}`);
    }
    return fetch(`${url}/health`, { signal: AbortSignal.timeout(2_000) }).then(
      (response) => response.ok,
      () => false,
    );
  };
  await until(healthy, START_TIMEOUT_MS, () => `the service at ${url} to answer /health; it printed:\n${output()}`);
}
