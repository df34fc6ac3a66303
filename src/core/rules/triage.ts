import { DateTime } from 'luxon';
import { TriageCriteria } from './site-settings';
import { missingContents, ReferralContents } from './referral-contents';

export const TRIAGE_OUTCOMES = ['eligible', 'not_eligible', 'needs_consultation'] as const;
export type TriageOutcome = (typeof TRIAGE_OUTCOMES)[number];

/** One reason, with a code the referral answer turns into a suggested other measure. */
export interface TriageReason {
  code: string;
  text: string;
}

export interface TriageSuggestion {
  outcome: TriageOutcome;
  reasons: TriageReason[];
}

/**
 * The unit's criteria (seed 004, seed 000) applied to a referral. Every reason that applies is
 * listed, so the coordinator sees the whole picture; missing contents raise no reason here (they
 * make the referral incomplete instead).
 */
export function suggestTriage(contents: ReferralContents, birthDate: string, receivedDate: string, criteria: TriageCriteria): TriageSuggestion {
  const exclusions: TriageReason[] = [];
  const exclude = (code: string, text: string) => exclusions.push({ code, text });

  if (contents.painType === 'neuropathic') exclude('neuropathic_pain', 'neuropathic pain: the pain clinic assesses it first');
  else if (contents.painType && !criteria.painTypesInScope.includes(contents.painType)) {
    exclude('pain_type_out_of_scope', `pain type ${contents.painType} is not in scope (${criteria.painTypesInScope.join(', ')})`);
  }
  if (contents.painDurationMonths !== undefined && contents.painDurationMonths < criteria.minPainMonths) {
    exclude('pain_duration', `pain duration ${contents.painDurationMonths} months < ${criteria.minPainMonths}`);
  }
  if (contents.meddMgPerDay !== undefined && contents.meddMgPerDay > criteria.maxMeddMgPerDay) {
    exclude('opioid_dose', `MEDD ${contents.meddMgPerDay} > ${criteria.maxMeddMgPerDay}`);
  }
  const age = Math.floor(DateTime.fromISO(receivedDate).diff(DateTime.fromISO(birthDate), 'years').years);
  if (age < criteria.workingAgeMin || age > criteria.workingAgeMax) {
    exclude('working_age', `age ${age} outside working age ${criteria.workingAgeMin}–${criteria.workingAgeMax}`);
  }
  if (contents.earlierMmrCompletedOn) {
    const quarantineEnds = DateTime.fromISO(contents.earlierMmrCompletedOn).plus({ years: criteria.mmrQuarantineYears }).toISODate()!;
    if (receivedDate < quarantineEnds) {
      exclude(
        'recent_mmr',
        `multimodal rehabilitation completed ${contents.earlierMmrCompletedOn}, within ${criteria.mmrQuarantineYears} years`,
      );
    }
  }
  if (contents.medicallyFullyInvestigated === false) exclude('not_investigated', 'not medically fully investigated for other serious disease');
  if (contents.ongoingOrPlannedIntervention) exclude('ongoing_intervention', 'ongoing or planned medical intervention (e.g. planned surgery)');
  if (contents.activeRheumaticDisease) exclude('active_rheumatic_disease', 'active rheumatic disease not in remission');
  if (contents.malignantCause) exclude('malignant_cause', 'malignant cause of the pain');
  if (contents.substanceUseDisorderNeedingTreatment) exclude('substance_use', 'known substance use disorder that needs treatment first');
  if (contents.severePsychiatricIllness) exclude('severe_psychiatric_illness', 'severe psychiatric illness');
  if (contents.psychiatricDiagnosisWithoutPainComorbidity) {
    exclude('psychiatric_without_pain', 'exhaustion, depression or anxiety without pain comorbidity');
  }
  if (exclusions.length) return { outcome: 'not_eligible', reasons: exclusions };

  if (contents.fullSicknessCompensation) {
    return {
      outcome: 'needs_consultation',
      reasons: [{ code: 'full_sickness_compensation', text: 'applies for or has full sickness compensation: contact us, an assessment can still be worth it' }],
    };
  }
  return { outcome: 'eligible', reasons: [] };
}

/** What the referrer can do instead, in Swedish for the referral answer (remissvar). */
const OTHER_MEASURES: Record<string, string> = {
  neuropathic_pain: 'Remiss till smärtmottagningen för bedömning av den neuropatiska smärtan.',
  pain_type_out_of_scope: 'Fortsatt utredning och behandling hos remittenten.',
  pain_duration: 'Fortsatt behandling i primärvården; ny remiss om smärtan kvarstår efter tre månader.',
  opioid_dose: 'Nedtrappning av opioider, gärna enligt smärtmottagningens förslag, innan ny remiss.',
  working_age: 'Smärtbehandling inom primärvården eller geriatriken.',
  recent_mmr: 'Uppföljning och egenvård enligt tidigare rehabiliteringsplan.',
  not_investigated: 'Komplettera den medicinska utredningen och skicka sedan en ny remiss.',
  ongoing_intervention: 'Avsluta pågående eller planerad medicinsk åtgärd först.',
  active_rheumatic_disease: 'Reumatologisk behandling till remission först.',
  malignant_cause: 'Handläggning inom onkologin.',
  substance_use: 'Behandling av beroendet först.',
  severe_psychiatric_illness: 'Psykiatrisk bedömning och behandling.',
  psychiatric_without_pain: 'Behandling av den psykiska ohälsan inom primärvården eller psykiatrin.',
};

export function suggestedOtherMeasures(reasons: readonly TriageReason[]): string[] {
  return [...new Set(reasons.flatMap((r) => (OTHER_MEASURES[r.code] ? [OTHER_MEASURES[r.code]] : [])))];
}

/** Everything intake works out from a referral's contents: what is missing and the triage suggestion. */
export function assessReferral(contents: ReferralContents, birthDate: string, receivedDate: string, criteria: TriageCriteria) {
  return { missingContents: missingContents(contents), triage: suggestTriage(contents, birthDate, receivedDate, criteria) };
}
