import { requireRole } from '../../access/site-access';
import { Injectable } from '@nestjs/common';
import type { Principal } from '../../access/principal';
import { notFound } from '../../common/api-errors';
import { StaffView } from '../../core/fhir/practitioner';
import { SiteDto } from '../../sites/sites.dto';
import { StaffService, toStaffDto } from '../../staff/staff.service';
import { isUuid } from '../fhir-search';
import { REGISTER_READERS } from './schedule.resource';
import { SiteRegister } from './site-register';

/** A staff member with their site. */
export interface RegisteredMember {
  member: StaffView;
  site: SiteDto;
}

/**
 * The staff register as Practitioner and PractitionerRole read it: through StaffService, as
 * GET /staff and GET /staff/:id answer, to the same roles (a patient is refused 403).
 */
@Injectable()
export class StaffRegister {
  constructor(
    private readonly staff: StaffService,
    private readonly sites: SiteRegister,
  ) {}

  /** One member: another site's is a 404 as a missing one, logged as refused. */
  async member(actor: Principal, type: string, id: string): Promise<RegisteredMember> {
    requireRole(actor, REGISTER_READERS);
    if (!isUuid(id)) throw notFound(type, id);
    const member = toStaffDto(await this.staff.get(actor, id));
    return { member, site: (await this.sites.all()).get(member.siteId)! };
  }

  /**
   * The members of the caller's site (an admin's: of every site), or of the site `siteId` names:
   * another site's is a 403 as GET /staff?siteId= answers; an id that is no site's has none.
   */
  async members(actor: Principal, siteId?: string): Promise<RegisteredMember[]> {
    requireRole(actor, REGISTER_READERS);
    const sites = await this.sites.all();
    if (siteId !== undefined && !sites.has(siteId)) return [];
    const staff = await this.staff.list(actor, { siteId });
    return staff.map((member) => ({ member, site: sites.get(member.siteId)! }));
  }
}
