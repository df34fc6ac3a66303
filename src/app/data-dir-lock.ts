import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { StartupError } from '../common/describe-error';
import { isAlive } from '../database/embedded-postgres';

/** Holds the pid (and, on Linux, the start time) of the process using DATA_DIR. */
export const LOCK_FILE = 'service.pid';

/**
 * Makes this process the one user of `dataDir`'s embedded database, until it exits. A lock left by
 * a process that is gone (SIGKILL, power cut) is taken over: its PostgreSQL, if still running, is
 * then stopped by startEmbeddedPostgres. A lock held by a live process is refused in one sentence.
 * The start time guards against a recycled pid (after a container restart the old pid is often
 * someone else's, or our own).
 */
export function lockDataDir(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, LOCK_FILE);
  const me = `${process.pid}\n${startTime(process.pid) ?? ''}\n`;
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(file, me, { flag: 'wx' });
      process.once('exit', () => release(file, me));
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw error;
    }
    const holder = readHolder(file);
    if (holder && holder.pid !== process.pid && isAlive(holder.pid) && (holder.startTime === undefined || holder.startTime === startTime(holder.pid))) {
      throw new StartupError(
        `DATA_DIR ${resolve(dataDir)} is in use by another rehab-scheduler process (pid ${holder.pid}): stop that one first (Ctrl-C, or kill ${holder.pid}), or give this one another DATA_DIR.`,
      );
    }
    unlinkSync(file);
  }
}

function readHolder(file: string): { pid: number; startTime?: string } | undefined {
  try {
    const [pid, time] = readFileSync(file, 'utf8').split('\n');
    return Number.isInteger(Number(pid)) && Number(pid) > 0 ? { pid: Number(pid), startTime: time || undefined } : undefined;
  } catch {
    return undefined;
  }
}

function release(file: string, me: string): void {
  try {
    if (readFileSync(file, 'utf8') === me) unlinkSync(file);
  } catch {
    // already gone
  }
}

/** Field 22 of /proc/<pid>/stat: when the process started, in clock ticks since boot. */
function startTime(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ')[19];
  } catch {
    return undefined;
  }
}
