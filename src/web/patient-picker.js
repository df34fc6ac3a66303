// Choosing a patient wherever one is chosen: a search by personal number (any written form), name
// or phone, answered by GET /patients?q=, and a list of the matches to pick from with the keyboard
// or the mouse. The choice is the patient object; the screen shows name and personal number only.
import { api, h } from './dom.js';
import { t } from './i18n.js';

const WAIT_MS = 200;

/**
 * A search field and its matches. `onPick(patient)` is called with the chosen patient (and with null
 * when the search changes again). The element carries `picked()` for the current choice.
 */
export function patientPicker({ label = t('Sök patient'), onPick = () => undefined, describedBy = null, id = null } = {}) {
  const input = h('input', { id, type: 'search', autocomplete: 'off', placeholder: t('Personnummer, namn eller telefon'), 'aria-describedby': describedBy });
  const results = h('ul', { class: 'patient-results', role: 'list', 'aria-label': t('Träffar') });
  const chosen = h('p', { class: 'patient-chosen', 'aria-live': 'polite' });
  let picked = null;
  let timer = null;
  const pick = (patient) => {
    picked = patient;
    chosen.textContent = patient ? t('Vald: {0}', patientName(patient)) : '';
    results.replaceChildren();
    onPick(patient);
  };
  input.addEventListener('input', () => {
    window.clearTimeout(timer);
    if (picked) pick(null);
    const q = input.value.trim();
    if (q.length < 2) return results.replaceChildren();
    timer = window.setTimeout(async () => {
      const found = await api(`/patients?q=${encodeURIComponent(q)}`);
      if (input.value.trim() !== q) return; // a newer search is on its way
      results.replaceChildren(
        ...(found.length
          ? found.map((patient) => h('li', {}, h('button', { type: 'button', onclick: () => (input.focus(), pick(patient)) }, patientName(patient))))
          : [h('li', {}, t('Ingen patient hittades.'))]),
      );
    }, WAIT_MS);
  });
  // The arrow keys go from the search to the matches and between them; Escape goes back to the search.
  const buttons = () => [...results.querySelectorAll('button')];
  input.addEventListener('keydown', (event) => {
    if (event.key !== 'ArrowDown' || !buttons().length) return;
    event.preventDefault();
    buttons()[0].focus();
  });
  results.addEventListener('keydown', (event) => {
    const all = buttons();
    const at = all.indexOf(document.activeElement);
    if (at < 0) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const next = at + (event.key === 'ArrowDown' ? 1 : -1);
      if (next < 0) input.focus();
      else all[Math.min(next, all.length - 1)].focus();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      input.focus();
    }
  });
  const element = h('div', { class: 'patient-picker' }, h('label', {}, label, input), results, chosen);
  element.picked = () => picked;
  /** Chooses a patient found elsewhere (just registered, or the one holding a personal number). */
  element.choose = (patient) => {
    window.clearTimeout(timer);
    input.value = patient.personalNumber;
    pick(patient);
  };
  return element;
}

/** "Anna Andersson, 19800101-1234". */
export const patientName = (patient) => `${patient.name}, ${patient.personalNumber}`;
