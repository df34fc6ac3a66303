import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../auth/access.decorators';
import { Actor } from '../auth/principal';
import { assertSiteAccess } from '../auth/site-access';
import { uuidPipe } from '../common/validation';
import { ClosedDayDto, ClosedDaysQueryDto, CreateClosureDto, CreateSiteDto, SiteDto, UpdateSiteSettingsDto } from './sites.dto';
import { SiteSettings } from './site-settings';
import { SitesService, toSiteDto } from './sites.service';

@ApiTags('sites')
@ApiBearerAuth()
@Controller('sites')
export class SitesController {
  constructor(private readonly sites: SitesService) {}

  @Roles('admin', 'coordinator')
  @Post()
  create(@Body() dto: CreateSiteDto): Promise<SiteDto> {
    return this.sites.create(dto);
  }

  @Get()
  list(): Promise<SiteDto[]> {
    return this.sites.list();
  }

  @Get(':id')
  async get(@Param('id', uuidPipe()) id: string): Promise<SiteDto> {
    return toSiteDto(await this.sites.get(id));
  }

  /** Close the site on a day of its own choosing (public holidays are closed already). */
  @Roles('admin', 'coordinator')
  @Post(':id/closures')
  addClosure(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string, @Body() dto: CreateClosureDto): Promise<ClosedDayDto> {
    assertSiteAccess(actor, id);
    return this.sites.addClosure(id, dto);
  }

  /** Public holidays and site closures in a date range (at most a year). */
  @Get(':id/closed-days')
  closedDays(@Param('id', uuidPipe()) id: string, @Query() query: ClosedDaysQueryDto): Promise<ClosedDayDto[]> {
    return this.sites.listClosedDays(id, query.from, query.to);
  }

  /** The site's rules in force: care guarantee, at-risk threshold, triage criteria. */
  @Get(':id/settings')
  settings(@Param('id', uuidPipe()) id: string): Promise<SiteSettings> {
    return this.sites.settings(id);
  }

  /** Change some of the site's rules; what is left out stays. */
  @Roles('admin', 'coordinator')
  @Patch(':id/settings')
  updateSettings(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string, @Body() dto: UpdateSiteSettingsDto): Promise<SiteSettings> {
    assertSiteAccess(actor, id);
    return this.sites.updateSettings(id, dto);
  }
}
