import { ApiExtension } from '@nestjs/swagger';
import { ERROR_ANSWERS } from './api-answers';

/**
 * The error answers an endpoint gives beyond those every endpoint of its kind gives (see
 * api-answers.ts), each with why, e.g. `{ 401: 'Wrong username or password' }`. The document shows
 * them in the one error shape, beside the success answer inferred from the return type.
 */
export const ApiErrorAnswers = (answers: Record<number, string>) => ApiExtension(ERROR_ANSWERS, answers);
