import { EmbeddedDatabase } from '../../src/database/embedded-postgres';

export default async function globalTeardown(): Promise<void> {
  const { server } = (globalThis as unknown as { __embeddedPostgres: { server: EmbeddedDatabase } }).__embeddedPostgres;
  await server.remove();
}
