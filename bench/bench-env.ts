import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { hashPassword } from '../src/auth/password-hashing';
import { mkdtempSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { configureApp } from '../src/app/app-setup';
import { AppModule } from '../src/app/app.module';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres';

export interface BenchEnv {
  app: INestApplication;
  db: DataSource;
  baseUrl: string;
  token: string;
  close: () => Promise<void>;
}

/** The real service over real HTTP on a throwaway embedded PostgreSQL, as a client sees it. */
export async function startBenchEnv(): Promise<BenchEnv> {
  const directory = mkdtempSync(join(tmpdir(), 'rehab-bench-'));
  const server = await startEmbeddedPostgres(directory);
  await server.createDatabase('bench');
  const app = await NestFactory.create(
    AppModule.with({
      databaseUrl: server.url('bench'),
      jwtSecret: 'bench-secret-bench-secret-bench-secret!',
      defaultTimeZone: 'Europe/Stockholm',
      logLevel: 'silent',
      // The benchmarks fill the database with single statements of 100,000 rows; the service's requests stay far below either limit.
      statementTimeoutMs: 600_000,
      // One login serves a whole benchmark, however long it runs: it measures the API, not token renewal.
      accessTokenSeconds: 24 * 3600,
    }),
    { logger: ['error'] },
  );
  await configureApp(app, 'silent');
  await app.listen(0, '127.0.0.1');
  const baseUrl = await app.getUrl();
  const db = app.get(DataSource);
  await db.query(`INSERT INTO users (username, password_hash, role) VALUES ('bench', $1, 'admin')`, [await hashPassword('bench')]);
  const login = await fetch(`${baseUrl}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'bench', password: 'bench' }),
  });
  const { accessToken } = (await login.json()) as { accessToken: string };
  return {
    app,
    db,
    baseUrl,
    token: accessToken,
    close: async () => {
      await app.close();
      await server.remove();
    },
  };
}

export async function api(env: BenchEnv, method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${env.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${env.token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

export function percentile(sortedMs: number[], p: number): number {
  return sortedMs[Math.min(sortedMs.length - 1, Math.floor((p / 100) * sortedMs.length))];
}

export function machine(): string {
  return `${cpus().length}× ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}`;
}

/** Runs `task` for each item with at most `concurrency` in flight. */
export async function inParallel<T>(items: readonly T[], concurrency: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await task(items[next++]);
    }),
  );
}
