import { DataSource, QueryFailedError } from 'typeorm';
import { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/**
 * A statement each pooled connection parses once and may plan once (PostgreSQL keeps a generic plan
 * after five executions when it costs no more than the custom ones): for the reads every request
 * makes, whose planning otherwise costs as much as their execution. The name must be unique to the text.
 */
export interface PreparedStatement {
  name: string;
  text: string;
}

/**
 * Runs a prepared statement on the data source's pool. TypeORM's `query` takes only text, so this
 * goes to node-postgres's pool beneath it (`{ name, text, values }`), and a failure is the same
 * QueryFailedError the rest of the service meets.
 */
export async function queryPrepared<T>(db: DataSource, { name, text }: PreparedStatement, values: readonly unknown[]): Promise<T[]> {
  try {
    const { rows } = await (db.driver as PostgresDriver).master.query({ name, text, values });
    return rows as T[];
  } catch (error) {
    throw new QueryFailedError(text, [...values], error as Error);
  }
}
