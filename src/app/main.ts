import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { configureApp } from './app-setup';
import { AppModule } from './app.module';
import { describeError } from '../common/describe-error';
import { AppConfig } from '../config/app-config';
import { prepareRuntime } from './bootstrap';
import { ServiceSettings } from '../config/service-settings';
import { EmbeddedDatabase } from '../database/embedded-postgres';
import { DEMO_LOGINS, seedDemoData } from '../demo/demo-data';

async function main(): Promise<void> {
  const { config, settings, embedded } = await prepareRuntime();
  try {
    await serve(config, settings, embedded);
  } catch (error) {
    await embedded?.stop(); // a failed start leaves no PostgreSQL behind
    throw error;
  }
}

async function serve(config: AppConfig, settings: ServiceSettings, embedded: EmbeddedDatabase | undefined): Promise<void> {
  const app = await NestFactory.create(AppModule.with(settings), { logger: ['error', 'warn'] });
  await configureApp(app, config.logLevel);
  // Express's req.ip, which login limits count per address, believes X-Forwarded-For only from these proxies.
  app.getHttpAdapter().getInstance().set('trust proxy', config.trustProxy);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping ...`);
    await app.close();
    await embedded?.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  // Demo patients have no place in a production database; there, users come from `npm run cli -- create-user`.
  const seeded = !config.production && (await seedDemoData(app));
  await app.listen(config.port);
  const url = `http://localhost:${config.port}`;
  console.log(`rehab-scheduler is running at ${url}`);
  console.log(`  Web app:             ${url}/${config.production ? '' : '  (sign in with a demo login below)'}`);
  console.log(`  API docs (OpenAPI):  ${url}/api/docs  (JSON: ${url}/api/docs-json)`);
  console.log(`  Health:              ${url}/health`);
  console.log(`  Database:            ${embedded ? `embedded PostgreSQL in ${config.dataDir}` : 'DATABASE_URL'}${seeded ? ' (demo data loaded)' : ''}`);
  if (!config.production) {
    console.log(`  Demo logins:         ${DEMO_LOGINS.map((l) => `${l.username} / ${l.password}`).join(', ')}`);
  }
  console.log('Press Ctrl-C to stop.');
}

// One line naming the cause: a stack trace or `undefined` tells the person starting it nothing.
void main().catch((error: unknown) => {
  console.error(`rehab-scheduler did not start: ${describeError(error)}`);
  process.exit(1);
});
