import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { configureApp } from '../../src/app/app-setup';
import { AppModule } from '../../src/app/app.module';
import { ServiceSettings } from '../../src/config/service-settings';
import { createTestDatabase, TEST_ADMIN, TestDatabase } from './test-database';

/** The API of a running service as a client sees it, with the test admin signed in: what the fixtures need. */
export interface ServiceClient {
  http: () => ReturnType<typeof request>;
  /** A bearer token for a user of the test database. */
  login: (username: string, password: string) => Promise<string>;
  adminToken: string;
}

export interface TestApp extends ServiceClient {
  app: INestApplication;
  db: DataSource;
  /** The test database, for a second process (a worker) to use. */
  databaseUrl: string;
  close: () => Promise<void>;
}

/**
 * The whole service on its own database, as a real client sees it through HTTP: a copy of the
 * template on the shared test server, or `given` (prepared with prepareTestDatabase, or another
 * test app's, for a second instance of the service). `settings` override the test defaults.
 */
export async function createTestApp(given?: TestDatabase, settings: Partial<ServiceSettings> = {}): Promise<TestApp> {
  const database = given ?? (await createTestDatabase());
  const moduleRef = await Test.createTestingModule({
    imports: [
      AppModule.with({
        databaseUrl: database.url,
        jwtSecret: 'test-secret-that-is-long-enough-for-hs256-signing',
        defaultTimeZone: 'Europe/Stockholm',
        logLevel: 'silent',
        ...settings,
      }),
    ],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await configureApp(app, 'silent');
  await app.init();

  return {
    app,
    db: app.get(DataSource),
    ...(await serviceClient(app.getHttpServer())),
    databaseUrl: database.url,
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}

/** A client of the service at `target`: an in-process server, or the base URL of a service process. */
export async function serviceClient(target: Parameters<typeof request>[0]): Promise<ServiceClient> {
  const http = () => request(target);
  const login = async (username: string, password: string) => {
    const response = await http().post('/auth/login').send({ username, password }).expect(200);
    return response.body.accessToken as string;
  };
  return { http, login, adminToken: await login(TEST_ADMIN.username, TEST_ADMIN.password) };
}
