import { types } from 'pg';
import { DataSourceOptions } from 'typeorm';
import { DEFAULT_STATEMENT_TIMEOUT_MS } from '../config/service-settings';
import { migrations } from '../../migrations';
import { entities } from './entities';
import { SnakeNamingStrategy } from '../database/snake-naming.strategy';

// A `date` is a calendar day in the site's zone; node-postgres would turn it into a Date at the
// process's local midnight. Keep it as the YYYY-MM-DD string it is.
types.setTypeParser(types.builtins.DATE, (value) => value);

/**
 * One set of connection settings for the service, the test harness and the benchmarks. Every
 * connection runs with a statement_timeout, so no query holds a connection and its locks for ever;
 * a cancelled one (57014) is answered 503. A migration that needs longer sets its own (SET LOCAL).
 */
export function dataSourceOptions(url: string, statementTimeoutMs = DEFAULT_STATEMENT_TIMEOUT_MS): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities,
    migrations,
    migrationsTransactionMode: 'each',
    synchronize: false,
    namingStrategy: new SnakeNamingStrategy(),
    extra: { max: 20, statement_timeout: statementTimeoutMs },
  };
}
