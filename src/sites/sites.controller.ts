import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../access/access.decorators';
import { Actor } from '../access/principal';
import { assertSiteRecord } from '../access/site-access';
import { uuidPipe } from '../common/validation';
import { ClosedDayDto, ClosedDaysQueryDto, CreateClosureDto, CreateSiteDto, SiteDto, SiteSettingsDto, UpdateSiteSettingsDto } from './sites.dto';
import { Site } from './site.entity';
import { SitesService, toSiteDto } from './sites.service';

@ApiTags('sites')
@Controller('sites')
export class SitesController {
  constructor(private readonly sites: SitesService) {}

  /** Sites are the organisation's to set up, not one unit's. */
  @Roles('admin')
  @Post()
  create(@Body() dto: CreateSiteDto): Promise<SiteDto> {
    return this.sites.create(dto);
  }

  @Get()
  list(): Promise<SiteDto[]> {
    return this.sites.list();
  }

  @Get(':id')
  async get(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<SiteDto> {
    return toSiteDto(await this.visibleSite(actor, id));
  }

  /** Close the site on a day of its own choosing (public holidays are closed already). */
  @Roles('admin', 'coordinator')
  @Post(':id/closures')
  async addClosure(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string, @Body() dto: CreateClosureDto): Promise<ClosedDayDto> {
    await this.visibleSite(actor, id);
    return this.sites.addClosure(id, dto);
  }

  /** Public holidays and site closures in a date range (at most a year). */
  @Get(':id/closed-days')
  async closedDays(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string, @Query() query: ClosedDaysQueryDto): Promise<ClosedDayDto[]> {
    await this.visibleSite(actor, id);
    return this.sites.listClosedDays(id, query.from, query.to);
  }

  /** The site's rules in force: care guarantee, at-risk threshold, triage criteria. */
  @Get(':id/settings')
  async settings(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<SiteSettingsDto> {
    await this.visibleSite(actor, id);
    return this.sites.settings(id);
  }

  /** Change some of the site's rules; what is left out stays. */
  @Roles('admin', 'coordinator')
  @Patch(':id/settings')
  async updateSettings(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string, @Body() dto: UpdateSiteSettingsDto): Promise<SiteSettingsDto> {
    await this.visibleSite(actor, id);
    return this.sites.updateSettings(id, dto);
  }

  /** Everything under a site's id is that site's: another site's answers 404, as one that does not exist. */
  private async visibleSite(actor: Actor, id: string): Promise<Site> {
    const site = await this.sites.get(id);
    assertSiteRecord(actor, { siteId: id }, 'site', id);
    return site;
  }
}
