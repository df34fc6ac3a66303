import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Between, DataSource, EntityManager } from 'typeorm';
import { StoredSiteSettings } from '../core/rules/site-settings';
import { SiteClosure } from './site-closure.entity';
import { Site } from './site.entity';

/** The sites and their own closed days, as stored. */
@Injectable()
export class SitesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  findById(id: string, manager: EntityManager = this.db.manager): Promise<Site | null> {
    return manager.findOneBy(Site, { id });
  }

  /** A site as a person names it on the command line: by its id or by its name. */
  async findByIdOrName(idOrName: string): Promise<Pick<Site, 'id' | 'name'> | undefined> {
    const [site]: Pick<Site, 'id' | 'name'>[] = await this.db.query(`SELECT id, name FROM sites WHERE id::text = $1 OR name = $1`, [idOrName]);
    return site;
  }

  /** The site locked for a change of its settings, in the caller's transaction. */
  findForUpdate(id: string, manager: EntityManager): Promise<Site | null> {
    return manager.findOne(Site, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  nameTaken(name: string): Promise<boolean> {
    return this.db.getRepository(Site).existsBy({ name });
  }

  add(site: Pick<Site, 'name' | 'timeZone'>): Promise<Site> {
    return this.db.getRepository(Site).save(site);
  }

  /** By name. */
  list(): Promise<Site[]> {
    return this.db.getRepository(Site).find({ order: { name: 'ASC' } });
  }

  async saveSettings(id: string, settings: StoredSiteSettings, manager: EntityManager): Promise<void> {
    await manager.update(Site, { id }, { settings });
  }

  /** A closed day of the site; closing a day again replaces its reason. */
  async saveClosure(closure: Pick<SiteClosure, 'siteId' | 'date' | 'reason'>): Promise<void> {
    await this.db.getRepository(SiteClosure).upsert(closure, ['siteId', 'date']);
  }

  /** The site's closures, all of them or those from `from` through `to`. */
  closures(siteId: string, range?: { from: string; to: string }, manager: EntityManager = this.db.manager): Promise<SiteClosure[]> {
    return manager.findBy(SiteClosure, { siteId, ...(range && { date: Between(range.from, range.to) }) });
  }
}
