import type { CapabilityStatement } from '@medplum/fhirtypes';
import { FHIR_JSON, FhirResourceType } from './fhir-resources';

/**
 * What the FHIR API supports, exactly: each resource type with read, its searches and the
 * interactions it has, made from the types themselves so the statement cannot drift from the code.
 */
export function capabilityStatement(types: readonly FhirResourceType[], baseUrl: string, date: string): CapabilityStatement {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date,
    kind: 'instance',
    software: { name: 'rehab-scheduler' },
    implementation: { description: 'Scheduling of a multimodal pain-rehabilitation unit', url: baseUrl },
    fhirVersion: '4.0.1',
    format: [FHIR_JSON, 'application/json'],
    patchFormat: ['application/json-patch+json'],
    rest: [
      {
        mode: 'server',
        security: { description: 'A bearer token on every request: the service\'s own (POST /auth/login) or, when configured, the identity provider\'s.' },
        resource: types.map((type) => ({
          type: type.type,
          interaction: [
            { code: 'read' as const },
            ...(type.search ? [{ code: 'search-type' as const }] : []),
            ...(type.create ? [{ code: 'create' as const }] : []),
            ...(type.update || type.patch ? [{ code: 'update' as const }] : []),
            ...(type.patch ? [{ code: 'patch' as const }] : []),
          ],
          ...(type.search ? { searchParam: type.searchParams.map(({ name, type: kind, documentation }) => ({ name, type: kind, documentation })) } : {}),
        })),
      },
    ],
  };
}
