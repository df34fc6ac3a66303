// The coordinator registers a referral and sees the triage suggestion at once; what the API finds
// wrong shows next to the field it concerns.
import { api, h, say, session, show } from './dom.js';
import { labels, t } from './i18n.js';

/** The referral's fields: name in the API and kind of input; their labels follow. */
const FIELDS = [
  ['receivedDate', 'date'],
  ['referrer.name', 'text'],
  ['referrer.unit', 'text'],
  ['referrer.contact', 'text'],
  ['reasonForReferral', 'text'],
  ['painLocation', 'text'],
  ['painType', ['musculoskeletal', 'headache', 'neuropathic', 'other']],
  ['painDurationMonths', 'number'],
  ['meddMgPerDay', 'number'],
  ['workingFraction', 'number'],
  ['medications', 'text'],
  ['examinationsAndInvestigations', 'text'],
  ['treatments', 'text'],
  ['physicalFunction', 'text'],
  ['socialAndPsychologicalFunction', 'text'],
  ['patientAttitude', 'text'],
  ['consentToRecordAccess', 'check'],
  ['medicallyFullyInvestigated', 'check'],
  ['fullSicknessCompensation', 'check'],
];
const FIELD_LABELS = labels({
  receivedDate: 'Remissen inkom (ÅÅÅÅ-MM-DD)',
  'referrer.name': 'Remittent',
  'referrer.unit': 'Remitterande enhet',
  'referrer.contact': 'Kontakt',
  reasonForReferral: 'Frågeställning',
  painLocation: 'Smärtans lokalisation',
  painType: 'Smärttyp',
  painDurationMonths: 'Smärtans duration (månader)',
  meddMgPerDay: 'Opioider (morfinekvivalenter mg/dygn)',
  workingFraction: 'Arbetar (% av heltid)',
  medications: 'Läkemedel',
  examinationsAndInvestigations: 'Utredningar',
  treatments: 'Tidigare behandlingar',
  physicalFunction: 'Fysisk funktion',
  socialAndPsychologicalFunction: 'Social och psykologisk funktion',
  patientAttitude: 'Patientens inställning',
  consentToRecordAccess: 'Samtycke till journalåtkomst',
  medicallyFullyInvestigated: 'Färdigutredd medicinskt',
  fullSicknessCompensation: 'Hel sjukersättning',
});
const PAIN_TYPES = labels({ musculoskeletal: 'muskuloskeletal', headache: 'huvudvärk', neuropathic: 'neuropatisk', other: 'annan' });
const OUTCOME = labels({ eligible: 'Uppfyller kriterierna', not_eligible: 'Uppfyller inte kriterierna', needs_information: 'Behöver mer information' });

export async function newReferralView() {
  const patients = await api('/patients');
  const result = h('section', { id: 'triage', 'aria-live': 'polite' });
  const field = ([name, kind]) => {
    const id = `f-${name.replace('.', '-')}`;
    const described = { 'aria-describedby': `${id}-error` };
    const input =
      kind === 'check'
        ? h('input', { id, name, type: 'checkbox', ...described })
        : Array.isArray(kind)
          ? h('select', { id, name, ...described }, h('option', { value: '' }, '–'), kind.map((value) => h('option', { value }, PAIN_TYPES(value))))
          : h('input', { id, name, type: kind === 'number' ? 'number' : 'text', ...described });
    return h('div', { class: 'field' }, h('label', { for: id }, FIELD_LABELS(name)), input, h('span', { class: 'error', id: `${id}-error`, 'data-field': name }));
  };
  const form = h(
    'form',
    { class: 'referral', novalidate: true, onsubmit: async (event) => { event.preventDefault(); await submitReferral(form, result); } },
    h('div', { class: 'field' }, h('label', { for: 'f-patientId' }, t('Patient')),
      h('select', { id: 'f-patientId', name: 'patientId' }, patients.map((p) => h('option', { value: p.id }, p.name))),
      h('span', { class: 'error', 'data-field': 'patientId' })),
    FIELDS.map(field),
    h('button', { type: 'submit' }, t('Registrera remiss')),
  );
  show(t('Ny remiss'), form, result);
}

async function submitReferral(form, result) {
  const data = new FormData(form);
  const body = { siteId: session.me.siteId, referrer: { unitKind: 'primary_care' } };
  for (const [name, kind] of [['patientId', 'text'], ...FIELDS]) {
    const value = kind === 'check' ? data.has(name) : data.get(name);
    if (value === '' || value === null) continue;
    const typed = kind === 'number' ? Number(value) : value;
    if (name.startsWith('referrer.')) body.referrer[name.slice(9)] = typed;
    else body[name] = typed;
  }
  for (const span of form.querySelectorAll('[data-field]')) span.textContent = '';
  try {
    const referral = await api('/referrals', { method: 'POST', body });
    const suggestion = referral.triageSuggestion;
    result.replaceChildren(
      h('h2', {}, t('Triageförslag: {0}', OUTCOME(suggestion.outcome))),
      suggestion.reasons.length ? h('ul', {}, suggestion.reasons.map((r) => h('li', {}, r.text))) : null,
      referral.missingContents.length ? h('p', {}, t('Saknas: {0}', referral.missingContents.join(', '))) : null,
    );
    say(t('Remissen är registrerad.'));
  } catch (error) {
    // Each problem next to its field; what has no field on the form goes to the top.
    for (const { field, problem } of error.data?.details ?? []) {
      const span = form.querySelector(`[data-field="${field}"]`);
      if (span) span.textContent = problem;
      else result.append(h('p', { class: 'error' }, `${field}: ${problem}`));
    }
    say(t('Remissen kunde inte registreras; se felen vid fälten.'));
  }
}
