import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { hashPassword } from '../src/auth/password-hashing';
import { mkdtempSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
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

/**
 * One measured figure. A figure with a floor was measured beside that floor in the same run, on the
 * same database: these machines drift by ±30 % between runs, so only the ratio is comparable.
 */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** The bare floor in the same unit: the same work without the service (a bare Node + pg client, one bulk INSERT). */
  floor?: number;
  /** What it must reach: a bound on the value, or on value / floor. */
  target?: { ratio?: Bound; value?: Bound };
}

/** At least or at most this number. */
export interface Bound {
  min?: number;
  max?: number;
}

/** One benchmark: a name for `npm run bench -- <name>`, and its figures on a fresh database. */
export interface Bench {
  name: string;
  run: (env: BenchEnv) => Promise<Figure[]>;
}

export function ratioOf(figure: Figure): number | undefined {
  return figure.floor === undefined ? undefined : figure.value / figure.floor;
}

/** Whether the figure meets its target; `ratio` is the figure's own unless a median of runs' ratios is given. */
export function meetsTarget(figure: Figure, ratio = ratioOf(figure)): boolean | undefined {
  const { target } = figure;
  if (!target) return undefined;
  const within = (x: number | undefined, bound: Bound | undefined) => !bound || (x !== undefined && (bound.min === undefined || x >= bound.min) && (bound.max === undefined || x <= bound.max));
  return within(figure.value, target.value) && within(ratio, target.ratio);
}

export function describeFigure(figure: Figure, ratio = ratioOf(figure)): string {
  const number = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 10 ? x.toFixed(1) : x.toFixed(2));
  const bound = (b: Bound | undefined, unit: string) => (b ? [b.min !== undefined && `≥ ${b.min}${unit}`, b.max !== undefined && `≤ ${b.max}${unit}`].filter(Boolean).join(', ') : '');
  const target = figure.target && [bound(figure.target.value, ` ${figure.unit}`), bound(figure.target.ratio, ' of the floor')].filter(Boolean).join(', ');
  return (
    `${figure.name}: ${number(figure.value)} ${figure.unit}` +
    (ratio === undefined ? '' : ` (floor ${number(figure.floor!)} ${figure.unit}, ratio ${ratio.toFixed(2)})`) +
    (target ? `; target ${target}: ${meetsTarget(figure, ratio) ? 'met' : 'NOT MET'}` : '')
  );
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function percentile(sortedMs: number[], p: number): number {
  return sortedMs[Math.min(sortedMs.length - 1, Math.floor((p / 100) * sortedMs.length))];
}

/** A bare node-postgres pool on the service's database, as large as the service's own (dataSourceOptions' url and `extra.max`): a floor's connections. */
export function barePool(env: BenchEnv): Pool {
  const { url, extra } = env.db.options as { url: string; extra: { max: number } };
  return new Pool({ connectionString: url, max: extra.max });
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
