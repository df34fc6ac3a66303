import { ApiExtension } from '@nestjs/swagger';
import type { ContentObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { ERROR_ANSWERS, ERROR_CONTENT } from './api-answers';

/**
 * The error answers an endpoint gives beyond those every endpoint of its kind gives (see
 * api-answers.ts), each with why, e.g. `{ 401: 'Wrong username or password' }`. The document shows
 * them in the one error shape, beside the success answer inferred from the return type.
 */
export const ApiErrorAnswers = (answers: Record<number, string>) => ApiExtension(ERROR_ANSWERS, answers);

/** The body of the endpoint's error answers, when they are not the one error shape as JSON (FHIR's OperationOutcome). */
export const ApiErrorContent = (content: ContentObject) => ApiExtension(ERROR_CONTENT, content);
