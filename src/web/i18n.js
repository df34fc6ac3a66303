// Swedish is the interface language; English is a choice kept in the browser. The Swedish text is
// the key, so a missing translation shows Swedish rather than nothing (a test checks there is none).

let english = null;

export const language = () => (english ? 'en' : 'sv');
export const locale = () => (english ? 'en-GB' : 'sv-SE');

/** The English texts: the shared ones, and one file per part of the app (texts.spec.ts reads the same list). */
export const DICTIONARIES = ['en.json', 'en/schedule.json', 'en/visit.json', 'en/start.json', 'en/programs.json', 'en/staff.json', 'en/people.json', 'en/problems.json'];

/** Loads the English texts when English was chosen; call once before the first screen. */
export async function loadLanguage() {
  if (localStorage.getItem('lang') !== 'en') return;
  const parts = await Promise.all(DICTIONARIES.map(async (file) => (await fetch(file)).json()));
  english = Object.assign({}, ...parts);
  document.documentElement.lang = 'en';
}

export function chooseLanguage(code) {
  localStorage.setItem('lang', code);
  location.reload();
}

/** The text in the chosen language, with {0}, {1}… filled in. */
export function t(swedish, ...values) {
  const template = english?.[swedish] ?? swedish;
  // Placeholders without a value stay, for a template to be filled later (see `labels`).
  return template.replace(/\{(\d)\}/g, (placeholder, i) => (Number(i) < values.length ? String(values[Number(i)]) : placeholder));
}

/** Names of a code's values (phases, statuses…), written as `labels({...})` so the test finds them; {0}… as in `t`. */
export const labels = (map) => (code, ...values) => (code in map ? t(map[code], ...values) : code);
