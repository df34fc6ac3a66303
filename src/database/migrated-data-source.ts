import { Client } from 'pg';
import { DataSource, DataSourceOptions } from 'typeorm';

/** The advisory lock (an arbitrary key of this service) held while one process migrates the database. */
const MIGRATION_LOCK = 1_764_000_000_000;

/**
 * The service's data source, connected, its migrations run. Instances started together (docker
 * compose --scale) take turns: each migrates holding an advisory lock, so the first does the work
 * and the others find nothing pending. Without the lock they all ran the same migration at once,
 * every one but the first failed, and the service started only because the connection retry ran it
 * again; a migration that only changes data would have been applied twice.
 *
 * The lock is held on a connection of its own: it needs no statement timeout (waiting for another
 * instance's migrations may take long), and it is released when its session ends, even when the
 * process dies mid-migration (whose transaction then rolls back).
 */
export async function migratedDataSource(options: DataSourceOptions): Promise<DataSource> {
  const db = await new DataSource(options).initialize();
  const lock = new Client({ connectionString: (options as { url: string }).url });
  try {
    await lock.connect();
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await db.runMigrations();
    return db;
  } catch (error) {
    await db.destroy();
    throw error;
  } finally {
    await lock.end().catch(() => undefined);
  }
}
