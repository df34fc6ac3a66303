import { join } from 'node:path';
import { EmbeddedDatabase, startEmbeddedPostgres } from '../database/embedded-postgres';
import { AppConfig, ConfigError, loadConfig } from '../config/app-config';
import { lockDataDir } from './data-dir-lock';
import { resolveJwtSecret } from '../config/jwt-secret';
import { ServiceSettings } from '../config/service-settings';

const EMBEDDED_DATABASE = 'rehab';

export interface Runtime {
  config: AppConfig;
  settings: ServiceSettings;
  /** Set when no DATABASE_URL was given and an embedded PostgreSQL was started for this process. */
  embedded?: EmbeddedDatabase;
}

/**
 * What the service and the CLI do first: read the environment (exiting with a clear message on a
 * bad value) and find a database — DATABASE_URL, or an embedded PostgreSQL kept in DATA_DIR.
 */
export async function prepareRuntime(env: NodeJS.ProcessEnv = process.env): Promise<Runtime> {
  let config: AppConfig;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
  let embedded: EmbeddedDatabase | undefined;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    lockDataDir(config.dataDir);
    embedded = await startEmbeddedPostgres(join(config.dataDir, 'postgres'));
    try {
      await embedded.createDatabase(EMBEDDED_DATABASE);
    } catch (error) {
      await embedded.stop();
      throw error;
    }
    databaseUrl = embedded.url(EMBEDDED_DATABASE);
  }
  const settings: ServiceSettings = {
    databaseUrl,
    jwtSecret: resolveJwtSecret(config.jwtSecret, config.dataDir),
    defaultTimeZone: config.defaultTimeZone,
    logLevel: config.logLevel,
    requestTimeoutMs: config.requestTimeoutMs,
    statementTimeoutMs: config.statementTimeoutMs,
    jobLeaseMs: config.jobLeaseMs,
    delivery: config.delivery,
    oidc: config.oidc,
  };
  return { config, settings, embedded };
}
