import type { CodeableConcept, Practitioner, PractitionerRole } from '@medplum/fhirtypes';
import { LocalDate } from '../time/local-time';
import { Discipline, DISCIPLINES } from '../vocabulary';
import { humanName } from './human-name';
import { inUse } from './in-use';
import { readToken, systemMatches } from './token';

export const SNOMED = 'http://snomed.info/sct';
/** The HSA-id's system: the national directory of Swedish health-care staff (HSA, Inera). */
export const HSA_ID_SYSTEM = 'urn:oid:1.2.752.29.4.19';

/** Each discipline as the SNOMED CT occupation a PractitionerRole's code names. */
const OCCUPATIONS: Record<Discipline, { code: string; display: string }> = {
  nurse: { code: '106292003', display: 'Professional nurse' },
  physician: { code: '309343006', display: 'Physician' },
  physiotherapist: { code: '36682004', display: 'Physiotherapist' },
  psychologist: { code: '59944000', display: 'Psychologist' },
  occupational_therapist: { code: '80546007', display: 'Occupational therapist' },
};

/** A staff member as the register shows them (StaffDto). */
export interface StaffView {
  id: string;
  siteId: string;
  name: string;
  discipline: Discipline;
  deactivatedFrom: LocalDate | null;
  /** Their HSA-id, when we hold one. */
  hsaId?: string | null;
}

/** The staff member as a person: name, in use today, and their HSA-id when we hold one. */
export function practitionerResource(member: StaffView, today: LocalDate): Practitioner {
  return {
    resourceType: 'Practitioner',
    id: member.id,
    ...(member.hsaId ? { identifier: [{ use: 'official', system: HSA_ID_SYSTEM, value: member.hsaId }] } : {}),
    active: inUse(member, today),
    name: [{ use: 'official', ...humanName(member.name) }],
  };
}

/**
 * The staff member's role at their site: their discipline as SNOMED CT, the site as location and
 * its healthcare service (both have the site's id). Its id is the member's: one role each.
 */
export function practitionerRoleResource(member: StaffView, site: { id: string; name: string }, today: LocalDate): PractitionerRole {
  return {
    resourceType: 'PractitionerRole',
    id: member.id,
    active: inUse(member, today),
    practitioner: { reference: `Practitioner/${member.id}`, display: member.name },
    code: [disciplineConcept(member.discipline)],
    location: [{ reference: `Location/${site.id}`, display: site.name }],
    healthcareService: [{ reference: `HealthcareService/${site.id}`, display: site.name }],
  };
}

function disciplineConcept(discipline: Discipline): CodeableConcept {
  const { code, display } = OCCUPATIONS[discipline];
  return { coding: [{ system: SNOMED, code, display }], text: display };
}

/** The discipline a `role` search asks for (`http://snomed.info/sct|36682004` or `36682004`); none for another code. */
export function disciplineOfRole(value: string): Discipline | undefined {
  const token = readToken(value);
  if (!systemMatches(token, SNOMED)) return undefined;
  return DISCIPLINES.find((discipline) => OCCUPATIONS[discipline].code === token.code);
}
