import 'reflect-metadata';
import { DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConfigError, loadConfig } from '../config/app-config';
import { ServiceSettings } from '../config/service-settings';
import { SettingsModule } from '../config/settings.module';
import { dataSourceOptions } from './data-source-options';
import { ReminderDeliveryModule } from '../reminders/reminder-delivery.module';

/** Just the reminder dispatcher, on the service's database; the service runs the migrations. */
@Module({})
class WorkerModule {
  static with(settings: ServiceSettings): DynamicModule {
    return {
      module: WorkerModule,
      imports: [SettingsModule.with(settings), TypeOrmModule.forRoot({ ...dataSourceOptions(settings.databaseUrl, settings.statementTimeoutMs), migrationsRun: false }), ReminderDeliveryModule],
    };
  }
}

/**
 * `npm run worker`: a process that only sends reminders, beside the service (started with
 * REMINDER_DISPATCHER=off) or beside other workers; they share the due reminders safely.
 */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env, { signsTokens: false });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
  if (!config.databaseUrl) {
    console.error('The worker needs DATABASE_URL: an embedded database belongs to the service process that started it.');
    process.exit(1);
  }
  const settings: ServiceSettings = {
    databaseUrl: config.databaseUrl,
    // The worker signs no tokens; the settings type asks for a secret all the same.
    jwtSecret: config.jwtSecret ?? '',
    defaultTimeZone: config.defaultTimeZone,
    logLevel: config.logLevel,
    statementTimeoutMs: config.statementTimeoutMs,
    delivery: { ...config.delivery, dispatcher: true },
  };
  const app = await NestFactory.createApplicationContext(WorkerModule.with(settings), { logger: ['error', 'warn', 'log'] });
  app.enableShutdownHooks();
  console.log('reminder worker running; Ctrl-C to stop');
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
