import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { freePort } from '../../src/database/embedded-postgres';
import { serviceClient, ServiceClient } from './test-app';

/** How long a service process may take to answer /health: it transpiles its sources as it starts. */
const START_TIMEOUT_MS = 45_000;
const OUTPUT_KEPT = 4_000;

export interface ServiceProcess extends ServiceClient {
  url: string;
  /** From spawning the process to its first healthy answer. */
  startupMs: number;
  /** Ends the process with `signal` (SIGKILL unless told) and waits for it to be gone. */
  kill: (signal?: NodeJS.Signals) => Promise<void>;
}

/**
 * `npm start` from the sources in a process of its own, as production runs it (NODE_ENV=production,
 * so no demo data), on `databaseUrl` and a free port; resolves once it answers /health. The process
 * ends with the test run even if nobody kills it (see run-typescript.js).
 */
export async function startService(databaseUrl: string, env: Record<string, string> = {}): Promise<ServiceProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started = Date.now();
  const child = spawn(process.execPath, ['test/support/run-typescript.js', 'src/main.ts'], {
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
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-OUTPUT_KEPT));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const kill = async (signal: NodeJS.Signals = 'SIGKILL') => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill(signal);
    await exited;
  };
  try {
    await untilHealthy(url, child, () => output);
  } catch (error) {
    await kill();
    throw error;
  }
  return { url, startupMs: Date.now() - started, kill, ...(await serviceClient(url)) };
}

async function untilHealthy(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the service at ${url} exited (${child.exitCode ?? child.signalCode}) before it was healthy:\n${output()}`);
    }
    const healthy = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2_000) }).then(
      (response) => response.ok,
      () => false,
    );
    if (healthy) return;
    if (Date.now() > deadline) throw new Error(`the service at ${url} did not answer /health within ${START_TIMEOUT_MS} ms:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
