/**
 * Every problem the API answers has a stable code (lower_snake, a dot namespace) and parameters:
 * display names of staff, rooms and patients, dates, limits, counts. The English text of the answer
 * (`problem`, `message`) is made here from the code's template and the same parameters, so the text
 * and the code never disagree; a client words the code in its own language from the parameters
 * (the web app: src/web/problems.js). An id may be a parameter too, named `…Id`, beside the name.
 *
 * A template names its parameters `{name}`; `problemText` fills them, and `ProblemParams<C>` makes
 * the compiler ask for each one.
 */
export const PROBLEM_TEMPLATES = {
  // Top-level codes: what kind of answer it is, when the details say the rest.
  'validation.failed': 'the request has problems',
  'rules.broken': 'the request breaks a rule of the unit',
  'state.conflict': 'the current state does not allow this',
  'not_found': '{what} {id} not found',
  'auth.unauthorized': 'sign in first',
  // Sign-in through the region's identity provider (src/auth/provider-people.service.ts).
  'auth.unknown_person': 'the identity provider signed in someone who has no login here',
  'auth.login_disabled': 'the login of the person the identity provider signed in is disabled',
  'auth.sign_in_failed': 'the sign-in through the identity provider did not complete; try again',
  'access.forbidden': 'you may not do this',
  'access.other_site': 'this belongs to another site',
  'request.too_large': 'the request is too large',
  'request.rate_limited': 'too many requests; wait {seconds} seconds',
  'request.failed': 'the request could not be done',
  'server.error': 'internal server error',
  'server.unavailable': 'the service is unavailable; try again shortly',
  'server.database_unavailable': 'the database is unavailable; try again shortly',
  'server.component_down': '{component} is down',
  'request.timed_out': 'the request took longer than {seconds} s and was stopped; try again shortly',
  'request.query_timed_out': 'a database query took too long and was stopped; try again shortly',
  'unclassified': '{text}',

  // The planners' refusals of input they cannot plan with (src/core/planning-refusal.ts); each names the setting.
  'plan.unknown_zone': 'unknown time zone {zone}',
  'plan.not_a_date': '{setting} {date} is not a YYYY-MM-DD date',
  'plan.not_a_time': '{setting} {time} is not HH:mm',
  'plan.invalid_local_time': 'invalid local time {date} {time} in {zone}',
  'plan.not_positive_integer': '{setting} must be a positive integer, got {value}',
  'plan.negative_integer': '{setting} must be a non-negative integer, got {value}',
  'plan.not_positive': '{setting} must be positive, got {value}',
  'plan.weekdays': 'weekdays must be distinct ISO weekdays 1–7, got [{weekdays}]',
  'plan.session_plan_length': 'sessionPlan has {count} sessions, the program has {expected}',
  'plan.default_plan_too_short': 'a default plan needs at least {min} sessions to cover every module, got {count}',
  'plan.no_open_session_day': 'no open day for session {session} within {days} days after {date}',
  'plan.no_open_make_up_day': 'no open day for a make-up session within {days} days after {date}',
  'plan.fixed_leader_unknown': 'fixed leader {staffId} of {module} is not among the candidates',
  'plan.discipline_twice': '{discipline} is in the mix twice',
  'plan.mix_per_week': '{discipline}: perWeek must be 0 or more, got {value}',
  'plan.mix_minutes': '{discipline}: minutes must be positive, got {value}',
  'plan.outside_calendar': '{date} + {days} days is outside the dates the service works with ({first} to {last})',
  'plan.too_many_days': '{count} days is more than the {max} a calendar spans',
  'plan.no_open_weekdays': 'no {count} open weekdays within {days} days of {date}',
  'plan.booked_visits_not_one_each': 'the booked visits must be one of each of {parts}',
  'plan.part_not_requested': '{part} is not a requested discipline',
  'plan.part_not_booked': '{part} is not a visit of this assessment',

  // 400: the input's form (class-validator's constraints, our validators, the request limits).
  'validation.required': 'must not be empty',
  'validation.not_null': 'must not be null',
  'validation.too_short': 'must be longer than or equal to {min} characters',
  'validation.too_long': 'must be shorter than or equal to {max} characters',
  'validation.too_small': 'must not be less than {min}',
  'validation.too_large': 'must not be greater than {max}',
  'validation.not_integer': 'must be an integer number',
  'validation.not_number': 'must be a number',
  'validation.not_text': 'must be a string',
  'validation.not_boolean': 'must be a boolean value',
  'validation.not_list': 'must be an array',
  'validation.not_object': 'must be an object',
  'validation.not_uuid': 'must be a UUID',
  'validation.not_one_of': 'must be one of the following values: {allowed}',
  'validation.too_few': 'must contain at least {min} elements',
  'validation.too_many': 'must contain no more than {max} elements',
  'validation.duplicates': "all elements must be unique",
  'validation.unknown_field': 'should not exist',
  'validation.date_format': 'must be a date YYYY-MM-DD',
  'validation.date_window': 'must be a date from {first} to {last}',
  'validation.instant_format': 'must be an ISO 8601 instant with offset, e.g. 2026-03-30T09:00:00+02:00',
  'validation.instant_window': 'must be an instant from {first} to {last}',
  'validation.time_format': 'must be a local time HH:mm',
  'validation.time_zone': 'must be an IANA time zone such as Europe/Stockholm',
  'validation.phone_format': 'must be an E.164 phone number such as +46701234567',
  'validation.email_format': 'must be an e-mail address',
  'validation.hsa_id_format': 'must be an HSA-id such as SE2321000016-1A2B',
  'validation.session_plan': 'must list, for each session, one or more of {modules} (at most {max})',
  'validation.nul_character': 'must not contain the NUL character (\\u0000)',
  'validation.too_deep': 'must not nest deeper than {max} levels',
  'validation.list_too_long': 'must contain no more than {max} elements',
  'validation.wrong_format': 'a value has the wrong format',
  'validation.after': 'must be after {other}',
  'validation.not_before': 'must not be before {other}',
  'validation.range_too_long': 'must be at most {days} days after {other}',
  'validation.not_after_today': 'must not be after today ({today})',
  'validation.required_for_admin': 'is required for an admin',
  'validation.one_of_required': 'or {other} is required',
  'validation.personal_number_format': 'must be YYYYMMDD-NNNN or 12 digits',
  'validation.personal_number_birth_date': 'does not hold a valid date of birth',
  'validation.personal_number_birth_window': 'must hold a date of birth from {first} to {last}',
  'validation.personal_number_check_digit': 'has a wrong check digit',
  'validation.nothing_to_change': 'give at least one of {fields} to change',
  'validation.session_count': 'must list {count} sessions (weeks × weekdays)',
  'validation.hours_overlap': 'weekday {weekday} {start}–{end} overlaps another block',
  'validation.csv_quote_inside_field': 'record {record}: a quote may only open a field',
  'validation.csv_text_after_quote': 'record {record}: a quoted field must end at a comma or a line break',
  'validation.csv_unclosed_quote': 'record {record}: a quoted field is not closed',
  'validation.csv_no_header': 'record {record}: the header row is missing',
  'validation.csv_unknown_column': 'record {record}: column "{column}" is not known; known columns: {known}',
  'validation.csv_column_twice': 'record {record}: column "{column}" is named twice',
  'validation.csv_column_required': 'record {record}: column "{column}" is required',
  'validation.csv_field_count': 'record {record}: has {count} fields; the header has {columns}',
  'validation.csv_too_many_rows': 'must have at most {max} rows; it has {count}',

  // 422 and 409 of bookings: the calendar rules and the time someone else holds.
  'booking.other_day': 'must be on the same local day as start ({date})',
  'booking.site_closed': 'the site is closed on {date} ({reason})',
  'booking.staff_not_working': '{staff} does not work {date} {start}–{end}',
  'booking.staff_absent': '{staff} is absent ({reason}) {date} {start}–{end}',
  'booking.staff_busy': '{staff} is busy {date} {start}–{end}',
  'booking.room_out_of_use': '{room} is out of use from {date}',
  'booking.room_too_small': '{room} holds {capacity}, not {count} patients',
  'booking.unknown_referral': '{referralId} is not a referral of this site for a patient on the appointment',
  'booking.referral_not_accepted': 'the referral is {status}, not accepted',
  'booking.conflict': 'the time is already booked',
  'booking.staff_booked': '{staff} is already booked at this time',
  'booking.patient_booked': 'the patient already has an appointment at this time',
  'booking.room_booked': 'room {room} is already booked at this time',
  'booking.taken_meanwhile': 'the time was taken by another booking; try again',
  'booking.calendar_changed': 'working hours, absences, closures or rooms changed while planning; plan again',

  // References to the site's registers that do not hold (an id nobody here knows has no name to give).
  'site.unknown': '{siteId} does not exist',
  'site.not_a_patient': '{patientId} is not a patient of this site',
  'site.not_a_staff_member': '{staffId} is not a staff member of this site',
  'site.not_a_staff_member_of_discipline': '{staffId} is not a staff member of this site with discipline {discipline}',
  'site.not_a_room': '{roomId} is not a room of this site',
  'site.not_a_referral': '{referralId} is not a referral of your site',
  'site.not_a_group_program': '{programId} is not a group program of this site',
  'site.not_a_group_room': 'must be a group room or gym of this site',

  // Appointments: their state, attendance, moves.
  'state.appointment': 'the appointment is {status}',
  'attendance.not_your_visit': 'only staff on the appointment or a coordinator record attendance',
  'attendance.too_early': 'cannot be recorded before the appointment starts',
  'attendance.not_on_appointment': 'is not a patient on this appointment',
  'move.begun': 'must be in the future: a visit that has begun stays where it is',
  'move.group_leaders_by_module': "a group session's leaders change by module, with PATCH /group-programs/:id/sessions/:sessionId",
  'move.others_must_move': 'other visits must move with this one: confirm them in alsoMove',
  'move.must_move_too': '{appointmentId} ({part}) must move to {to}: {why}',

  // Assessments: their state, the freed time a proposal starts from, the rules of their parts, the planner's reasons.
  'state.assessment_cancelled': 'the assessment is cancelled',
  'state.assessment_cancelled_already': 'the assessment is cancelled already',
  'state.referral_not_accepted': 'the referral is {status}, not accepted',
  'assessment.note_required': 'is required for other measures',
  'assessment.feedback_not_held': 'the outcome is recorded at the feedback conversation, which has not taken place yet',
  'assessment.no_feedback': 'the assessment has no booked feedback conversation; book the assessment again',
  'assessment.changed_meanwhile': 'the assessment changed meanwhile; try again',
  'assessment.booked_already': 'the referral has a booked assessment already',
  'assessment.part_missing': 'a {part} visit is missing',
  'assessment.one_feedback': 'exactly one feedback visit is needed',
  'assessment.part_twice': 'each part may appear only once',
  'assessment.lacks_none': 'the assessment lacks no visit',
  'assessment.lacks_several': 'the assessment lacks {count} visits ({parts}); cancel it and book it again',
  'assessment.group_referral_not_waiting': 'a referral of the group is no longer waiting',
  'assessment.no_longer_waiting': 'the referral is no longer waiting for an assessment',

  // The FHIR API (/fhir/R4).
  'fhir.unknown_type': 'the FHIR API has no resource type {type}',
  'fhir.search_needs_param': 'a search of {type} needs one of {params}',
  'fhir.not_supported': '{type} does not support {interaction} here (see /fhir/R4/metadata)',
  'fhir.unknown_search_param': 'is not a search parameter of {type} (it has {known})',
  'fhir.not_a_reference': 'must be a reference to one of {types}, as Type/id',
  'fhir.date_value': 'must be a date YYYY-MM-DD or an instant with its offset, after an optional prefix eq, ge, gt, le or lt',
  'fhir.date_window': 'must bound a window of at most {days} days, from ge or gt to le or lt',
  'fhir.free_slots_of_staff': "free slots are found in a staff member's schedule; a room's has its busy slots only",
  'fhir.coding_required': 'needs a coding of {system}: one of {codes}',
  'fhir.participant_missing': 'needs at least one {type}',
  'fhir.only_status_changes': 'only the status may change here, to cancelled',
  'fhir.patch_unsupported': 'only a patch of one replace of /status by cancelled is supported',
  'freed.not_of_site': "{appointmentId} is not an appointment of the referral's site",
  'freed.not_assessment_visit': 'is a {kind}, not an assessment visit',
  'freed.not_cancelled': 'only a cancelled appointment frees time for the cancellation list',
  'freed.begun': 'has already begun',
  'freed.not_one_discipline': "is not one staff member's assessment visit of their discipline",
  'freed.wrong_length': 'is {minutes} minutes; a {discipline} assessment visit takes {required}',

  // The rule checkers of a planned assessment (src/core/planners/assessment/violations.ts): a plan a
  // coordinator edited, or a part moved. A visit is named by its discipline (or feedback), date and times.
  'assessment.visit_not_requested': '{discipline} visit {date} {start}–{end}: not a requested assessment visit',
  'assessment.visit_one_staff': '{discipline} visit {date} {start}–{end}: needs exactly one staff member',
  'assessment.visit_not_preferred': '{discipline} visit {date} {start}–{end}: the preferred {discipline} is {preferred}',
  'assessment.visit_outside_window': '{discipline} visit {date} {start}–{end}: outside the window {first}–{last}',
  'assessment.visits_a_day': '{count} assessment visits on {date}, at most {max} allowed',
  'assessment.not_feedback': '{discipline} visit {date} {start}–{end}: must be the feedback conversation',
  'assessment.feedback_two_staff': '{discipline} visit {date} {start}–{end}: needs exactly the physician and one other clinician',
  'assessment.feedback_physician': '{discipline} visit {date} {start}–{end}: must be with the physician of the physician visit',
  'assessment.feedback_other_clinician': '{discipline} visit {date} {start}–{end}: must be with another clinician of this assessment',
  'assessment.feedback_too_early': '{discipline} visit {date} {start}–{end}: must be on or after {earliest}, after the last visit',
  'assessment.feedback_too_late': '{discipline} visit {date} {start}–{end}: must end by the end of {deadline}',
  // Moving one part of a booked assessment (src/core/planners/assessment/replan.ts).
  'assessment.move_too_early': 'must not be before {date}',
  'assessment.booked_visit_unfit': 'the booked {discipline} visit {date} {start}–{end} no longer fits the rules, so nothing can move around it',
  'assessment.replan_no_feedback_time_chosen': 'no time for the feedback conversation by {last} with the {moved} visit at the time chosen: the physician and another assessing clinician of the assessment are never free together for {minutes} minutes with a free {roomKind}',
  'assessment.replan_no_feedback_time_any_slot': 'no time for the feedback conversation by {last} with the {moved} visit in any of its free slots: the physician and another assessing clinician of the assessment are never free together for {minutes} minutes with a free {roomKind}',
  'assessment.replan_no_other_feedback_time_by': 'no time for the feedback conversation by {last} other than its booked time: the physician and another assessing clinician of the assessment are never free together for {minutes} minutes with a free {roomKind}',
  'assessment.replan_no_other_feedback_time': 'no time for the feedback conversation between {from} and {to} other than its booked time: the physician and another assessing clinician of the assessment are never free together for {minutes} minutes with a free {roomKind}',

  // The rules of one planned visit, assessment or individual (src/core/planners/visit-violations.ts);
  // a staff member's hours, absence and busy time, an unknown room or staff member, and a closed day
  // are told with the booking.* and site.* codes, with the visit's discipline, date and times beside.
  'visit.wrong_length': '{discipline} visit {date} {start}–{end}: must last {minutes} minutes',
  'visit.ends_before_start': '{discipline} visit {date} {start}–{end}: must end after it starts',
  'visit.other_day': '{discipline} visit {date} {start}–{end}: must end on the day it starts',
  'visit.room_kind': '{discipline} visit {date} {start}–{end}: the room is of kind {kind}, not {required}',
  'visit.room_busy': '{discipline} visit {date} {start}–{end}: the room is busy',
  'visit.patient_busy': '{discipline} visit {date} {start}–{end}: the patient is busy',
  'visit.patient_unavailable': '{discipline} visit {date} {start}–{end}: the patient is unavailable',
  'visit.wrong_discipline': '{discipline} visit {date} {start}–{end}: {staff} is not a {discipline}',
  'visit.off_grid': "{discipline} visit {date} {start}–{end}: not on the {gridMinutes}-minute grid of {staff}'s working hours",
  'visit.overlaps': '{discipline} visit {date} {start}–{end} overlaps the {otherDiscipline} visit {otherDate} {otherStart}–{otherEnd}',

  // Group programs: the schedule's conflicts (a session's leaders and room), enrolment, attendance, changes.
  'group.room_busy': 'room {room} is booked {date} {start}–{end}',
  'group.no_leader_candidate': 'no {disciplines} can lead {module} {date} {start}–{end}: there is none among the candidates',
  'group.no_leader': 'no {disciplines} can lead {module} {date} {start}–{end}: {why}',
  'group.same_day': 'session {session} is on {date} already: the group meets once a day',
  'group.after_previous': 'must come after session {session}, which ends {at}',
  'group.before_next': 'must come before session {session}, which starts {at}',
  'group.cancelled': 'the program is cancelled',
  'group.cancelled_already': 'the program is cancelled already',
  'group.room_needed': 'a group session meets in a group room',
  'group.schedule_conflicts': 'the schedule has conflicts to resolve first',
  'group.changed_schedule_conflicts': 'the changed schedule has conflicts to resolve first',
  'group.no_session': 'the program has no booked session {session}',
  'group.session_started': 'has started already; only sessions still to come change',
  'group.not_a_leader': '{staffIds} is not a staff member of this site',
  'group.same_program': 'is the program the patient is in',
  'group.not_offered': 'the patient has no completed assessment offering group rehabilitation',
  'group.enrolled_already': 'the patient is {status} already',
  'group.attendance_too_early': 'attendance is recorded once the session has started',
  'group.attendance_not_leader': 'only the session’s leaders or a coordinator record attendance',
  'group.not_in_session': 'is not booked into this session',
  'group.seated_elsewhere': "the patient is seated in group program {program} ({programId}), whose sessions overlap this program's",

  // Individual programs.
  'individual.ended_already': 'the program ended on {date} already',
  'individual.ended': 'the program ended on {date}',
  'individual.one_staff': 'an individual visit is with one staff member',
  'individual.no_discipline': 'the visit has no staff member of the site to take its discipline from',
  'individual.not_offered': 'the patient has no completed assessment offering individual rehabilitation',
  // The rule checker of a planned individual program (src/core/planners/individual/violations.ts).
  'individual.week_out_of_range': '{discipline} visit {date} {start}–{end}: week must be 1–{weeks}, not {week}',
  'individual.not_in_week': '{discipline} visit {date} {start}–{end}: not in week {week} ({first}–{last})',
  'individual.not_in_mix': '{discipline} visit {date} {start}–{end}: {discipline} is not in the mix',
  'individual.visits_a_day': '{count} visits on {date}, at most {max} allowed',

  // The individual planner's notes and a week's shortfalls (src/core/planners/individual): said beside a plan, not refusals.
  'individual.as_needed': '{discipline}: as needed only, no visits planned',
  'individual.mix_over_target': 'the mix asks for {asked} visits in week {weeks}, more than the {visitsPerWeek} a week requested; the mix wins',
  'individual.mix_topped_up': 'the mix asks for {asked} visits in week {weeks}; {discipline} takes the rest of the {visitsPerWeek} a week',
  'individual.preferred_not_on_staff': '{discipline}: preferred staff member {preferredStaffId} is not a {discipline} of this site; ignored',
  'individual.same_staff_throughout': '{discipline}: {staff} throughout',
  'individual.staff_except_weeks': '{discipline}: {staff}, except week {weeks} with {others}',
  'individual.substitutes': 'week {week}: {count} more {discipline} in place of visits that did not fit',
  'individual.no_staff': 'week {week}: {discipline}: no {discipline} on the staff',
  'individual.no_free_slot': 'week {week}: {discipline}: no free {roomKind} slot on open days',
  'individual.few_free_days': 'week {week}: {discipline}: {planned} of {asked} planned; free {roomKind} slots on only {days} open day(s) ({dates})',
  'individual.free_days_taken': 'week {week}: {discipline}: {planned} of {asked} planned; the days with a free slot ({dates}) are taken by other visits (at most {max} a day)',
  'individual.closed_day': 'week {week}: {date} closed: {reason}',
  'individual.no_planned_discipline': 'no discipline in the mix has planned visits (perWeek > 0)',
  'individual.visits_do_not_fit': 'only {planned} of {target} visits fit',

  // Patients and referrals.
  'patient.number_elsewhere': 'this personal number is registered at another site',
  'patient.number_taken': 'a patient with this personal number exists already',
  'patient.not_own_field': 'a patient changes only their phone, e-mail and reminder channel; ask the unit',
  'patient.phone_for_sms': 'is required when reminderChannel is sms',
  'patient.email_for_email': 'is required when reminderChannel is email',
  'referral.interpreter_language_required': 'is required when interpreterNeeded is true',
  'referral.interpreter_language_without_need': 'is given only when interpreterNeeded is true',
  'referral.reasons_required': 'are required when the decision is {decision}',
  'referral.incomplete': 'the referral is incomplete; missing: {missing}',
  'referral.booked_visit': 'the patient has a booked visit already; cancel it before deciding again',
  'referral.second_episode': 'must be true to accept a second referral: the patient has episode {episodeId} under way (phase {phase}, referral {referralId})',
  'referral.not_rejected': 'only a rejected referral has an answer; this one is {status}',
  'referral.same_site': 'is the referral’s current site',
  'referral.booked_visit_transfer': 'the patient has a booked visit at this site; cancel it before transferring',
  'referral.received_after_today': 'must not be after today at the site ({today})',

  // Episodes and sick leave.
  'episode.phase_not_to': 'the episode is in phase {phase}, which does not lead to {to}',
  'episode.handover_waiting': 'a proposed handover is waiting for an answer; accept or reject it first',
  'episode.before_start': 'must not be before the episode began, on {date}',
  'episode.before_last_visit': 'must not be before the last attended visit, on {date}',
  'episode.no_physician': 'the unit has no physician for a follow-up visit',
  'episode.no_follow_up_time': 'no free hour for a follow-up visit between {from} and {to}',
  'episode.not_discharged': 'the episode is in phase {phase}; this comes with discharge',
  'episode.task_done': 'the task is done already',
  'episode.questionnaire_not_open': 'the questionnaire is due on {due}; it can be recorded as answered from {opens}',
  'sick_leave.physician_only_rehab_handover': 'names the unit’s physician, so only for a handover to the rehab unit',
  'sick_leave.handover_before_current': "the current holder's responsibility began on {date}; this handover would take effect before",
  'sick_leave.unknown_entry': 'is not an entry of this episode’s timeline (it may be corrected already)',
  'sick_leave.physician_only_rehab': 'names the unit’s physician, so only for the rehab unit',
  'sick_leave.preventive_phase': 'preventive sick pay is for rehabilitation; the episode is in phase {phase}',
  'sick_leave.no_working_fraction': 'preventive sick pay needs work of at least half time; no working fraction is recorded',
  'sick_leave.working_fraction_low': 'preventive sick pay needs work of at least half time; the recorded working fraction is {percent} %',
  'sick_leave.handover_answered': 'the handover is {status} already',
  'sick_leave.handover_before_holder': "must be after {date}, when the current holder's responsibility began",
  'sick_leave.holds_already': 'the current holder ({holder}) holds it already',
  'sick_leave.physician_required': 'must name a physician of the unit when the rehab unit takes over',

  // Staff, rooms, sites, users, jobs, the cancellation list, patients' own requests.
  'staff.out_of_use': 'the staff member is out of use from {date}',
  'staff.out_of_use_already': 'the staff member is out of use from {date} already',
  'room.name_taken': 'the site has a room named {room} already',
  'room.out_of_use_already': 'the room is out of use from {date} already',
  'site.name_taken': 'a site named {site} exists already',
  'site.working_age_range': 'must not be below workingAgeMin',
  'user.username_taken': 'username {username} is taken',
  'user.own_login': 'an admin cannot disable their own login',
  'user.required_for_role': 'is required for the role {role}',
  'user.unknown_reference': '{id} does not exist',
  'password.too_short': 'must be at least {min} characters',
  'password.too_long': 'must be at most {max} characters',
  'password.contains_username': 'must not contain the username',
  'password.too_common': 'is too common: it is among the first passwords an attacker tries',
  'job.running': 'a {kind} job is already running for this site: job {jobId}, {done} of {total} done; wait for it to finish (GET /jobs/{jobId})',
  'waitlist.not_a_candidate': 'is not on the cancellation list for this time (accepted, waiting, available at short notice, free then)',
  'waitlist.no_assessment': 'has no assessment yet: the freed time starts a whole one; propose it with POST /assessments/proposals (referralId, freedAppointmentId {appointmentId}) and book it with POST /assessments',
  'visit_request.group_session': 'a group session goes on for the others: tell the unit you cannot come',
  'visit_request.too_late': 'a visit can be cancelled here until {hours} hours before it starts; call the unit',
  'visit_request.begun': 'the visit has begun',
  'visit_request.asked_already': 'you have asked to move this visit already; the unit will contact you',
  'visit_request.resolved_already': 'the request is resolved already',
  'import.rows_refused': '{refused} of {total} rows are refused; nothing was imported',

  // Why a visit of an absent staff member has no proposal (src/core/planners/absence-cover.ts).
  'cover.timed_out': 'not proposed: the time for one answer ran out',
  'cover.no_stand_in': 'nobody of the discipline is free at its time',
  'cover.no_free_time': 'no free time within {days} days',

  // A unique constraint of the schema that decided a race (src/common/unique-constraints.ts).
  'unique.exists': 'this exists already',
  'unique.sites_name_key': 'a site with this name exists already',
  'unique.rooms_site_id_name_key': 'the site has a room with this name already',
  'unique.patients_personal_number_key': 'a patient with this personal number exists already',
  'unique.users_username_key': 'this username is taken',
  'unique.staff_members_hsa_id_key': 'another staff member has this HSA-id',
  'unique.assessments_one_per_referral': 'this referral already has an assessment',
  'unique.group_enrollments_group_program_id_patient_id_key': 'the patient is in this group program already',
  'unique.calendar_feeds_live_staff': 'another calendar address was made for this staff member at the same moment',
  'unique.calendar_feeds_live_patient': 'another calendar address was made for this patient at the same moment',
  'unique.episodes_referral_id_key': 'this referral has an episode already',
  'unique.episode_tasks_episode_id_kind_key': 'the episode has this task already',
  'unique.sick_leave_entries_corrected_once': 'this sick-leave period has been corrected already',
  'unique.sick_leave_handovers_one_open': 'a handover of this episode awaits an answer already',
  'unique.patient_visit_requests_one_open': 'the unit has this request for the visit already',
  'reference.unknown': 'refers to something that does not exist',

  // The assessment planner's reasons (src/core/planners/assessment/reasons.ts); each detail also has `discipline`.
  'assessment.feedback_needs_physician': 'the feedback conversation needs a physician visit, but none was requested',
  'assessment.feedback_needs_second': 'the feedback conversation needs a second assessing clinician besides the physician',
  'assessment.preferred_not_on_staff': 'the preferred {label} {preferredStaffId} is not a {label} on the staff',
  'assessment.none_on_staff': 'no {label} on the staff',
  'assessment.preferred_no_slot': 'the preferred {label} {staff} has no free {roomKind} slot between {from} and {to}',
  'assessment.no_slot': 'no {label} with a free {roomKind} slot between {from} and {to}',
  'assessment.visits_do_not_fit_one_a_day': 'the {names} visits do not all fit between {from} and {to} with at most one visit a day',
  'assessment.visits_do_not_fit': 'the {names} visits do not all fit between {from} and {to} with at most {max} visits a day',
  'assessment.no_feedback_time_by': 'no time for the feedback conversation by {last}: the physician and another assessing clinician are never free together for {minutes} minutes with a free {roomKind}',
  'assessment.no_feedback_time': 'no time for the feedback conversation between {from} and {to}: the physician and another assessing clinician are never free together for {minutes} minutes with a free {roomKind}',
  'assessment.planning_stopped': 'planning took longer than {ms} ms and was stopped',

  // A body the parsers refuse (src/common/request-body.ts); the text keeps the parser's own words.
  'request.body_too_large': 'is larger than the limit of {limit} bytes',
  'request.not_json': 'is not valid JSON',
  'request.unreadable': 'cannot be read',
  'assessment.replan_no_slot': 'no free {label} slot between {from} and {to}',
  'assessment.replan_preferred_no_slot': 'no free slot with the preferred {label} {preferredStaffId} between {from} and {to}',
  'assessment.replan_after_window': 'no free {label} slot: {date} is after the last day of the window, {to}',
  'assessment.replan_preferred_after_window': 'no free slot with the preferred {label} {preferredStaffId}: {date} is after the last day of the window, {to}',
} satisfies Record<string, string>;

export type ProblemCode = keyof typeof PROBLEM_TEMPLATES;
export type ParamValue = string | number;
export type Params = Record<string, ParamValue>;

type NamesIn<T extends string> = T extends `${string}{${infer Name}}${infer Rest}` ? Name | NamesIn<Rest> : never;

/** The parameters the code's template names (more may be given: ids beside names). */
export type ProblemParams<C extends ProblemCode> = Record<NamesIn<(typeof PROBLEM_TEMPLATES)[C]>, ParamValue> & Params;

/** The names a template fills, in order of appearance. */
export function templateParams(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map(([, name]) => name);
}

/** The code's English text with its parameters filled in. */
export function problemText(code: ProblemCode, params: Params = {}): string {
  return PROBLEM_TEMPLATES[code].replace(/\{(\w+)\}/g, (placeholder, name: string) => (name in params ? String(params[name]) : placeholder));
}

export function isProblemCode(code: unknown): code is ProblemCode {
  return typeof code === 'string' && Object.prototype.hasOwnProperty.call(PROBLEM_TEMPLATES, code);
}

/** One problem with one field: `{field, problem, code, params}`, its text from the code. */
export interface CodedProblem {
  field: string;
  problem: string;
  code: ProblemCode;
  params: Params;
}

export function problemAt<C extends ProblemCode>(field: string, code: C, ...rest: NamesIn<(typeof PROBLEM_TEMPLATES)[C]> extends never ? [params?: Params] : [params: ProblemParams<C>]): CodedProblem {
  const params = rest[0] ?? {};
  return { field, problem: problemText(code, params), code, params };
}
