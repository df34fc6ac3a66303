import type { ContentObject, OpenAPIObject, OperationObject, ReferenceObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

/** Marks an operation reachable without a token (see `Public()`); replaced by `security: []`. */
export const PUBLIC_OPERATION = 'x-public';

/**
 * An endpoint's own error answers with why (see `ApiErrorAnswers`), e.g. login's 401 and 429. Kept
 * out of `@ApiResponse`: any declared answer makes swagger drop the success answer the plugin
 * infers from the return type.
 */
export const ERROR_ANSWERS = 'x-error-answers';

/**
 * The body of an endpoint's error answers when it is not the API's one shape as JSON (see
 * `ApiErrorContent`): the FHIR routes answer the same errors as OperationOutcomes.
 */
export const ERROR_CONTENT = 'x-error-content';

/** The name of the bearer scheme (`addBearerAuth()`'s default). */
export const BEARER_SCHEME = 'bearer';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'] as const;

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Malformed input: a missing field, a wrong type or format, an unknown field. `details` names each field.',
  401: 'No valid bearer token.',
  403: 'The role may not do this.',
  404: 'Not found, or not the caller’s to see.',
  409: 'A slot someone else holds (with `conflictingAppointmentId`), or a state that does not allow the change or the read (with `status` or `phase`).',
  413: 'The request body is too large.',
  422: 'Well-formed, but breaks a rule of the unit (a closed day, outside working hours, an unknown referenced id...). `details` names each field.',
  503: 'The database cannot be reached, or the request ran out of time: try again after `Retry-After` seconds.',
};

/**
 * The error answers an operation can give, by the rules every endpoint follows rather than listed
 * by hand: the global validation pipe (400), the access guard (401, 403), the services' lookups and
 * domain rules (404, 422), a taken slot or a state that does not allow the action, reads included
 * (409: a referral's answer before it is rejected, the cancellation list of a visit still booked), the body
 * parser's limit (413), and the database out of reach or the request past its time (503, any
 * operation). A public operation has no token to refuse: it answers 400 only to input it reads and
 * 404 only for a path naming something; what else it answers (a wrong password's 401) it declares.
 */
export function errorStatuses(operation: OperationObject, isPublic: boolean): number[] {
  const parameters = (operation.parameters ?? []) as { in?: string }[];
  const body = operation.requestBody !== undefined;
  const statuses = isPublic
    ? [body || parameters.length ? 400 : 0, parameters.some((p) => p.in === 'path') ? 404 : 0]
    : [400, 401, 403, 404, 422, 409];
  return [...statuses, body ? 413 : 0, 503].filter((status) => status > 0);
}

/**
 * Gives every operation of the document its security (bearer, or none for public ones) and its
 * error answers, each in the API's one error shape. An endpoint's own error answers come first;
 * answers it declares with `@ApiResponse` are kept, only their missing body schema filled in.
 */
export function describeAccessAndErrors(document: OpenAPIObject, errorSchema: ReferenceObject): OpenAPIObject {
  for (const item of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method] as
        | (OperationObject & { [PUBLIC_OPERATION]?: boolean; [ERROR_ANSWERS]?: Record<number, string>; [ERROR_CONTENT]?: ContentObject })
        | undefined;
      if (!operation) continue;
      const errorContent = operation[ERROR_CONTENT] ?? { 'application/json': { schema: errorSchema } };
      delete operation[ERROR_CONTENT];
      const isPublic = operation[PUBLIC_OPERATION] === true;
      delete operation[PUBLIC_OPERATION];
      operation.security = isPublic ? [] : [{ [BEARER_SCHEME]: [] }];
      for (const [status, description] of Object.entries(operation[ERROR_ANSWERS] ?? {})) operation.responses[status] = { description };
      delete operation[ERROR_ANSWERS];
      for (const status of errorStatuses(operation, isPublic)) {
        operation.responses[status] ??= { description: ERROR_DESCRIPTIONS[status] };
      }
      for (const [status, answer] of Object.entries(operation.responses)) {
        if (Number(status) >= 400 && answer && !('$ref' in answer) && !answer.content) {
          answer.content = errorContent;
        }
      }
    }
  }
  return document;
}
