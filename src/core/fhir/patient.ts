import type { ContactPoint, Identifier, Patient } from '@medplum/fhirtypes';
import { LocalDate } from '../time/local-time';
import { isCoordinationNumber, readPersonalNumber } from '../rules/personal-number';
import { humanName } from './human-name';
import { readToken, systemMatches } from './token';

/** The identifier systems of Swedish personal identity numbers and coordination numbers (Skatteverket's OIDs). */
export const PERSONAL_NUMBER_SYSTEM = 'urn:oid:1.2.752.129.2.1.3.1';
export const COORDINATION_NUMBER_SYSTEM = 'urn:oid:1.2.752.129.2.1.3.3';

/** A patient as the register shows them (PatientDto). */
export interface PatientView {
  id: string;
  /** YYYYMMDD-NNNN or 12 digits. */
  personalNumber: string;
  birthDate: LocalDate;
  name: string;
  phone: string | null;
  email: string | null;
}

/**
 * The patient as FHIR: their number under its system, 12 digits; the name; phone and e-mail.
 * No gender: the register does not hold one, and the number's digit for it is not ours to read.
 * Active: the register keeps only patients in its care.
 */
export function patientResource(patient: PatientView): Patient {
  const telecom: ContactPoint[] = [
    ...(patient.phone ? [{ system: 'phone' as const, value: patient.phone }] : []),
    ...(patient.email ? [{ system: 'email' as const, value: patient.email }] : []),
  ];
  return {
    resourceType: 'Patient',
    id: patient.id,
    identifier: [identifierOf(patient.personalNumber.replace(/\D/g, ''))],
    active: true,
    name: [{ use: 'official', ...humanName(patient.name) }],
    ...(telecom.length ? { telecom } : {}),
    birthDate: patient.birthDate,
  };
}

function identifierOf(digits: string): Identifier {
  return { use: 'official', system: systemOf(digits), value: digits };
}

function systemOf(digits: string): string {
  return isCoordinationNumber(digits) ? COORDINATION_NUMBER_SYSTEM : PERSONAL_NUMBER_SYSTEM;
}

/**
 * The number an `identifier` search asks for, as stored (12 digits), written in any form the
 * reception desk accepts (with or without the century, the hyphen or the plus); null when the value
 * can match no patient: not a valid number, or a system other than the number's own.
 */
export function identifierSearch(value: string, today?: LocalDate): string | null {
  const token = readToken(value);
  // A `+` left unencoded in a query string arrives as a space: YYMMDD NNNN is the +-form (100 or older).
  const number = readPersonalNumber(token.code.replace(/^(\d{6}) (\d{4})$/, '$1+$2'), today);
  if (!number.valid || !systemMatches(token, systemOf(number.normalized))) return null;
  return number.normalized;
}
