import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { badRequest, notFound, problem, stateConflict, unprocessable } from '../common/api-errors';
import { SERVICE_SETTINGS, ServiceSettings } from '../config/service-settings';
import { ClosedDays } from '../core/time/holidays';
import { addDays, daysBetween } from '../core/time/local-time';
import { ClosedDayDto, CreateClosureDto, CreateSiteDto, SiteDto, UpdateSiteSettingsDto } from './sites.dto';
import { mergeSettings, resolveSiteSettings, SiteSettings, StoredSiteSettings } from '../core/rules/site-settings';
import { Site } from './site.entity';
import { SitesRepository } from './sites.repository';

/** A year is plenty for any calendar screen and keeps a careless query cheap. */
const MAX_CLOSED_DAYS_RANGE = 366;

@Injectable()
export class SitesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repository: SitesRepository,
    @Inject(SERVICE_SETTINGS) private readonly service: ServiceSettings,
  ) {}

  async create(dto: CreateSiteDto): Promise<SiteDto> {
    if (await this.repository.nameTaken(dto.name)) {
      throw stateConflict('site.name_taken', { site: dto.name });
    }
    return toSiteDto(await this.repository.add({ name: dto.name, timeZone: dto.timeZone ?? this.service.defaultTimeZone }));
  }

  async list(): Promise<SiteDto[]> {
    return (await this.repository.list()).map(toSiteDto);
  }

  async get(id: string, manager?: EntityManager): Promise<Site> {
    const site = await this.repository.findById(id, manager);
    if (!site) throw notFound('site', id);
    return site;
  }

  /** For a body that names a site: an unknown id is the client's mistake (422), not a missing page. */
  async requireReferenced(siteId: string, field = 'siteId', manager?: EntityManager): Promise<Site> {
    const site = await this.repository.findById(siteId, manager);
    if (!site) throw unprocessable([problem(field, 'site.unknown', { siteId })]);
    return site;
  }

  async addClosure(siteId: string, dto: CreateClosureDto): Promise<ClosedDayDto> {
    await this.get(siteId);
    await this.repository.saveClosure({ siteId, date: dto.date, reason: dto.reason });
    return { date: dto.date, reason: dto.reason };
  }

  async settings(siteId: string): Promise<SiteSettings> {
    return resolveSiteSettings((await this.get(siteId)).settings);
  }

  async updateSettings(siteId: string, dto: UpdateSiteSettingsDto): Promise<SiteSettings> {
    return this.db.transaction(async (manager) => {
      const site = await this.repository.findForUpdate(siteId, manager);
      if (!site) throw notFound('site', siteId);
      const stored: StoredSiteSettings = mergeSettings(site.settings, JSON.parse(JSON.stringify(dto)));
      const resolved = resolveSiteSettings(stored);
      if (resolved.triage.workingAgeMin > resolved.triage.workingAgeMax) {
        throw unprocessable([problem('triage.workingAgeMax', 'site.working_age_range')]);
      }
      await this.repository.saveSettings(siteId, stored, manager);
      return resolved;
    });
  }

  /** Public holidays and the site's own closures, for the rules that keep bookings off closed days. */
  async closedDays(siteId: string, manager?: EntityManager): Promise<ClosedDays> {
    const closures = await this.repository.closures(siteId, undefined, manager);
    return new ClosedDays(new Map(closures.map((c) => [c.date, c.reason])));
  }

  async listClosedDays(siteId: string, from: string, to: string): Promise<ClosedDayDto[]> {
    const span = daysBetween(from, to);
    if (span < 0) throw badRequest([problem('to', 'validation.not_before', { other: 'from' })]);
    if (span > MAX_CLOSED_DAYS_RANGE) throw badRequest([problem('to', 'validation.range_too_long', { days: MAX_CLOSED_DAYS_RANGE, other: 'from' })]);
    await this.get(siteId);
    const closures = await this.repository.closures(siteId, { from, to });
    const closed = new ClosedDays(new Map(closures.map((c) => [c.date, c.reason])));
    const days: ClosedDayDto[] = [];
    // Counted, not compared: a loop that steps dates until it passes `to` is only as sound as date arithmetic.
    for (let day = 0; day <= span; day++) {
      const date = addDays(from, day);
      const reason = closed.reason(date);
      if (reason) days.push({ date, reason });
    }
    return days;
  }
}

export function toSiteDto(site: Site): SiteDto {
  return { id: site.id, name: site.name, timeZone: site.timeZone };
}
