import { Injectable } from '@nestjs/common';
import type { Practitioner } from '@medplum/fhirtypes';
import type { Actor } from '../../access/principal';
import { nameMatches } from '../../core/fhir/human-name';
import { practitionerResource } from '../../core/fhir/practitioner';
import { FhirPage, FhirResourceType, FhirSearch, FhirSearchParam } from '../fhir-resources';
import { pageOf, single } from '../fhir-search';
import { todayAt } from './site-register';
import { RegisteredMember, StaffRegister } from './staff-register';

/** A staff member as a person (id = theirs), to the staff of their site. */
@Injectable()
export class PractitionerResource implements FhirResourceType {
  readonly type = 'Practitioner';
  readonly searchParams: readonly FhirSearchParam[] = [
    { name: '_id', type: 'token', documentation: "The staff member's id." },
    { name: 'name', type: 'string', documentation: 'The start of the name or of any word of it, without regard to case or accents.' },
  ];

  constructor(private readonly staff: StaffRegister) {}

  async read(actor: Actor, id: string): Promise<Practitioner> {
    return practitionerOf(await this.staff.member(actor, this.type, id));
  }

  async search(actor: Actor, search: FhirSearch): Promise<FhirPage> {
    const id = single(search, '_id')?.toLowerCase();
    const name = single(search, 'name');
    const members = await this.staff.members(actor);
    const matches = members.filter(({ member }) => (id === undefined || member.id === id) && (name === undefined || nameMatches(member.name, name)));
    return pageOf(matches.map(practitionerOf), search);
  }
}

function practitionerOf({ member, site }: RegisteredMember): Practitioner {
  return practitionerResource(member, todayAt(site));
}
