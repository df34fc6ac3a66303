import { Referrer, ReferralContents } from './referral-contents';

/** The referring physician of every demo referral. */
export const DEMO_REFERRER: Referrer = { name: 'Dr. Lisa Ek', unit: 'Vårdcentralen Skultuna', unitKind: 'primary_care', contact: '021-12 34 56' };

/** A complete referral that the default criteria find eligible. */
export const DEMO_CONTENTS: ReferralContents = {
  reasonForReferral: 'Långvarig smärta med nedsatt arbetsförmåga, önskar multimodal bedömning',
  painLocation: 'ländrygg och nacke',
  painType: 'musculoskeletal',
  painDurationMonths: 14,
  comorbidity: 'lätt depression',
  medications: 'paracetamol, amitriptylin',
  meddMgPerDay: 0,
  examinationsAndInvestigations: 'MR ländrygg utan åtgärdbar patologi, blodprover normala',
  treatments: 'fysioterapi, KBT via vårdcentralen',
  physicalFunction: 'går 2 km, svårt att sitta länge',
  socialAndPsychologicalFunction: 'bor med familj, sover dåligt',
  interpreterNeeded: false,
  patientAttitude: 'positiv, vill tillbaka till arbetet',
  consentToRecordAccess: true,
  workingFraction: 50,
  fullSicknessCompensation: false,
  medicallyFullyInvestigated: true,
  ongoingOrPlannedIntervention: false,
  activeRheumaticDisease: false,
  malignantCause: false,
  substanceUseDisorderNeedingTreatment: false,
  severePsychiatricIllness: false,
  psychiatricDiagnosisWithoutPainComorbidity: false,
};

/** The demo referral of a patient: it answers the interpreter question as the patient register has it. */
export function demoContentsFor(patient: { interpreterLanguage: string | null }): ReferralContents {
  return patient.interpreterLanguage ? { ...DEMO_CONTENTS, interpreterNeeded: true, interpreterLanguage: patient.interpreterLanguage } : DEMO_CONTENTS;
}
