// What every screen shares: the session, calls to the API, building elements, the status line, and
// the site's clock.
import { locale, t } from './i18n.js';
import { fieldInWords, problemInLanguage } from './problems.js';

// The tokens of a sign-in live in this tab only (sessionStorage): closing the tab forgets them.
export const session = { token: sessionStorage.getItem('token'), refreshToken: sessionStorage.getItem('refreshToken'), me: null, timeZone: 'Europe/Stockholm' };

/** Keeps the tokens a login or a refresh answered with. */
export function keepTokens({ accessToken, refreshToken }) {
  Object.assign(session, { token: accessToken, refreshToken });
  sessionStorage.setItem('token', accessToken);
  sessionStorage.setItem('refreshToken', refreshToken);
}

/** Forgets the sign-in in this tab and goes to the login screen. */
export function endSession() {
  sessionStorage.removeItem('token');
  sessionStorage.removeItem('refreshToken');
  Object.assign(session, { token: null, refreshToken: null, me: null });
  location.hash = '#/login';
}

/** The calls that take no access token, so a 401 from them is no reason to refresh it. */
const WITHOUT_ACCESS_TOKEN = ['/auth/login', '/auth/refresh', '/auth/logout'];

const send = (path, method, body) =>
  fetch(path, {
    method,
    headers: { 'content-type': 'application/json', ...(session.token ? { authorization: `Bearer ${session.token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

let renewing = null;
/**
 * New tokens for the session, asked for once however many calls found the access token expired at
 * the same time: a refresh token is good for one use, and a second would end the session.
 */
function renewTokens() {
  renewing ??= send('/auth/refresh', 'POST', { refreshToken: session.refreshToken })
    .then(async (response) => {
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      keepTokens(await response.json());
    })
    .finally(() => (renewing = null));
  return renewing;
}

export async function api(path, { method = 'GET', body } = {}) {
  const token = session.token;
  let response = await send(path, method, body);
  // Access tokens last 15 minutes: renew once and try again (unless another call renewed it
  // meanwhile); when the session itself is over, sign in again.
  if (response.status === 401 && session.refreshToken && !WITHOUT_ACCESS_TOKEN.includes(path)) {
    const renewed = session.token !== token || (await renewTokens().then(() => true, () => false));
    if (renewed) response = await send(path, method, body);
    else endSession();
  }
  const data = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) throw Object.assign(new Error(data?.message ?? `HTTP ${response.status}`), { status: response.status, data });
  return data;
}

/** Answers about the service rather than the input (busy, down, too much at once), worded by their status. */
const SERVICE_PROBLEMS = {
  413: () => t('Det som skickades är för stort.'),
  429: (data) => t('För många försök. Försök igen om {0} sekunder.', data?.retryAfterSeconds ?? 60),
  503: (data) => t('Tjänsten är inte tillgänglig just nu. Försök igen om {0} sekunder.', data?.retryAfterSeconds ?? 5),
};

/** What an API error says, field by field, in the interface's words. */
export const problemsOf = (error) =>
  error.status in SERVICE_PROBLEMS
    ? [{ problem: SERVICE_PROBLEMS[error.status](error.data) }]
    : error.data?.details?.length
      ? error.data.details.map((d) => ({ field: d.field, problem: problemInLanguage(d) }))
      : [{ problem: problemInLanguage(error.data?.code ? error.data : { code: STATUS_CODES[error.status] ?? 'request.failed' }) }];

/** An answer without a body in the API's shape (the network, a proxy) is worded by its status. */
const STATUS_CODES = { 400: 'validation.failed', 401: 'auth.unauthorized', 403: 'access.forbidden', 404: 'not_found', 409: 'state.conflict', 422: 'rules.broken' };

/**
 * One problem as a line of text, away from the control it is about: its field in words where the
 * field has a word ("tid: måste fyllas i"), else the problem alone; never the API's field name.
 */
export const problemLine = ({ field, problem }) => {
  const word = fieldInWords(field);
  return word ? t('{0}: {1}', word, problem) : problem;
};

export const problemText = (error) => problemsOf(error).map(problemLine).join('; ');

/** Children as written: nested lists flattened, the ones left out by a condition dropped. */
const present = (nodes) => nodes.flat(Infinity).filter((node) => node !== null && node !== undefined && node !== false);

export const h = (tag, attributes = {}, ...children) => {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (key.startsWith('on')) element.addEventListener(key.slice(2), value);
    else if (value !== undefined && value !== null && value !== false) element.setAttribute(key, value === true ? '' : value);
  }
  element.append(...present(children));
  return element;
};

let fields = 0;

/**
 * A control and its label in one box, tied by id so the label alone names it (a select's options
 * do not), with the control's problems told under it in the same box (showProblems).
 */
export function labelled(text, control) {
  control.id ||= `field-${++fields}`;
  return h('div', { class: 'field' }, h('label', { for: control.id }, text), control);
}

/**
 * The one live region (#status, announced to screen readers): every confirmation or error of an
 * action lands there, where the user looks (under the header), replacing the one before.
 */
export function say(message, { error = false } = {}) {
  const status = document.getElementById('status');
  status.textContent = message;
  status.className = message ? (error ? 'shown error' : 'shown') : '';
}

/** An API error in the live region, in the interface's words. */
export const sayProblem = (error) => say(problemText(error), { error: true });

export function show(title, ...content) {
  const view = document.getElementById('view');
  view.replaceChildren(h('h1', {}, title), ...present(content));
  document.title = `${title} – ${t('Smärtrehab')}`;
  // Focused for screen readers, without scrolling the header (the menu) out of sight.
  view.focus({ preventScroll: true });
}

/** A small form that posts and then redraws; API problems show in it, at their fields or next to its button. */
export function actionForm(label, fields, submit) {
  const error = h('p', { class: 'error', role: 'alert' });
  const form = h(
    'form',
    {
      class: 'action',
      onsubmit: async (event) => {
        event.preventDefault();
        clearProblems(form, error);
        try {
          await submit(new FormData(form));
        } catch (problem) {
          showProblems(form, problem, error);
        }
      },
    },
    fields,
    h('button', { type: 'submit' }, label),
    error,
  );
  return form;
}

/**
 * An API error on a form: each problem next to the control (or checkbox group) it is about, the
 * control marked invalid and described by the words, the first one focused; the rest in `alert`,
 * the form's one error paragraph. A form without one (a builder whose answers fill the page) tells
 * the rest in the live region instead, which then asks for the marked fields to be corrected when
 * every problem has its place. What the form showed before is cleared first, so a corrected field
 * loses its mark.
 */
export function showProblems(form, error, alert) {
  clearProblems(form, alert);
  const elsewhere = [];
  for (const problem of problemsOf(error)) {
    const words = problem.field ? fieldErrorOf(form, problem.field) : null;
    if (!words) {
      elsewhere.push(problemLine(problem));
      continue;
    }
    words.textContent = words.textContent ? `${words.textContent}; ${problem.problem}` : problem.problem;
    form.querySelectorAll(`[aria-describedby~="${words.id}"]`).forEach((control) => control.setAttribute('aria-invalid', 'true'));
  }
  if (alert) alert.textContent = elsewhere.join('; ');
  else say(elsewhere.length ? elsewhere.join('; ') : t('Rätta de markerade fälten.'), { error: true });
  // A screen reader hears a field's words on reaching its control, so the first one is focused.
  form.querySelector('[aria-invalid]')?.focus();
}

/** Takes away the problems `showProblems` put on the form (and in the live region, for a form without `alert`). */
export function clearProblems(form, alert) {
  if (alert) alert.textContent = '';
  else say('');
  form.querySelectorAll('.error[data-field], .error.at-control').forEach((words) => (words.textContent = ''));
  form.querySelectorAll('[aria-invalid]').forEach((control) => control.removeAttribute('aria-invalid'));
}

/**
 * Where a field's problem is told: the form's own span for it (`.error[data-field]`, tied to its
 * control by aria-describedby, as the referral form draws them), or words made at the control or
 * group it is about (`controlsOf`), kept for the next problem there; none when the form has no
 * visible control for the field.
 */
function fieldErrorOf(form, field) {
  const drawn = [...form.querySelectorAll('.error[data-field]')].find((words) => words.dataset.field === field);
  if (drawn) return drawn;
  const about = controlsOf(form, field);
  if (!about) return null;
  const [first] = about.controls;
  first.id ||= `field-${++fields}`;
  const id = `${first.id}-error`;
  const made = form.querySelector(`[id="${id}"]`);
  if (made) return made;
  const words = h('span', { class: 'error at-control', id });
  if (about.group) about.group.append(words);
  // After the label a control sits in, so the words describe the control without becoming its name.
  else (first.closest('label') ?? first).after(words);
  for (const control of about.controls) control.setAttribute('aria-describedby', [control.getAttribute('aria-describedby'), id].filter(Boolean).join(' '));
  return words;
}

/**
 * The controls a field is about: the one of its name, or the checkboxes (or radio buttons) sharing
 * it with their fieldset as the `group` the words go in. A nested field (`weekdays.0`,
 * `sessions.3.start`) without a control of its own is about the control or group of its first part.
 * Null for a hidden control, or controls sharing a name outside one fieldset.
 */
function controlsOf(form, field) {
  const found = form.elements.namedItem(field) ?? form.elements.namedItem(field.split('.')[0]);
  if (!found) return null;
  if (found.tagName) return found.type === 'hidden' ? null : { controls: [found] };
  const controls = [...found];
  const group = controls[0].closest('fieldset');
  return group && controls.every((control) => group.contains(control)) ? { controls, group } : null;
}

/**
 * The API gives times in the site's offset; their digits are the site's clock. Calendars run in UTC
 * and are handed those digits, so they show the site's time whatever the browser's zone is.
 */
export const siteClock = (iso) => iso.slice(0, 19);

/** The site's clock now, in the same form. */
export function siteNow() {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone: session.timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      .formatToParts(new Date())
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}`;
}

/** "tisdag 13 april 2027 kl. 09:00": the site's own clock, read off an ISO time with the site's offset. */
export function localWhen(iso) {
  return t('{0} kl. {1}', longDate(iso.slice(0, 10)), iso.slice(11, 16));
}

export function longDate(date) {
  const day = new Date(`${date}T12:00:00Z`);
  return day.toLocaleDateString(locale(), { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/** The options every FullCalendar here shares: the site's clock, language, Monday first, 24-hour times. */
export function calendarOptions(element) {
  return {
    timeZone: 'UTC',
    now: siteNow,
    locale: locale() === 'sv-SE' ? 'sv' : 'en-gb',
    firstDay: 1,
    eventTimeFormat: { hour: '2-digit', minute: '2-digit', hour12: false },
    slotLabelFormat: { hour: '2-digit', minute: '2-digit', hour12: false },
    // The arrows are drawn with an icon font; the buttons carry the words.
    datesSet: () => element.querySelectorAll('.fc-icon').forEach((icon) => icon.setAttribute('aria-hidden', 'true')),
  };
}
