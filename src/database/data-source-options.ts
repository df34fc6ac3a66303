import { types } from 'pg';
import { DataSourceOptions } from 'typeorm';
import { migrations } from '../../migrations';
import { entities } from './entities';
import { SnakeNamingStrategy } from './snake-naming.strategy';

// A `date` is a calendar day in the site's zone; node-postgres would turn it into a Date at the
// process's local midnight. Keep it as the YYYY-MM-DD string it is.
types.setTypeParser(types.builtins.DATE, (value) => value);

/** One set of connection settings for the service, the test harness and the benchmarks. */
export function dataSourceOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities,
    migrations,
    migrationsTransactionMode: 'each',
    synchronize: false,
    namingStrategy: new SnakeNamingStrategy(),
    extra: { max: 20 },
  };
}
