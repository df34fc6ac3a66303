import { Injectable } from '@nestjs/common';
import type { Patient } from '@medplum/fhirtypes';
import type { Actor } from '../../access/principal';
import { badRequest, notFound, problem } from '../../common/api-errors';
import { identifierSearch, patientResource } from '../../core/fhir/patient';
import { PatientsService } from '../../patients/patients.service';
import { FhirPage, FhirResourceType, FhirSearch, FhirSearchParam } from '../fhir-resources';
import { isUuid, pageOf, single } from '../fhir-search';

/**
 * The patient register through PatientsService, as GET /patients/:id: a patient reads only
 * themself, staff their site's patients, and every patient answered is logged as read.
 */
@Injectable()
export class PatientResource implements FhirResourceType {
  readonly type = 'Patient';
  readonly searchParams: readonly FhirSearchParam[] = [
    { name: '_id', type: 'token', documentation: "The patient's id." },
    {
      name: 'identifier',
      type: 'token',
      documentation:
        'The personal identity or coordination number in any written form (YYYYMMDD-NNNN, YYMMDD-NNNN, YYMMDD+NNNN, with or without the separator), bare or after its system (urn:oid:1.2.752.129.2.1.3.1| or urn:oid:1.2.752.129.2.1.3.3|).',
    },
  ];

  constructor(private readonly patients: PatientsService) {}

  async read(actor: Actor, id: string): Promise<Patient> {
    if (!isUuid(id)) throw notFound('patient', id);
    return patientResource(await this.patients.get(actor, id));
  }

  /** A search names its patient, by id or number: it never lists the register (as the REST search answers 50 at most). */
  async search(actor: Actor, search: FhirSearch): Promise<FhirPage> {
    const id = single(search, '_id');
    const identifier = single(search, 'identifier');
    if (id === undefined && identifier === undefined) throw badRequest([problem('query', 'fhir.search_needs_param', { type: this.type, params: '_id, identifier' })]);
    const personalNumber = identifier === undefined ? undefined : identifierSearch(identifier);
    if ((id !== undefined && !isUuid(id)) || personalNumber === null) return pageOf([], search);
    const found = await this.patients.findExact(actor, { id: id?.toLowerCase(), personalNumber });
    return pageOf(found.map(patientResource), search);
  }
}
