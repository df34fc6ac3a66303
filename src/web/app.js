// The web app: small modules over the same API, so every screen shows what the API allows the
// signed-in user and nothing more. This one signs in, draws the header and picks the screen.
import { api, endSession, h, keepTokens, problemText, session, show } from './dom.js';
import { episodesView, episodeView } from './episode.js';
import { groupProgramView } from './group-program.js';
import { chooseLanguage, language, loadLanguage, t } from './i18n.js';
import { myVisitsView } from './my-visits.js';
import { newReferralView, referralView } from './referral-form.js';
import { waitlistView } from './waitlist.js';
import { weekView } from './week.js';
import { scheduleView } from './schedule.js';
import { staffView } from './staff.js';
import { attendanceView } from './attendance.js';
import { groupProgramPage, groupProgramsView } from './group-programs.js';
import { visitPage } from './visit.js';
import { assessmentPage } from './assessment.js';

const HOME = { admin: '#/waitlist', coordinator: '#/waitlist', clinician: '#/week', patient: '#/my-visits' };
const COORDINATOR_MENU = [
  ['#/waitlist', 'Väntelista'],
  ['#/schedule', 'Teamets schema'],
  ['#/new-referral', 'Ny remiss'],
  ['#/group-programs', 'Gruppprogram'],
  ['#/episodes', 'Episoder'],
  ['#/staff', 'Personal och rum'],
];
const MENU = {
  coordinator: COORDINATOR_MENU,
  admin: COORDINATOR_MENU,
  clinician: [['#/week', 'Min vecka'], ['#/attendance', 'Att registrera']],
  patient: [['#/my-visits', 'Mina besök']],
};
const ROUTES = {
  '#/login': loginView,
  '#/signed-in': signedInView,
  '#/waitlist': waitlistView,
  '#/new-referral': newReferralView,
  '#/group-program': groupProgramView,
  '#/episodes': episodesView,
  '#/week': weekView,
  '#/schedule': scheduleView,
  '#/group-programs': groupProgramsView,
  '#/staff': staffView,
  '#/attendance': attendanceView,
  '#/my-visits': myVisitsView,
};
/** Screens of one thing, at #/<page>/<id>. */
const PAGES = { episode: episodeView, referral: referralView, 'group-program': groupProgramPage, visit: visitPage, assessment: assessmentPage };
/** The screens of someone not signed in yet. */
const BEFORE_SIGN_IN = ['#/login', '#/signed-in'];
/** Where this tab keeps the site an admin chose, so a reload shows the same unit. */
const CHOSEN_SITE = 'siteId';

/** Every site, as the signed-in user may see them (an admin: all of them, to choose from). */
let sites = [];

function renderHeader() {
  const nav = document.getElementById('nav');
  const who = document.getElementById('who');
  document.querySelector('.brand').textContent = t('Smärtrehab');
  nav.setAttribute('aria-label', t('Huvudmeny'));
  const other = language() === 'sv' ? ['en', 'In English'] : ['sv', 'På svenska'];
  const switchLanguage = h('button', { type: 'button', lang: other[0], onclick: () => chooseLanguage(other[0]) }, other[1]);
  if (!session.me) {
    nav.replaceChildren();
    who.replaceChildren(switchLanguage);
    return;
  }
  nav.replaceChildren(...MENU[session.me.role].map(([href, text]) => h('a', { href, 'aria-current': location.hash === href ? 'page' : null }, t(text))));
  who.replaceChildren(
    session.name,
    ' ',
    siteChoice() ?? '',
    ' ',
    switchLanguage,
    ' ',
    h('button', { type: 'button', onclick: signOut }, t('Logga ut')),
  );
}

/**
 * An admin belongs to no site: the screens show the one chosen here. Everyone else works in their
 * own site and has nothing to choose.
 */
function siteChoice() {
  if (session.me.siteId || !sites.length) return null;
  const choice = h('select', { onchange: () => chooseSite(choice.value) }, sites.map((site) => h('option', { value: site.id, selected: site.id === session.siteId }, site.name)));
  return h('label', { class: 'site-choice' }, t('Enhet'), ' ', choice);
}

/** The site the screens work in (the user's own, else the admin's choice), and its time zone for every time on screen. */
function useSite(siteId) {
  session.siteId = siteId;
  session.timeZone = sites.find((site) => site.id === siteId)?.timeZone ?? session.timeZone;
}

async function chooseSite(siteId) {
  sessionStorage.setItem(CHOSEN_SITE, siteId);
  useSite(siteId);
  await route();
}

/** Ends the session on the server too, so its tokens are of no use to anyone after. */
function signOut() {
  const { refreshToken } = session;
  sessionStorage.removeItem(CHOSEN_SITE);
  endSession();
  if (refreshToken) void api('/auth/logout', { method: 'POST', body: { refreshToken } }).catch(() => undefined);
}

async function signIn() {
  session.me = await api('/auth/me');
  // The header names the person: the login's own display name, else the staff member or the
  // patient the user is, and the username only when there is nothing better.
  session.name = session.me.displayName ?? (await recordName(session.me)) ?? session.me.username;
  sites = await api('/sites');
  const chosen = sessionStorage.getItem(CHOSEN_SITE);
  useSite(session.me.siteId ?? (sites.find((site) => site.id === chosen) ?? sites[0])?.id ?? null);
}

/** The name on the user's staff or patient record; null for a login with neither, or when it cannot be read. */
async function recordName({ staffId, patientId }) {
  const path = staffId ? `/staff/${staffId}` : patientId ? `/patients/${patientId}` : null;
  return path ? ((await api(path).catch(() => null))?.name ?? null) : null;
}

/** A screen's parameters after the `?` of its address, e.g. #/login?problem=auth.unknown_person. */
const hashParams = () => new window.URLSearchParams(location.hash.split('?')[1] ?? '');

async function loginView() {
  const error = h('p', { class: 'error', id: 'login-error', role: 'alert' });
  // A sign-in through the identity provider that was refused comes back here with its code.
  const refusal = hashParams().get('problem');
  if (refusal?.startsWith('auth.')) error.textContent = problemText({ data: { code: refusal } });
  const form = h(
    'form',
    {
      class: 'login',
      onsubmit: async (event) => {
        event.preventDefault();
        const data = new FormData(form);
        try {
          keepTokens(await api('/auth/login', { method: 'POST', body: { username: data.get('username'), password: data.get('password') } }));
          await signIn();
          location.hash = HOME[session.me.role];
        } catch (problem) {
          // A database that is down is not a wrong password: only a 401 says that.
          error.textContent =
            problem.status === 429
              ? t('För många misslyckade inloggningar. Försök igen om {0} sekunder.', problem.data.retryAfterSeconds)
              : problem.status === 401
                ? t('Fel användarnamn eller lösenord.')
                : problemText(problem);
        }
      },
    },
    h('label', {}, t('Användarnamn'), h('input', { name: 'username', autocomplete: 'username', required: true })),
    h('label', {}, t('Lösenord'), h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true })),
    h('button', { type: 'submit' }, t('Logga in')),
    error,
  );
  show(t('Logga in'), form, await providerSignIn());
}

/** The link to sign in through the region's identity provider, when the service is set up for it (404 otherwise). */
async function providerSignIn() {
  const response = await fetch('/auth/oidc/config').catch(() => null);
  if (!response?.ok) return null;
  const { loginUrl } = await response.json();
  return h('p', { class: 'e-id' }, h('a', { href: loginUrl }, t('Logga in med e-legitimation')));
}

/**
 * Where a sign-in through the identity provider lands, with the new session's refresh token in
 * the address: it is taken out of the address and the history at once, and used for the first
 * access token (which spends it, so the one the browser saw is of no use to anyone after).
 */
async function signedInView() {
  const refreshToken = hashParams().get('r');
  // Come back to by the history: the token is gone from there, and the session (if any) goes on.
  if (!refreshToken) return void (location.hash = session.me ? HOME[session.me.role] : '#/login');
  window.history.replaceState(null, '', '#/signed-in');
  try {
    keepTokens(await api('/auth/refresh', { method: 'POST', body: { refreshToken } }));
    await signIn();
    location.hash = HOME[session.me.role];
  } catch {
    location.hash = '#/login?problem=auth.sign_in_failed';
  }
}

async function route() {
  if (session.token && !session.me) await signIn().catch(endSession);
  const screen = location.hash.split('?')[0];
  if (!session.me && !BEFORE_SIGN_IN.includes(screen)) {
    location.hash = '#/login';
    return;
  }
  renderHeader();
  const [, page, id] = /^#\/([a-z-]+)\/([0-9a-f-]{36})$/.exec(location.hash) ?? [];
  const render = PAGES[page] ? () => PAGES[page](id) : (ROUTES[screen] ?? (() => (location.hash = session.me ? HOME[session.me.role] : '#/login')));
  try {
    await render();
  } catch (error) {
    show(t('Något gick fel'), h('p', { class: 'error' }, error.message));
  }
}

window.addEventListener('hashchange', route);
void loadLanguage().then(route);
