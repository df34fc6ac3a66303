import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { hashPassword } from '../../src/auth/password-hashing';
import { dataSourceOptions } from '../../src/app/data-source-options';

export const TEMPLATE_DATABASE = 'rehab_template';
export const TEST_ADMIN = { username: 'test-admin', password: 'kvarnsten-i-gryningen-41' };

export interface TestDatabase {
  url: string;
  drop: () => Promise<void>;
}

/** Migrates the empty database at `url` and adds the test admin: the template, or a test's own server. */
export async function prepareTestDatabase(url: string): Promise<void> {
  const database = new DataSource(dataSourceOptions(url));
  await database.initialize();
  try {
    await database.runMigrations();
    await database.query(`INSERT INTO users (username, password_hash, role) VALUES ($1, $2, 'admin')`, [TEST_ADMIN.username, await hashPassword(TEST_ADMIN.password)]);
  } finally {
    await database.destroy();
  }
}

/** A fresh database for one test file: a copy of the migrated template or, `empty`, one without the service's schema. */
export async function createTestDatabase({ empty = false } = {}): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_SERVER_URL;
  if (!serverUrl) throw new Error('TEST_SERVER_URL is not set: run the tests through jest (npm test)');
  const name = `test_${randomBytes(6).toString('hex')}`;
  await withServer(serverUrl, (client) => client.query(`CREATE DATABASE ${name} TEMPLATE ${empty ? 'template0' : TEMPLATE_DATABASE}`));
  return {
    url: serverUrl.replace(/\/postgres$/, `/${name}`),
    drop: async () => {
      await withServer(serverUrl, (client) => client.query(`DROP DATABASE ${name} WITH (FORCE)`));
    },
  };
}

async function withServer<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
