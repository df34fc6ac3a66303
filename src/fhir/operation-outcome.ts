import type { NextFunction, Request, Response } from 'express';
import type { OperationOutcome, OperationOutcomeIssue } from '@medplum/fhirtypes';
import { ApiErrorBody } from '../common/api-errors';
import { ERROR_FORMAT, ErrorFormat } from '../common/http-exception.filter';
import { FHIR_JSON } from './fhir-resources';

/** The code system of the API's problem codes (src/core/problem-codes.ts), as FHIR codings name them. */
export const PROBLEM_CODE_SYSTEM = 'urn:rehab-scheduler:problem-code';

/** FHIR's issue type for each status the API answers (http://hl7.org/fhir/issue-type). */
const ISSUE_TYPES: Record<number, OperationOutcomeIssue['code']> = {
  400: 'invalid',
  401: 'login',
  403: 'forbidden',
  404: 'not-found',
  405: 'not-supported',
  409: 'conflict',
  413: 'too-costly',
  415: 'not-supported',
  422: 'business-rule',
  429: 'throttled',
  503: 'transient',
};

/**
 * The API's error as an OperationOutcome: one issue per detail (or the answer itself), each with
 * the problem's stable code as a coding, its English as text, and the field as the expression.
 */
export function operationOutcome(body: ApiErrorBody): OperationOutcome {
  const code = ISSUE_TYPES[body.statusCode] ?? 'exception';
  const problems = body.details?.length ? body.details : [{ field: undefined, problem: body.message, code: body.code }];
  return {
    resourceType: 'OperationOutcome',
    issue: problems.map((problem) => ({
      severity: 'error',
      code,
      details: { ...(problem.code ? { coding: [{ system: PROBLEM_CODE_SYSTEM, code: problem.code }] } : {}), text: problem.problem },
      ...(problem.field ? { expression: [problem.field] } : {}),
    })),
  };
}

const OUTCOME_FORMAT: ErrorFormat = { contentType: FHIR_JSON, render: operationOutcome };

/** For every path under /fhir, from before the body is read (see configureApp): any error it answers is an OperationOutcome. */
export function answerErrorsAsOutcomes(_request: Request, response: Response, next: NextFunction): void {
  response.locals[ERROR_FORMAT] = OUTCOME_FORMAT;
  next();
}
