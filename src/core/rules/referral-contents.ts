import { CodedProblem, problemAt } from '../problem-codes';
import type { PainType } from '../vocabulary';

/**
 * What a good referral holds (seed 002, the Norwegian guideline; seed 004, Smärtrehab Västmanland),
 * and the flags triage needs. Stored as one document on the referral: it is read as a whole and
 * changes only when the referrer completes it.
 */

export const REFERRER_UNIT_KINDS = ['primary_care', 'occupational_health', 'hospital_clinic', 'other'] as const;
export type ReferrerUnitKind = (typeof REFERRER_UNIT_KINDS)[number];

export interface Referrer {
  name: string;
  unit: string;
  unitKind: ReferrerUnitKind;
  contact: string;
}

export interface ReferralContents {
  reasonForReferral?: string;
  painLocation?: string;
  painType?: PainType;
  painDurationMonths?: number;
  comorbidity?: string;
  medications?: string;
  /** Opioid dose as morphine-equivalent mg per day; 0 when none. */
  meddMgPerDay?: number;
  examinationsAndInvestigations?: string;
  treatments?: string;
  physicalFunction?: string;
  socialAndPsychologicalFunction?: string;
  /** Whether the patient needs an interpreter: required, answered either way. */
  interpreterNeeded?: boolean;
  /** The interpreter's language: given exactly when one is needed. */
  interpreterLanguage?: string;
  patientAttitude?: string;
  /** The patient's consent to the unit reading their records; without it the referral is incomplete. */
  consentToRecordAccess?: boolean;
  /** Local date an earlier multimodal rehabilitation was completed, if any. */
  earlierMmrCompletedOn?: string;
  /** 0–100 % of full time. */
  workingFraction?: number;
  fullSicknessCompensation?: boolean;
  medicallyFullyInvestigated?: boolean;
  ongoingOrPlannedIntervention?: boolean;
  activeRheumaticDisease?: boolean;
  malignantCause?: boolean;
  substanceUseDisorderNeedingTreatment?: boolean;
  severePsychiatricIllness?: boolean;
  psychiatricDiagnosisWithoutPainComorbidity?: boolean;
  /** The referrer asks for an occupational therapist in the assessment too. */
  occupationalTherapistNeeded?: boolean;
}

/** Contents the unit cannot assess a patient without, with the words the missing-list uses. */
const REQUIRED: [keyof ReferralContents, string][] = [
  ['reasonForReferral', 'reason for referral and needs'],
  ['painLocation', 'pain location'],
  ['painType', 'pain type'],
  ['painDurationMonths', 'pain duration'],
  ['comorbidity', 'comorbidity'],
  ['medications', 'current medications'],
  ['meddMgPerDay', 'opioid dose (MEDD)'],
  ['examinationsAndInvestigations', 'examinations and earlier investigations'],
  ['treatments', 'ongoing and earlier treatments'],
  ['physicalFunction', 'physical function'],
  ['socialAndPsychologicalFunction', 'social and psychological function'],
  ['interpreterNeeded', 'interpreter need yes/no'],
  ['patientAttitude', "the patient's own attitude to the referral"],
  ['workingFraction', 'employment (working fraction)'],
  ['fullSicknessCompensation', 'full sickness compensation yes/no'],
  ['medicallyFullyInvestigated', 'medically fully investigated yes/no'],
  ['ongoingOrPlannedIntervention', 'ongoing or planned medical intervention yes/no'],
  ['activeRheumaticDisease', 'active rheumatic disease yes/no'],
  ['malignantCause', 'malignant cause yes/no'],
  ['substanceUseDisorderNeedingTreatment', 'substance use disorder needing treatment yes/no'],
  ['severePsychiatricIllness', 'severe psychiatric illness yes/no'],
  ['psychiatricDiagnosisWithoutPainComorbidity', 'psychiatric diagnosis without pain comorbidity yes/no'],
  ['consentToRecordAccess', "the patient's consent to reading their records"],
];

/** The fields the referral still lacks, in the order above; empty when it is complete. Consent must be given, not just answered. */
export function missingFields(contents: ReferralContents): (keyof ReferralContents)[] {
  return REQUIRED.filter(([key]) => {
    const value = contents[key];
    if (key === 'consentToRecordAccess') return value !== true;
    return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
  }).map(([key]) => key);
}

/**
 * The interpreter answer must hold together: a language exactly when an interpreter is needed.
 * Unanswered (neither given) is not a problem here: it is a missing content.
 */
export function interpreterProblems(contents: ReferralContents): CodedProblem[] {
  const language = contents.interpreterLanguage?.trim();
  if (contents.interpreterNeeded === true && !language) return [problemAt('interpreterLanguage', 'referral.interpreter_language_required')];
  if (contents.interpreterNeeded !== true && language) return [problemAt('interpreterLanguage', 'referral.interpreter_language_without_need')];
  return [];
}

/**
 * The stored contents with a correction laid over them. Answering "no interpreter needed" without a
 * language drops the language stored before, so the answer holds together.
 */
export function correctedContents(stored: ReferralContents, changes: ReferralContents): ReferralContents {
  const corrected = { ...stored, ...changes };
  if (changes.interpreterNeeded === false && changes.interpreterLanguage === undefined) delete corrected.interpreterLanguage;
  return corrected;
}

/** The language the patient needs an interpreter in, or null when none (or not answered). */
export function interpreterLanguageOf(contents: ReferralContents): string | null {
  return contents.interpreterNeeded === true ? contents.interpreterLanguage!.trim() : null;
}

/** The same in words, for the stored list and the referrer. */
export function missingContents(contents: ReferralContents): string[] {
  const words = new Map(REQUIRED);
  return missingFields(contents).map((key) => words.get(key)!);
}
