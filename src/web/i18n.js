// Swedish is the interface language; English is a choice kept in the browser. The Swedish text is
// the key, so a missing translation shows Swedish rather than nothing (a test checks there is none).

let english = null;

export const language = () => (english ? 'en' : 'sv');
export const locale = () => (english ? 'en-GB' : 'sv-SE');

/** Loads the English texts when English was chosen; call once before the first screen. */
export async function loadLanguage() {
  if (localStorage.getItem('lang') !== 'en') return;
  english = await (await fetch('en.json')).json();
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
