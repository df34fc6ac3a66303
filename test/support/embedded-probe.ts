// Started by test/startup.e2e-spec.ts in a child process, from a copy of the project in a folder
// only root may enter: the service's own start-up (prepareRuntime, DATA_DIR from the environment)
// brings up the embedded database; a query proves it serves. Prints one JSON line, then removes it all.
import { Client } from 'pg';
import { prepareRuntime } from '../../src/app/bootstrap';

void (async () => {
  const { settings, embedded } = await prepareRuntime();
  const client = new Client({ connectionString: settings.databaseUrl });
  await client.connect();
  await client.query('CREATE TABLE probe (name text)');
  await client.query(`INSERT INTO probe VALUES ('Åsa Öberg')`);
  const [{ name }] = (await client.query('SELECT name FROM probe')).rows;
  const [{ data_directory: dataDirectory }] = (await client.query('SHOW data_directory')).rows;
  await client.end();
  await embedded!.remove();
  console.log(JSON.stringify({ name, dataDirectory }));
})().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
