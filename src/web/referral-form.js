// The coordinator registers a referral, or completes one that lacks contents, and sees the triage
// suggestion at once; what the API finds wrong, or what is still missing, shows next to its field.
import { api, h, problemLine, problemsOf, say, session, show } from './dom.js';
import { labels, t } from './i18n.js';

/** Who sent the referral and when: set at registration, not changed by completing it. */
const INTAKE = [
  ['receivedDate', 'text'],
  ['referrer.name', 'text'],
  ['referrer.unit', 'text'],
  ['referrer.unitKind', ['primary_care', 'occupational_health', 'hospital_clinic', 'other']],
  ['referrer.contact', 'text'],
];
/** What the referral says, in the order of the unit's referral guide (seeds 002, 004). */
const CONTENTS = [
  ['health', [
    ['reasonForReferral', 'long'],
    ['painLocation', 'text'],
    ['painType', ['musculoskeletal', 'headache', 'neuropathic', 'other']],
    ['painDurationMonths', 'number'],
    ['comorbidity', 'long'],
    ['medications', 'long'],
    ['meddMgPerDay', 'number'],
    ['examinationsAndInvestigations', 'long'],
    ['treatments', 'long'],
    ['physicalFunction', 'long'],
    ['socialAndPsychologicalFunction', 'long'],
    ['patientAttitude', 'long'],
    ['interpreterNeeded', 'yesno'],
    ['interpreterLanguage', 'text'],
  ]],
  ['work', [
    ['workingFraction', 'number'],
    ['fullSicknessCompensation', 'yesno'],
  ]],
  ['criteria', [
    ['medicallyFullyInvestigated', 'yesno'],
    ['ongoingOrPlannedIntervention', 'yesno'],
    ['activeRheumaticDisease', 'yesno'],
    ['malignantCause', 'yesno'],
    ['substanceUseDisorderNeedingTreatment', 'yesno'],
    ['severePsychiatricIllness', 'yesno'],
    ['psychiatricDiagnosisWithoutPainComorbidity', 'yesno'],
    ['earlierMmrCompletedOn', 'text'],
  ]],
  ['assessment', [
    ['occupationalTherapistNeeded', 'check'],
    ['consentToRecordAccess', 'check'],
    ['priority', [1, 2, 3]],
    ['availableAtShortNotice', 'check'],
  ]],
];
const SECTION = labels({ health: 'Smärtan och hälsan', work: 'Arbete och försörjning', criteria: 'Kriterier', assessment: 'Bedömning och väntetid' });
const FIELD_LABELS = labels({
  receivedDate: 'Remissen inkom (ÅÅÅÅ-MM-DD)',
  'referrer.name': 'Remittent',
  'referrer.unit': 'Remitterande enhet',
  'referrer.unitKind': 'Typ av enhet',
  'referrer.contact': 'Kontakt',
  reasonForReferral: 'Frågeställning',
  painLocation: 'Smärtans lokalisation',
  painType: 'Smärttyp',
  painDurationMonths: 'Smärtans duration (månader)',
  comorbidity: 'Samsjuklighet',
  medications: 'Läkemedel',
  meddMgPerDay: 'Opioider (morfinekvivalenter mg/dygn)',
  examinationsAndInvestigations: 'Utredningar',
  treatments: 'Tidigare behandlingar',
  physicalFunction: 'Fysisk funktion',
  socialAndPsychologicalFunction: 'Social och psykologisk funktion',
  patientAttitude: 'Patientens inställning',
  interpreterNeeded: 'Behöver tolk',
  interpreterLanguage: 'Tolk (språk)',
  workingFraction: 'Arbetar (% av heltid)',
  fullSicknessCompensation: 'Söker eller har hel sjukersättning',
  medicallyFullyInvestigated: 'Medicinskt färdigutredd',
  ongoingOrPlannedIntervention: 'Pågående eller planerad medicinsk åtgärd, t.ex. operation',
  activeRheumaticDisease: 'Aktiv reumatisk sjukdom',
  malignantCause: 'Malign orsak till smärtan',
  substanceUseDisorderNeedingTreatment: 'Beroende som behöver behandling',
  severePsychiatricIllness: 'Svår psykiatrisk sjukdom',
  psychiatricDiagnosisWithoutPainComorbidity: 'Utmattning, depression eller ångest utan smärta',
  earlierMmrCompletedOn: 'Tidigare multimodal rehabilitering avslutad (ÅÅÅÅ-MM-DD)',
  occupationalTherapistNeeded: 'Arbetsterapeut behövs i bedömningen',
  consentToRecordAccess: 'Patienten samtycker till journalåtkomst',
  priority: 'Prioritet',
  availableAtShortNotice: 'Kan komma med kort varsel',
});
const OPTION = labels({
  musculoskeletal: 'muskuloskeletal',
  headache: 'huvudvärk',
  neuropathic: 'neuropatisk',
  other: 'annan',
  primary_care: 'vårdcentral',
  occupational_health: 'företagshälsovård',
  hospital_clinic: 'sjukhusklinik',
  true: 'ja',
  false: 'nej',
  1: '1 (brådskande)',
  2: '2 (normal)',
  3: '3 (låg)',
});
const STATUS = labels({
  incomplete: 'ofullständig',
  awaiting_decision: 'väntar på beslut',
  accepted: 'antagen',
  rejected: 'avslagen',
  more_information_requested: 'komplettering begärd',
});
export const TRIAGE = labels({ eligible: 'uppfyller kriterierna', not_eligible: 'uppfyller inte kriterierna', needs_consultation: 'samråd behövs' });
/** Triage reasons by code; the figure, where there is one, comes from the referral itself. */
const REASON = labels({
  neuropathic_pain: 'Neuropatisk smärta: smärtmottagningen bedömer först',
  pain_type_out_of_scope: 'Smärttypen {0} ingår inte i enhetens uppdrag',
  pain_duration: 'Smärtan har varat {0} månader, kortare än kriteriet',
  opioid_dose: 'Opioider {0} mg morfinekvivalenter per dygn, över gränsen',
  working_age: 'Utanför arbetsför ålder',
  recent_mmr: 'Multimodal rehabilitering avslutad {0}, för nyligen',
  not_investigated: 'Inte medicinskt färdigutredd för annan allvarlig sjukdom',
  ongoing_intervention: 'Pågående eller planerad medicinsk åtgärd',
  active_rheumatic_disease: 'Aktiv reumatisk sjukdom utan remission',
  malignant_cause: 'Malign orsak till smärtan',
  substance_use: 'Beroende som behöver behandlas först',
  severe_psychiatric_illness: 'Svår psykiatrisk sjukdom',
  psychiatric_without_pain: 'Utmattning, depression eller ångest utan smärtsamsjuklighet',
  full_sickness_compensation: 'Söker eller har hel sjukersättning: samråd med remittenten, en bedömning kan ändå vara värd att göra',
});

/** What triage made of a referral and what it still lacks, in the interface's language. */
export function referralSummary(referral) {
  const { outcome, reasons } = referral.triageSuggestion;
  const { contents } = referral;
  const figure = { pain_type_out_of_scope: OPTION(contents.painType), pain_duration: contents.painDurationMonths, opioid_dose: contents.meddMgPerDay, recent_mmr: contents.earlierMmrCompletedOn };
  return h(
    'div',
    {},
    h('p', {}, t('Triageförslag: {0}', TRIAGE(outcome))),
    reasons.length ? h('ul', {}, reasons.map((reason) => h('li', {}, REASON(reason.code, figure[reason.code])))) : null,
    referral.missingFields.length ? h('p', {}, t('Saknas: {0}', referral.missingFields.map((field) => FIELD_LABELS(field)).join(', '))) : null,
  );
}

export async function newReferralView() {
  const patients = await api('/patients');
  const patient = h('div', { class: 'field' },
    h('label', { for: 'f-patientId' }, t('Patient')),
    h('select', { id: 'f-patientId', name: 'patientId' }, patients.map((p) => h('option', { value: p.id }, p.name))),
    h('span', { class: 'error', 'data-field': 'patientId' }));
  const intake = h('fieldset', {}, h('legend', {}, t('Remissen')), patient, INTAKE.map((field) => fieldFor(field, {})));
  referralForm(t('Ny remiss'), null, intake, {}, t('Registrera remiss'), async (body) => {
    const referral = await api('/referrals', { method: 'POST', body: { referrer: {}, ...body, siteId: session.me.siteId } }); // an empty referrer gets its fields named
    location.hash = `#/referral/${referral.id}`;
    say(t('Remissen är registrerad.'));
  });
}

/** A registered referral: its triage and what is missing, with the contents to complete or correct. */
export async function referralView(id) {
  const referral = await api(`/referrals/${id}`);
  const patient = await api(`/patients/${referral.patientId}`);
  const about = h('p', {}, t('Från {0}, {1}, inkom {2}. Status: {3}.', referral.referrer.name, referral.referrer.unit, referral.receivedDate, STATUS(referral.status)));
  const values = { ...referral.contents, priority: referral.priority, availableAtShortNotice: referral.availableAtShortNotice };
  const view = referralForm(t('Remiss för {0}', patient.name), about, null, values, t('Spara remissen'), async (body) => {
    await api(`/referrals/${id}`, { method: 'PATCH', body });
    await referralView(id);
    say(t('Remissen är sparad.'));
  });
  view.showTriage(referral);
}

/**
 * The form both views share: `about` goes above it, `intake` (the fields only a new referral has)
 * at its top; `save` gets the body and throws the API's problems to show by their fields.
 */
function referralForm(title, about, intake, values, submitText, save) {
  const result = h('section', { id: 'triage', 'aria-live': 'polite' });
  const form = h(
    'form',
    {
      class: 'referral',
      novalidate: true,
      onsubmit: async (event) => {
        event.preventDefault();
        for (const span of form.querySelectorAll('[data-field]')) span.textContent = '';
        result.replaceChildren();
        try {
          await save(formBody(form));
        } catch (error) {
          // Each problem next to its field; what has no field on the form goes to the top.
          for (const problem of problemsOf(error)) {
            const span = form.querySelector(`[data-field="${problem.field}"]`);
            if (span) span.textContent = problem.problem;
            else result.append(h('p', { class: 'error' }, problemLine(problem)));
          }
          say(t('Remissen kunde inte sparas; se felen vid fälten.'));
        }
      },
    },
    intake,
    CONTENTS.map(([section, fields]) => h('fieldset', {}, h('legend', {}, SECTION(section)), fields.map((field) => fieldFor(field, values)))),
    h('button', { type: 'submit' }, submitText),
  );
  show(title, about, result, form);
  return {
    showTriage(referral) {
      result.replaceChildren(h('h2', {}, t('Triage')), referralSummary(referral));
      for (const field of referral.missingFields) {
        const span = form.querySelector(`[data-field="${field}"]`);
        if (span) span.textContent = t('Saknas');
      }
    },
  };
}

function fieldFor([name, kind], values) {
  const id = `f-${name.replace('.', '-')}`;
  const value = values[name];
  // The API wants numbers and booleans; the form's values are strings until formBody reads this.
  const type = kind === 'number' || name === 'priority' ? 'number' : kind === 'yesno' ? 'boolean' : null;
  const common = { id, name, 'data-type': type, 'aria-describedby': `${id}-error` };
  const choices = kind === 'yesno' ? [true, false] : Array.isArray(kind) ? kind : null;
  const input =
    kind === 'check'
      ? h('input', { ...common, type: 'checkbox', checked: value === true })
      : choices
        ? h('select', common,
            h('option', { value: '' }, t('– ej angivet –')),
            choices.map((choice) => h('option', { value: String(choice), selected: value === choice }, OPTION(String(choice)))))
        : kind === 'long'
          ? h('textarea', { ...common, rows: 2 }, value ?? '')
          : h('input', { ...common, type: kind === 'number' ? 'number' : 'text', value: value ?? null });
  return h('div', { class: kind === 'check' ? 'field check' : 'field' }, h('label', { for: id }, FIELD_LABELS(name)), input, h('span', { class: 'error', id: `${id}-error`, 'data-field': name }));
}

/** The form's fields as the API takes them: numbers as numbers, yes/no as booleans, blanks left out. */
function formBody(form) {
  const data = new FormData(form);
  const body = {};
  for (const element of form.elements) {
    const { name } = element;
    if (!name) continue;
    const raw = element.type === 'checkbox' ? element.checked : data.get(name);
    if (raw === '' || raw === null) continue;
    const value = element.dataset.type === 'number' ? Number(raw) : element.dataset.type === 'boolean' ? raw === 'true' : raw;
    if (name.startsWith('referrer.')) (body.referrer ??= {})[name.slice('referrer.'.length)] = value;
    else body[name] = value;
  }
  return body;
}
