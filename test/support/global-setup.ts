import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateOpenApiMetadata } from '../../scripts/openapi-metadata';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';
import { prepareTestDatabase, TEMPLATE_DATABASE } from './test-database';

/**
 * One embedded PostgreSQL for the whole run, on a free port in a temporary folder. The schema is
 * migrated once into a template; every test file gets its own copy of it (see test-app.ts).
 */
export default async function globalSetup(): Promise<void> {
  // Before any test file loads the app: the API document's schemas come from it (src/app/api-document.ts).
  generateOpenApiMetadata();
  const directory = mkdtempSync(join(tmpdir(), 'rehab-scheduler-test-'));
  const server = await startEmbeddedPostgres(directory);
  await server.createDatabase(TEMPLATE_DATABASE);
  await prepareTestDatabase(server.url(TEMPLATE_DATABASE));

  process.env.TEST_SERVER_URL = server.url('postgres');
  Object.assign(globalThis, { __embeddedPostgres: { server } });
}
