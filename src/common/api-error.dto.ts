import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** A problem's parameters: names of staff, rooms and patients, dates, limits, counts (an id as `…Id`). */
const PARAMS_SCHEMA = { type: 'object' as const, additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }] } };

/** One problem with one input field. */
export class FieldProblemDto {
  /** The field as the client sent it, e.g. `patientIds[2]` or `sessionPlan.items[0].moduleId`. */
  field: string;

  /** The problem in English, made from `code` and `params`. */
  problem: string;

  /**
   * The problem's stable code (lower_snake with a dot namespace, e.g. `validation.too_long`,
   * `booking.staff_absent`; src/core/problem-codes.ts lists them with their English templates), for
   * a client to word in its own language from `params`. `unclassified` has its text as `params.text`.
   */
  code: string;

  @ApiProperty({ ...PARAMS_SCHEMA, description: 'The values the problem is worded with, by the names its template uses.' })
  params: Record<string, string | number>;
}

/** The one error shape of every 4xx and 5xx answer. */
export class ApiErrorDto {
  statusCode: number;

  /** The HTTP reason phrase, e.g. `Bad Request`. */
  error: string;

  message: string;

  /**
   * The answer's stable code: `validation.failed` (400), `rules.broken` (422) or `booking.conflict`
   * (409) when `details` say the rest, or the problem itself (`state.cancelled`, `not_found`...).
   */
  code: string;

  @ApiPropertyOptional({ ...PARAMS_SCHEMA, description: 'The values the top-level code is worded with.' })
  params?: Record<string, string | number>;

  /** Each field the answer blames, for 400 and 422 (and a taken slot's 409). */
  details?: FieldProblemDto[];

  /** For a taken slot (409): the appointment in the way. */
  conflictingAppointmentId?: string;

  /** For 429: how long to wait (also the `Retry-After` header). */
  retryAfterSeconds?: number;

  /** For a state that does not allow the action (409): the state of the appointment, referral, handover or task. */
  status?: string;

  /** For an episode whose phase does not allow the action (409): its phase. */
  phase?: string;

  /** For a handover proposed while another waits (409): the one waiting. */
  handoverId?: string;

  /** For accepting an incomplete referral (409): what it still lacks. */
  missingContents?: string[];

  /** For a personal number another patient holds (409), when the caller may see that patient. */
  existingPatientId?: string;

  /** For a batch asked for while one runs for the site (409): the running job, to follow at `GET /jobs/:id`. */
  runningJobId?: string;
}
