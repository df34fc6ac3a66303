import type { Resource, ResourceType } from '@medplum/fhirtypes';
import type { Actor } from '../access/principal';

/**
 * One FHIR resource type the service answers (src/fhir/resources/*): mapped from what the
 * features hold, through the features' own services, so the same rules, access checks and audit
 * apply as on the REST API. The controller routes to it and the CapabilityStatement lists it.
 */
export interface FhirResourceType {
  /** The FHIR type, e.g. `Patient`. */
  readonly type: ResourceType;
  /** The search parameters `search` understands; any other is refused (400 naming it). */
  readonly searchParams: readonly FhirSearchParam[];
  read(actor: Actor, id: string): Promise<Resource>;
  search?(actor: Actor, search: FhirSearch): Promise<FhirPage>;
  /** POST /fhir/R4/<type>: the created resource. */
  create?(actor: Actor, resource: unknown): Promise<Resource>;
  /** PUT /fhir/R4/<type>/<id>: the resource as it is after the change. */
  update?(actor: Actor, id: string, resource: unknown): Promise<Resource>;
  /** PATCH /fhir/R4/<type>/<id> with a JSON Patch: the resource as it is after the change. */
  patch?(actor: Actor, id: string, operations: unknown): Promise<Resource>;
}

export interface FhirSearchParam {
  name: string;
  type: 'token' | 'reference' | 'date' | 'string';
  documentation: string;
}

/** A search as asked: each parameter's values as sent (one may repeat: `date=ge…&date=lt…`), and the page. */
export interface FhirSearch {
  params: ReadonlyMap<string, readonly string[]>;
  /** `_count`: how many on this page. */
  count: number;
  /** `_offset`: how many matches come before this page. */
  offset: number;
}

/** One page of matches and how many match in all. */
export interface FhirPage {
  resources: Resource[];
  total: number;
}

/** The resource types' providers, collected by FhirModule. */
export const FHIR_RESOURCE_TYPES = Symbol('FHIR_RESOURCE_TYPES');

/** The FHIR media type: the answers' content type, and a body type the API accepts beside JSON. */
export const FHIR_JSON = 'application/fhir+json';
