import { DEMO_CONTENTS } from './demo-referral';
import { DEFAULT_SITE_SETTINGS, resolveSiteSettings } from './site-settings';
import { missingContents, missingFields, ReferralContents } from './referral-contents';
import { suggestedOtherMeasures, suggestTriage } from './triage';

const criteria = DEFAULT_SITE_SETTINGS.triage;
const complete = DEMO_CONTENTS;
const born1980 = '1980-06-15';
const triage = (changes: ReferralContents, birthDate = born1980, received = '2027-03-01') =>
  suggestTriage({ ...complete, ...changes }, birthDate, received, criteria);

describe('triage suggestion', () => {
  it('finds a complete, typical referral eligible', () => {
    expect(triage({})).toEqual({ outcome: 'eligible', reasons: [] });
  });

  it('needs pain for at least three months', () => {
    expect(triage({ painDurationMonths: 3 }).outcome).toBe('eligible');
    expect(triage({ painDurationMonths: 2 })).toEqual({ outcome: 'not_eligible', reasons: [{ code: 'pain_duration', text: 'pain duration 2 months < 3' }] });
  });

  it('excludes opioid doses above 60 mg MEDD', () => {
    expect(triage({ meddMgPerDay: 60 }).outcome).toBe('eligible');
    expect(triage({ meddMgPerDay: 61 }).reasons).toEqual([{ code: 'opioid_dose', text: 'MEDD 61 > 60' }]);
  });

  it('keeps a two-year quarantine after an earlier multimodal rehabilitation, to the day', () => {
    expect(triage({ earlierMmrCompletedOn: '2025-03-01' }, born1980, '2027-03-01').outcome).toBe('eligible');
    expect(triage({ earlierMmrCompletedOn: '2025-03-01' }, born1980, '2027-02-28').reasons).toEqual([
      { code: 'recent_mmr', text: 'multimodal rehabilitation completed 2025-03-01, within 2 years' },
    ]);
  });

  it('needs working age 18–67 on the day the referral arrived', () => {
    expect(triage({}, '1959-03-01', '2027-03-01').reasons).toEqual([{ code: 'working_age', text: 'age 68 outside working age 18–67' }]);
    expect(triage({}, '1959-03-02', '2027-03-01').outcome).toBe('eligible'); // still 67
    expect(triage({}, '2009-03-02', '2027-03-01').reasons[0].text).toBe('age 17 outside working age 18–67');
    expect(triage({}, '2009-03-01', '2027-03-01').outcome).toBe('eligible');
  });

  it('sends neuropathic pain to the pain clinic and keeps other pain types out of scope', () => {
    expect(triage({ painType: 'neuropathic' }).reasons[0].code).toBe('neuropathic_pain');
    expect(triage({ painType: 'other' }).reasons[0].text).toBe('pain type other is not in scope (musculoskeletal, headache)');
    expect(triage({ painType: 'headache' }).outcome).toBe('eligible');
  });

  it('lists every exclusion that applies', () => {
    const result = triage({
      medicallyFullyInvestigated: false,
      ongoingOrPlannedIntervention: true,
      activeRheumaticDisease: true,
      malignantCause: true,
      substanceUseDisorderNeedingTreatment: true,
      severePsychiatricIllness: true,
      psychiatricDiagnosisWithoutPainComorbidity: true,
      meddMgPerDay: 90,
    });
    expect(result.outcome).toBe('not_eligible');
    expect(result.reasons.map((r) => r.code)).toEqual([
      'opioid_dose',
      'not_investigated',
      'ongoing_intervention',
      'active_rheumatic_disease',
      'malignant_cause',
      'substance_use',
      'severe_psychiatric_illness',
      'psychiatric_without_pain',
    ]);
  });

  it('asks for a consultation when the patient has full sickness compensation', () => {
    expect(triage({ fullSicknessCompensation: true })).toMatchObject({ outcome: 'needs_consultation', reasons: [{ code: 'full_sickness_compensation' }] });
    expect(triage({ fullSicknessCompensation: true, meddMgPerDay: 90 }).outcome).toBe('not_eligible');
  });

  it('follows the site’s own thresholds', () => {
    const strict = resolveSiteSettings({ triage: { minPainMonths: 6, maxMeddMgPerDay: 40, painTypesInScope: ['musculoskeletal'] } }).triage;
    const result = suggestTriage({ ...complete, painDurationMonths: 4, meddMgPerDay: 50, painType: 'headache' }, born1980, '2027-03-01', strict);
    expect(result.reasons.map((r) => r.text)).toEqual([
      'pain type headache is not in scope (musculoskeletal)',
      'pain duration 4 months < 6',
      'MEDD 50 > 40',
    ]);
  });

  it('suggests other measures for the referral answer', () => {
    expect(suggestedOtherMeasures(triage({ painType: 'neuropathic', meddMgPerDay: 90 }).reasons)).toEqual([
      'Remiss till smärtmottagningen för bedömning av den neuropatiska smärtan.',
      'Nedtrappning av opioider, gärna enligt smärtmottagningens förslag, innan ny remiss.',
    ]);
  });
});

describe('missing contents', () => {
  it('finds nothing missing in a complete referral', () => {
    expect(missingContents(complete)).toEqual([]);
  });

  it('names what is missing, blank text included, and a refused consent', () => {
    expect(missingContents({ ...complete, painLocation: '  ', meddMgPerDay: undefined, consentToRecordAccess: false })).toEqual([
      'pain location',
      'opioid dose (MEDD)',
      "the patient's consent to reading their records",
    ]);
    expect(missingFields({ ...complete, painLocation: '  ', meddMgPerDay: undefined, consentToRecordAccess: false })).toEqual(['painLocation', 'meddMgPerDay', 'consentToRecordAccess']);
  });

  it('accepts zero and false as answers', () => {
    expect(missingContents({ ...complete, meddMgPerDay: 0, workingFraction: 0, malignantCause: false })).toEqual([]);
  });
});
