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

/**
 * The API words its input problems for developers (class-validator's and our validators' messages).
 * The common ones read as a coordinator would say them here; anything else, a rule of the unit for
 * instance, stays as the API wrote it rather than be guessed at.
 */
const PROBLEMS = [
  [/^(must be longer than or equal to 1 characters|should not be empty)$/, () => t('måste fyllas i')],
  [/^must be longer than or equal to (\d+) characters$/, (n) => t('minst {0} tecken', n)],
  [/^must be shorter than or equal to (\d+) characters$/, (n) => t('högst {0} tecken', n)],
  [/^must be a date YYYY-MM-DD$/, () => t('ange ett datum ÅÅÅÅ-MM-DD')],
  [/^must be a date from (\S+) to (\S+)$/, (first, last) => t('ange ett datum från {0} till {1}', first, last)],
  [/^must be a local time HH:mm$/, () => t('ange en tid TT:MM')],
  [/^must be one of the following values: /, () => t('välj ett av alternativen')],
  [/^must not be less than (\S+)$/, (n) => t('minst {0}', n)],
  [/^must not be greater than (\S+)$/, (n) => t('högst {0}', n)],
  [/^must be a number/, () => t('ange ett tal')],
  [/^must be an integer number$/, () => t('ange ett heltal')],
  [/^must be a UUID$/, () => t('välj ett värde')],
];

export function problemInLanguage(problem) {
  for (const [pattern, render] of PROBLEMS) {
    const match = pattern.exec(problem);
    if (match) return render(...match.slice(1));
  }
  return problem;
}
