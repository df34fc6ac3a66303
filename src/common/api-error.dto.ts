/** One problem with one input field. */
export class FieldProblemDto {
  /** The field as the client sent it, e.g. `patientIds[2]` or `sessionPlan.items[0].moduleId`. */
  field: string;

  problem: string;
}

/** The one error shape of every 4xx and 5xx answer. */
export class ApiErrorDto {
  statusCode: number;

  /** The HTTP reason phrase, e.g. `Bad Request`. */
  error: string;

  message: string;

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
