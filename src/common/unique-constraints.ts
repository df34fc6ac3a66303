import { problemText } from '../core/problem-codes';
import { ApiErrorBody, FieldProblem, problem } from './api-errors';

/**
 * Every unique constraint of the schema, in the domain's words with the field it concerns. A
 * service checks most of these first; the constraint decides when two requests race. The
 * database's own detail (`Key (personal_number)=(…) already exists`) never reaches the client: it
 * names columns, not fields, and can hold a personal identity number.
 */
const UNIQUE_CONSTRAINTS: Readonly<Record<string, FieldProblem>> = {
  sites_name_key: problem('name', 'unique.sites_name_key'),
  rooms_site_id_name_key: problem('name', 'unique.rooms_site_id_name_key'),
  patients_personal_number_key: problem('personalNumber', 'unique.patients_personal_number_key'),
  users_username_key: problem('username', 'unique.users_username_key'),
  staff_members_hsa_id_key: problem('hsaId', 'unique.staff_members_hsa_id_key'),
  assessments_one_per_referral: problem('referralId', 'unique.assessments_one_per_referral'),
  group_enrollments_group_program_id_patient_id_key: problem('patientId', 'unique.group_enrollments_group_program_id_patient_id_key'),
  calendar_feeds_live_staff: problem('id', 'unique.calendar_feeds_live_staff'),
  calendar_feeds_live_patient: problem('id', 'unique.calendar_feeds_live_patient'),
  episodes_referral_id_key: problem('referralId', 'unique.episodes_referral_id_key'),
  episode_tasks_episode_id_kind_key: problem('kind', 'unique.episode_tasks_episode_id_kind_key'),
  sick_leave_entries_corrected_once: problem('entryId', 'unique.sick_leave_entries_corrected_once'),
  sick_leave_handovers_one_open: problem('to', 'unique.sick_leave_handovers_one_open'),
  patient_visit_requests_one_open: problem('id', 'unique.patient_visit_requests_one_open'),
};

/** The constraints that have their own sentence. */
export const NAMED_UNIQUE_CONSTRAINTS: readonly string[] = Object.keys(UNIQUE_CONSTRAINTS);

/** The 409 for a unique constraint: its sentence and field when known, a plain domain sentence otherwise. */
export function uniqueViolation(constraint: string | undefined): ApiErrorBody {
  const known = constraint ? UNIQUE_CONSTRAINTS[constraint] : undefined;
  if (!known) return { statusCode: 409, error: 'Conflict', code: 'unique.exists', message: problemText('unique.exists') };
  return { statusCode: 409, error: 'Conflict', code: known.code, message: known.problem, details: [known] };
}
