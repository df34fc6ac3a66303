import { Injectable } from '@nestjs/common';
import type { PractitionerRole } from '@medplum/fhirtypes';
import type { Actor } from '../../access/principal';
import { disciplineOfRole, practitionerRoleResource } from '../../core/fhir/practitioner';
import { FhirPage, FhirResourceType, FhirSearch, FhirSearchParam } from '../fhir-resources';
import { pageOf, referenceId, single } from '../fhir-search';
import { todayAt } from './site-register';
import { RegisteredMember, StaffRegister } from './staff-register';

/** A staff member's one role: their discipline at their site (id = the member's), to the staff of the site. */
@Injectable()
export class PractitionerRoleResource implements FhirResourceType {
  readonly type = 'PractitionerRole';
  readonly searchParams: readonly FhirSearchParam[] = [
    { name: 'practitioner', type: 'reference', documentation: 'The staff member: Practitioner/<staff id>.' },
    { name: 'location', type: 'reference', documentation: 'The site: Location/<site id>.' },
    { name: 'role', type: 'token', documentation: 'The discipline as SNOMED CT: http://snomed.info/sct|36682004 (physiotherapist), or the code alone.' },
  ];

  constructor(private readonly staff: StaffRegister) {}

  async read(actor: Actor, id: string): Promise<PractitionerRole> {
    return roleOf(await this.staff.member(actor, this.type, id));
  }

  async search(actor: Actor, search: FhirSearch): Promise<FhirPage> {
    const [practitioner, location, role] = ['practitioner', 'location', 'role'].map((name) => single(search, name));
    const staffId = practitioner === undefined ? undefined : referenceId('practitioner', practitioner, ['Practitioner']).id;
    const siteId = location === undefined ? undefined : referenceId('location', location, ['Location']).id;
    // A code that is no discipline's matches no one (null), rather than everyone.
    const discipline = role === undefined ? undefined : (disciplineOfRole(role) ?? null);
    const members = await this.staff.members(actor, siteId);
    const matches = members.filter(({ member }) => (staffId === undefined || member.id === staffId) && (discipline === undefined || member.discipline === discipline));
    return pageOf(matches.map(roleOf), search);
  }
}

function roleOf({ member, site }: RegisteredMember): PractitionerRole {
  return practitionerRoleResource(member, site, todayAt(site));
}
