/**
 * The domain's shared words: the kinds and states that entities, DTOs, rules and planners of several
 * folders all speak of. They live here, below every feature, so that naming a kind of visit does not
 * import the entity (and the module) that stores it. Plain TypeScript: nothing from Nest, TypeORM or pg.
 * The order of each list is the order the API document gives its values in.
 */

/** The professions of a multimodal team; the first four make up every assessment. */
export const DISCIPLINES = ['nurse', 'physician', 'physiotherapist', 'psychologist', 'occupational_therapist'] as const;
export type Discipline = (typeof DISCIPLINES)[number];

export const APPOINTMENT_KINDS = [
  'assessment_visit',
  'feedback_conversation',
  'group_session',
  'individual_visit',
  'follow_up_visit',
  'other',
] as const;
export type AppointmentKind = (typeof APPOINTMENT_KINDS)[number];

/** Why a visit was cancelled: by the patient, by the unit, or the patient's illness. */
export const CANCEL_CATEGORIES = ['patient_cancelled', 'unit_cancelled', 'illness'] as const;
export type CancelCategory = (typeof CANCEL_CATEGORIES)[number];

export const APPOINTMENT_STATUSES = ['booked', 'cancelled', 'attended', 'no_show'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

/** One patient's part in an appointment: in a group session one can be absent while the session goes on. */
export const PARTICIPATIONS = ['booked', 'attended', 'no_show', 'cancelled'] as const;
export type Participation = (typeof PARTICIPATIONS)[number];

export const ROOM_KINDS = ['office', 'group_room', 'gym'] as const;
export type RoomKind = (typeof ROOM_KINDS)[number];

export const ROLES = ['admin', 'coordinator', 'clinician', 'patient'] as const;
export type Role = (typeof ROLES)[number];

export const PAIN_TYPES = ['musculoskeletal', 'headache', 'neuropathic', 'other'] as const;
export type PainType = (typeof PAIN_TYPES)[number];

export const REFERRAL_STATUSES = ['incomplete', 'awaiting_decision', 'accepted', 'rejected', 'more_information_requested'] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

/**
 * What the feedback conversation of an assessment offers the patient: `combined_rehab` is a group
 * program and individual visits beside it (seed 001, "Kombination").
 */
export const ASSESSMENT_OUTCOMES = ['group_rehab', 'individual_rehab', 'combined_rehab', 'other_measures'] as const;
export type AssessmentOutcome = (typeof ASSESSMENT_OUTCOMES)[number];

/** Where a patient is on their path through the unit (DOMAIN.md, steps 1–8). */
export const EPISODE_PHASES = ['referred', 'assessment', 'group_rehab', 'individual_rehab', 'other_measures', 'discharged', 'followed_up'] as const;
export type EpisodePhase = (typeof EPISODE_PHASES)[number];

/** How a patient wants to be reminded; `none` sends nothing. */
export const REMINDER_CHANNELS = ['sms', 'email', 'none'] as const;
export type ReminderChannel = (typeof REMINDER_CHANNELS)[number];
/** A channel a message actually goes out on. */
export type ReminderChannelName = 'sms' | 'email';
