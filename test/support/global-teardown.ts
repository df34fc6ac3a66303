import { rmSync } from 'node:fs';
import { EmbeddedDatabase } from '../../src/database/embedded-postgres';

export default async function globalTeardown(): Promise<void> {
  const { server, directory } = (globalThis as unknown as { __embeddedPostgres: { server: EmbeddedDatabase; directory: string } }).__embeddedPostgres;
  await server.stop();
  rmSync(directory, { recursive: true, force: true });
}
