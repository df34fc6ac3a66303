import { ApiErrorBody, FieldProblem } from './api-errors';

/**
 * Every unique constraint of the schema, in the domain's words with the field it concerns. A
 * service checks most of these first; the constraint decides when two requests race. The
 * database's own detail (`Key (personal_number)=(…) already exists`) never reaches the client: it
 * names columns, not fields, and can hold a personal identity number.
 */
const UNIQUE_CONSTRAINTS: Readonly<Record<string, FieldProblem>> = {
  sites_name_key: { field: 'name', problem: 'a site with this name exists already' },
  rooms_site_id_name_key: { field: 'name', problem: 'the site has a room with this name already' },
  patients_personal_number_key: { field: 'personalNumber', problem: 'a patient with this personal number exists already' },
  users_username_key: { field: 'username', problem: 'this username is taken' },
  assessments_one_per_referral: { field: 'referralId', problem: 'this referral already has an assessment' },
  group_enrollments_group_program_id_patient_id_key: { field: 'patientId', problem: 'the patient is in this group program already' },
  calendar_feeds_live_staff: { field: 'id', problem: 'another calendar address was made for this staff member at the same moment' },
  calendar_feeds_live_patient: { field: 'id', problem: 'another calendar address was made for this patient at the same moment' },
  episodes_referral_id_key: { field: 'referralId', problem: 'this referral has an episode already' },
  episode_tasks_episode_id_kind_key: { field: 'kind', problem: 'the episode has this task already' },
  sick_leave_entries_corrected_once: { field: 'entryId', problem: 'this sick-leave period has been corrected already' },
  sick_leave_handovers_one_open: { field: 'to', problem: 'a handover of this episode awaits an answer already' },
  patient_visit_requests_one_open: { field: 'id', problem: 'the unit has this request for the visit already' },
};

/** The constraints that have their own sentence. */
export const NAMED_UNIQUE_CONSTRAINTS: readonly string[] = Object.keys(UNIQUE_CONSTRAINTS);

/** The 409 for a unique constraint: its sentence and field when known, a plain domain sentence otherwise. */
export function uniqueViolation(constraint: string | undefined): ApiErrorBody {
  const known = constraint ? UNIQUE_CONSTRAINTS[constraint] : undefined;
  if (!known) return { statusCode: 409, error: 'Conflict', message: 'this exists already' };
  return { statusCode: 409, error: 'Conflict', message: known.problem, details: [known] };
}
