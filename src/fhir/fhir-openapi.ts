import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiResponse } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { ApiErrorAnswers, ApiErrorContent } from '../common/error-answers.decorator';
import { FHIR_JSON } from './fhir-resources';

/**
 * The FHIR routes in the OpenAPI document: bodies and answers as application/fhir+json, each a FHIR
 * R4 resource of the types named (the resources' own definitions are FHIR's, at hl7.org/fhir/R4,
 * and GET /fhir/R4/metadata states what is supported), errors as OperationOutcomes.
 */
function resource(description: string, types?: readonly string[]): SchemaObject {
  return {
    type: 'object',
    description,
    required: ['resourceType'],
    properties: { resourceType: { type: 'string', ...(types ? { enum: [...types] } : {}) }, id: { type: 'string' } },
    additionalProperties: true,
  };
}

/** Every FHIR operation's errors: OperationOutcomes; a route naming a type may also refuse the interaction (405). */
export const FhirErrors = ({ typed }: { typed: boolean }) =>
  applyDecorators(
    ApiErrorContent({ [FHIR_JSON]: { schema: resource('An OperationOutcome: one issue per problem, its code as a coding of urn:rehab-scheduler:problem-code, the field as expression.', ['OperationOutcome']) } }),
    ...(typed ? [ApiErrorAnswers({ 405: 'The resource type does not support this interaction (GET /fhir/R4/metadata says which it has).' })] : []),
  );

/** The success answer: a FHIR resource (of `types` when fixed). */
export const FhirAnswer = (status: number, description: string, types?: readonly string[]) =>
  ApiResponse({ status, description, content: { [FHIR_JSON]: { schema: resource(description, types) } } });

/** The request body: a FHIR resource, or for a patch a JSON Patch. */
export const FhirBody = (description: string, media: 'resource' | 'patch') =>
  media === 'resource'
    ? applyDecorators(ApiConsumes(FHIR_JSON, 'application/json'), ApiBody({ description, required: true, schema: resource(description) }))
    : applyDecorators(ApiConsumes('application/json-patch+json', 'application/json'), ApiBody({ description, required: true, schema: { type: 'array', items: { type: 'object', additionalProperties: true } } }));
