// The API's problems in the interface's words. Each problem the API answers has a stable code and
// its parameters (see the README's error table); the app words the code, so no English of the API
// reaches a Swedish screen. Until every code has its words here, the common validation messages are
// recognised by their English text.
import { t } from './i18n.js';

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

/** One problem of an API answer (`{field, problem, code?, params?}`) in the interface's words. */
export function problemInLanguage(problem) {
  for (const [pattern, render] of PROBLEMS) {
    const match = pattern.exec(problem);
    if (match) return render(...match.slice(1));
  }
  return problem;
}
