import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import type { SiteCalendar } from '../core/planners/assessment/site-calendar';

/** The channel the calendar-changes migration's triggers notify, with the site id as payload. */
const CHANNEL = 'site_calendar';
const RECONNECT_MS = 1_000;
/**
 * Periods kept per site: a proposal looks at its first window and, when that is full, at the whole
 * horizon. Keeping one made each proposal on a busy site read both anew, every time.
 */
const PERIODS_PER_SITE = 2;

/**
 * Site calendars kept between proposals, so a coordinator's proposal plans instead of reading
 * thousands of busy intervals. PostgreSQL says when one goes stale: triggers NOTIFY the site's id
 * when anything a calendar holds changes, and a notification arrives only once its transaction has
 * committed. Before a kept calendar is used, one round trip on the listening connection brings in
 * every notification of a commit that finished before the request: a proposal sees every booking
 * committed before it started, exactly as a fresh read would. A read that overlaps a change is not
 * kept (the generation check), and without a listening connection nothing is kept at all.
 */
@Injectable()
export class SiteCalendarCache implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SiteCalendarCache.name);
  /** Per site, calendars by period key, the one used last at the end. */
  private readonly kept = new Map<string, Map<string, SiteCalendar>>();
  /** Counts notifications per site, to spot a read that overlapped a change. */
  private readonly generations = new Map<string, number>();
  private listener: Client | undefined;
  private stopped = false;

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.listen();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.listener?.end().catch(() => undefined);
  }

  /** The calendar kept for the site and `key`, if any, as it stands: it may yet turn out stale (see `get`). */
  peek(siteId: string, key: string): SiteCalendar | undefined {
    return this.kept.get(siteId)?.get(key);
  }

  /** The site's calendar for `key` (its period), kept or read by `read`. */
  async get(siteId: string, key: string, read: () => Promise<SiteCalendar>): Promise<SiteCalendar> {
    const listener = this.listener;
    if (!listener) return read();
    try {
      await listener.query('SELECT 1');
    } catch {
      return read();
    }
    const entry = this.kept.get(siteId)?.get(key);
    if (entry && this.listener === listener) {
      this.keep(siteId, key, entry);
      return entry;
    }
    const generation = this.generations.get(siteId) ?? 0;
    const calendar = await read();
    if (this.listener === listener && (this.generations.get(siteId) ?? 0) === generation) this.keep(siteId, key, calendar);
    return calendar;
  }

  /** Keeps the calendar as the site's last used, the least recently used one going past PERIODS_PER_SITE. */
  private keep(siteId: string, key: string, calendar: SiteCalendar): void {
    let periods = this.kept.get(siteId);
    if (!periods) this.kept.set(siteId, (periods = new Map()));
    periods.delete(key);
    periods.set(key, calendar);
    if (periods.size > PERIODS_PER_SITE) periods.delete(periods.keys().next().value!);
  }

  private async listen(): Promise<void> {
    const client = new Client({ connectionString: (this.db.options as { url: string }).url });
    const lost = () => {
      if (this.listener !== client) return;
      // Notifications may have been missed: forget everything and listen again.
      this.listener = undefined;
      this.kept.clear();
      void client.end().catch(() => undefined);
      if (!this.stopped) setTimeout(() => void this.listen(), RECONNECT_MS).unref();
    };
    client.on('notification', ({ payload }) => {
      if (!payload) return;
      this.generations.set(payload, (this.generations.get(payload) ?? 0) + 1);
      this.kept.delete(payload);
    });
    client.on('error', lost);
    client.on('end', lost);
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      this.listener = client;
    } catch (error) {
      this.logger.warn(`calendar cache off, listening failed: ${error instanceof Error ? error.message : String(error)}`);
      await client.end().catch(() => undefined);
      if (!this.stopped) setTimeout(() => void this.listen(), RECONNECT_MS).unref();
    }
  }
}
