// The coordinator registers a referral, or completes one that lacks contents, and sees the triage
// suggestion at once; what the API finds wrong, or what is still missing, shows next to its field.
import { actionForm, api, h, labelled, longDate, say, sayProblem, session, show, showProblems } from './dom.js';
import { labels, t } from './i18n.js';
import { patientName, patientPicker } from './patient-picker.js';
import { proposeAssessment } from './assessment.js';

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
  // The patient is found by personal number or name, or registered here; the form sends the id.
  const chosen = h('input', { type: 'hidden', name: 'patientId' });
  const picker = patientPicker({ label: t('Patient'), id: 'f-patientId', describedBy: 'f-patientId-error', onPick: (p) => (chosen.value = p?.id ?? '') });
  const patient = h(
    'div',
    { class: 'field patient-field' },
    picker,
    chosen,
    h('button', { type: 'button', class: 'secondary', onclick: () => registerPatientDialog((p) => picker.choose(p)) }, t('Registrera ny patient')),
    h('span', { class: 'error', id: 'f-patientId-error', 'data-field': 'patientId' }),
  );
  const intake = h('fieldset', {}, h('legend', {}, t('Remissen')), patient, INTAKE.map((field) => fieldFor(field, {})));
  referralForm(t('Ny remiss'), null, intake, {}, t('Registrera remiss'), async (body) => {
    // An empty referrer gets its fields named.
    const referral = await api('/referrals', { method: 'POST', body: { referrer: {}, ...body, siteId: session.siteId } });
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
  const decision = referral.status === 'awaiting_decision' ? decisionCard(referral, patient.name) : null;
  // Accepted and still waiting (a worklist's deadline leads here): its assessment is proposed from here too.
  const waiting = referral.status === 'accepted' ? (await api('/waitlist')).items.find((item) => item.referralId === id) : null;
  const propose = waiting
    ? h(
        'p',
        { class: 'waiting' },
        t('Väntar på bedömning, plats {0} i kön; vårdgarantin {1}.', waiting.position, longDate(waiting.careGuaranteeDeadline)),
        ' ',
        h('button', { type: 'button', class: 'primary', onclick: () => proposeAssessment(waiting).catch(sayProblem) }, t('Föreslå bedömning')),
      )
    : null;
  const view = referralForm(t('Remiss för {0}', patient.name), [about, decision, propose], null, values, t('Spara remissen'), async (body) => {
    await api(`/referrals/${id}`, { method: 'PATCH', body });
    await referralView(id);
    say(t('Remissen är sparad.'));
  });
  view.showTriage(referral);
}

/** The decision a triage outcome suggests: eligible to accept, not eligible to reject, consultation to ask the referrer. */
const SUGGESTED_DECISION = { eligible: 'accepted', not_eligible: 'rejected', needs_consultation: 'more_information_requested' };

/** The triage suggestion's reasons as the coordinator reads them, one a line, for the decision's reasons. */
function reasonLines(referral) {
  const { contents } = referral;
  const figure = { pain_type_out_of_scope: OPTION(contents.painType), pain_duration: contents.painDurationMonths, opioid_dose: contents.meddMgPerDay, recent_mmr: contents.earlierMmrCompletedOn };
  return referral.triageSuggestion.reasons.map((reason) => REASON(reason.code, figure[reason.code]));
}

/**
 * The coordinator's decision on a referral awaiting one: it starts at what triage suggests (with its
 * reasons as the decision's reasons), and is changed with a choice.
 */
export function decisionCard(referral, name) {
  const suggested = SUGGESTED_DECISION[referral.triageSuggestion.outcome] ?? 'accepted';
  const reasons = h('textarea', { name: 'reasons', rows: 3 }, suggested === 'accepted' ? '' : reasonLines(referral).join('\n'));
  const select = h(
    'select',
    { name: 'decision' },
    [['accepted', t('Anta')], ['rejected', t('Avslå')], ['more_information_requested', t('Begär komplettering')]].map(([value, text]) =>
      h('option', { value, selected: value === suggested }, value === suggested ? t('{0} (triageförslaget)', text) : text),
    ),
  );
  // The suggested reasons go with a rejection or a request; accepting needs none.
  const suggestedText = reasonLines(referral).join('\n');
  select.addEventListener('change', () => {
    if (select.value === 'accepted' && reasons.value === suggestedText) reasons.value = '';
    else if (select.value !== 'accepted' && !reasons.value) reasons.value = suggestedText;
  });
  const openEpisode = referral.warnings.some((warning) => warning.code === 'open_episode');
  const decide = async (data) => {
    const lines = String(data.get('reasons') ?? '').split('\n').map((line) => line.trim()).filter(Boolean);
    await api(`/referrals/${referral.id}/decision`, {
      method: 'POST',
      body: { decision: data.get('decision'), reasons: lines, decidedBy: session.name ?? session.me.username, ...(data.get('confirmSecondEpisode') && { confirmSecondEpisode: true }) },
    });
    location.hash = '#/waitlist';
    say(t('Beslutet för {0} är registrerat.', name));
  };
  return h(
    'article',
    { class: 'decision', 'aria-labelledby': 'decision-title' },
    h('h2', { id: 'decision-title' }, t('Beslut om remissen för {0}', name)),
    h('p', {}, t('Triageförslag: {0}', TRIAGE(referral.triageSuggestion.outcome))),
    actionForm(
      t('Registrera beslut'),
      [
        labelled(t('Beslut'), select),
        labelled(t('Skäl, ett per rad (krävs vid avslag och komplettering)'), reasons),
        openEpisode ? h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'confirmSecondEpisode', value: 'yes' }), t('Anta trots att patienten har en annan episod pågående')) : null,
      ],
      decide,
    ),
  );
}

/** Checks a personal number as the API does (YYYYMMDD-NNNN, 12 digits, or the 10-digit forms): the number as 12 digits, or what is wrong. */
export function checkPersonalNumber(input, today = new Date().toISOString().slice(0, 10)) {
  const value = input.trim();
  let digits;
  const long = /^(\d{8})-?(\d{4})$/.exec(value);
  const short = /^(\d{6})([-+]?)(\d{4})$/.exec(value);
  if (long) digits = long[1] + long[2];
  else if (short) {
    const [, yymmdd, separator, last] = short;
    const day = Number(yymmdd.slice(4, 6));
    const monthDay = `${yymmdd.slice(2, 4)}${String(day > 60 ? day - 60 : day).padStart(2, '0')}`;
    const year = Number(today.slice(0, 4));
    let birthYear = year - (year % 100) + Number(yymmdd.slice(0, 2));
    if (birthYear > year || (birthYear === year && monthDay > today.slice(5, 7) + today.slice(8, 10))) birthYear -= 100;
    if (separator === '+') birthYear -= 100;
    digits = `${birthYear}${yymmdd.slice(2)}${last}`;
  } else return { problem: t('skriv personnumret som ÅÅÅÅMMDD-NNNN') };
  const day = Number(digits.slice(6, 8));
  const birth = `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${String(day > 60 ? day - 60 : day).padStart(2, '0')}`;
  const date = new Date(`${birth}T12:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== birth) return { problem: t('personnumret har inget giltigt födelsedatum') };
  if (birth < '1900-01-01' || birth > today) return { problem: t('födelsedatumet ska ligga mellan 1900-01-01 och i dag') };
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    let d = Number(digits[i + 2]) * (i % 2 === 0 ? 2 : 1);
    if (d > 9) d -= 9;
    sum += d;
  }
  if ((10 - (sum % 10)) % 10 !== Number(digits[11])) return { problem: t('kontrollsiffran stämmer inte') };
  return { normalized: `${digits.slice(0, 8)}-${digits.slice(8)}` };
}

/** A Swedish phone number as written (070-123 45 67) in the API's E.164 form (+46701234567). */
function phoneE164(written) {
  const compact = written.replace(/[\s()-]/g, '');
  if (compact.startsWith('+')) return compact;
  if (compact.startsWith('00')) return `+${compact.slice(2)}`;
  if (compact.startsWith('0')) return `+46${compact.slice(1)}`;
  return compact;
}

const CHANNEL = labels({ sms: 'sms', email: 'e-post', none: 'inga påminnelser' });

/**
 * Registers a new patient in a dialog, the personal number checked in its field as it is typed; a
 * number registered already offers the patient who holds it. `onChosen(patient)` gets the patient.
 */
export function registerPatientDialog(onChosen) {
  const dialog = h('dialog', { class: 'register-patient', 'aria-labelledby': 'register-title' });
  const errorOf = (name) => h('span', { class: 'error', id: `p-${name}-error`, 'data-field': name });
  const field = (name, label, control) => {
    Object.assign(control, { id: `p-${name}`, name });
    control.setAttribute('aria-describedby', `p-${name}-error`);
    return h('div', { class: 'field' }, h('label', { for: `p-${name}` }, label), control, errorOf(name));
  };
  const number = h('input', { autocomplete: 'off', inputmode: 'numeric', placeholder: t('ÅÅÅÅMMDD-NNNN') });
  const existing = h('div', { class: 'existing', 'aria-live': 'polite' });
  const checkNumber = ({ final }) => {
    const span = form.querySelector('#p-personalNumber-error');
    const value = number.value.trim();
    const check = checkPersonalNumber(value);
    // While typing, a number is judged once it is long enough to be whole; on leaving the field, always.
    const judged = final || value.replace(/\D/g, '').length >= 10;
    const problem = judged && value && check.problem ? check.problem : '';
    span.textContent = problem;
    if (problem) number.setAttribute('aria-invalid', 'true');
    else number.removeAttribute('aria-invalid');
    return check;
  };
  number.addEventListener('input', () => checkNumber({ final: false }));
  number.addEventListener('blur', () => checkNumber({ final: true }));
  const channel = h('select', {}, ['sms', 'email', 'none'].map((code) => h('option', { value: code }, CHANNEL(code))));
  const choose = (patient) => {
    dialog.close();
    onChosen(patient);
    say(t('{0} är vald.', patientName(patient)));
  };
  const form = h(
    'form',
    {
      class: 'action',
      novalidate: true,
      onsubmit: async (event) => {
        event.preventDefault();
        for (const span of form.querySelectorAll('[data-field]')) span.textContent = '';
        existing.replaceChildren();
        const data = new FormData(form);
        const check = checkNumber({ final: true });
        if (check.problem) {
          number.focus();
          return;
        }
        const body = { siteId: session.siteId, personalNumber: check.normalized, name: String(data.get('name')).trim(), reminderChannel: data.get('reminderChannel') };
        const phone = String(data.get('phone')).trim();
        const email = String(data.get('email')).trim();
        if (phone) body.phone = phoneE164(phone);
        if (email) body.email = email;
        try {
          const patient = await api('/patients', { method: 'POST', body });
          choose(patient);
          say(t('{0} är registrerad och vald.', patientName(patient)));
        } catch (error) {
          if (error.status === 409) {
            const holder = error.data?.existingPatientId ? await api(`/patients/${error.data.existingPatientId}`) : null;
            form.querySelector('#p-personalNumber-error').textContent = holder ? t('personnumret är redan registrerat') : t('personnumret är registrerat vid en annan enhet');
            if (holder) {
              existing.replaceChildren(
                h('p', {}, t('Patienten finns redan: {0}.', patientName(holder))),
                h('button', { type: 'button', onclick: () => choose(holder) }, t('Välj {0}', holder.name)),
              );
              existing.querySelector('button').focus();
            }
            return;
          }
          const unplaced = h('p', { class: 'error' });
          existing.append(unplaced);
          showProblems(form, error, unplaced);
        }
      },
    },
    field('personalNumber', t('Personnummer'), number),
    field('name', t('Namn'), h('input', { autocomplete: 'off' })),
    field('phone', t('Mobilnummer'), h('input', { type: 'tel', autocomplete: 'off', placeholder: t('070-123 45 67') })),
    field('email', t('E-post'), h('input', { type: 'email', autocomplete: 'off' })),
    field('reminderChannel', t('Påminnelser'), channel),
    existing,
    h('div', { class: 'buttons' }, h('button', { type: 'submit', class: 'primary' }, t('Registrera patienten')), h('button', { type: 'button', class: 'secondary', onclick: () => dialog.close() }, t('Avbryt'))),
  );
  dialog.append(h('h2', { id: 'register-title' }, t('Ny patient')), form);
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
  number.focus();
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
          const unplaced = h('p', { class: 'error' });
          result.append(unplaced);
          showProblems(form, error, unplaced);
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
