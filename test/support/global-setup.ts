import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { hashPassword } from '../../src/auth/password-hashing';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';
import { TEMPLATE_DATABASE, TEST_ADMIN } from './test-database';

/**
 * One embedded PostgreSQL for the whole run, on a free port in a temporary folder. The schema is
 * migrated once into a template; every test file gets its own copy of it (see test-app.ts).
 */
export default async function globalSetup(): Promise<void> {
  const directory = mkdtempSync(join(tmpdir(), 'rehab-scheduler-test-'));
  const server = await startEmbeddedPostgres(directory);
  await server.createDatabase(TEMPLATE_DATABASE);

  const template = new DataSource(dataSourceOptions(server.url(TEMPLATE_DATABASE)));
  await template.initialize();
  await template.runMigrations();
  await template.query(`INSERT INTO users (username, password_hash, role) VALUES ($1, $2, 'admin')`, [
    TEST_ADMIN.username,
    await hashPassword(TEST_ADMIN.password),
  ]);
  await template.destroy();

  process.env.TEST_SERVER_URL = server.url('postgres');
  Object.assign(globalThis, { __embeddedPostgres: { server } });
}
