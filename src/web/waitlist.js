// The coordinator's start page: the day's worklists first (care-guarantee deadlines close or passed,
// referrals to decide or complete, patients' own cancellations and move requests, visits without
// attendance), each short with its count and links, then the waiting list in queue order with what
// can be done to each referral.
import { actionForm, api, h, labelled, localWhen, problemText, say, session, show } from './dom.js';
import { labels, t } from './i18n.js';
import { openEpisode } from './episode.js';
import { TRIAGE } from './referral-form.js';
import { proposeAssessment } from './assessment.js';

const STATUS = labels({ ok: 'i tid', at_risk: 'risk', breached: 'överskriden' });
const KIND = labels({
  assessment_visit: 'bedömningsbesök',
  feedback_conversation: 'återkoppling',
  group_session: 'gruppträff',
  individual_visit: 'individuellt besök',
  follow_up_visit: 'uppföljningsbesök',
  other: 'besök',
});
/** Deadlines this many days ahead (or passed) are on the first worklist. */
const DUE_WITHIN_DAYS = 14;
/** Rows a worklist shows before "show all". */
const SHORT = 4;

export async function waitlistView() {
  // The site's lists: a coordinator's own, an admin's chosen one (left out, an admin would get every site's).
  const site = `siteId=${session.siteId}`;
  const referrals = (status) => api(`/referrals?status=${status}&${site}`);
  const [list, due, awaiting, incomplete, informationRequested, requests, unrecorded, sites] = await Promise.all([
    api(`/waitlist?${site}`),
    api(`/worklists/care-guarantee-due?withinDays=${DUE_WITHIN_DAYS}&${site}`),
    api(`/worklists/referrals-awaiting-decision?${site}`),
    referrals('incomplete'),
    referrals('more_information_requested'),
    api(`/worklists/visit-requests?${site}`),
    api(`/worklists/unrecorded-visits?${site}`),
    api('/sites'),
  ]);
  const toComplete = [...incomplete, ...informationRequested];
  const names = new Map(await Promise.all([...new Set(toComplete.map((r) => r.patientId))].map(async (id) => [id, (await api(`/patients/${id}`)).name])));
  const otherSites = sites.filter((site) => site.id !== session.siteId);

  const worklists = h(
    'div',
    { class: 'worklists' },
    worklist('due', t('Vårdgarantin inom {0} dagar', DUE_WITHIN_DAYS), due.map(dueItem)),
    worklist('decisions', t('Remisser att besluta'), awaiting.map(awaitingItem), toComplete.length ? [t('Att komplettera'), toComplete.map((referral) => toCompleteItem(referral, names.get(referral.patientId)))] : null),
    worklist('requests', t('Avbokningar och flyttönskemål'), requests.map(requestItem)),
    worklist('unrecorded', t('Närvaro saknas'), unrecorded.map(unrecordedItem)),
  );
  const rows = list.items.map((item) =>
    h(
      'tr',
      { class: item.status },
      h('td', {}, String(item.position)),
      h('td', {}, item.patientName),
      h('td', {}, item.careGuaranteeDeadline),
      h('td', {}, t('{0} dagar', item.daysLeft), ' ', h('span', { class: 'badge' }, STATUS(item.status))),
      h('td', {}, TRIAGE(item.triageOutcome)),
      h(
        'td',
        { class: 'actions' },
        // Short on screen, so a row keeps to one line; the names say whose (the visible words first).
        h('button', { type: 'button', 'aria-label': t('Föreslå bedömning för {0}', item.patientName), onclick: () => proposeAssessment(item).catch((error) => say(problemText(error), { error: true })) }, t('Föreslå bedömning')),
        h('button', { type: 'button', 'aria-label': t('Episod för {0}', item.patientName), onclick: () => openEpisode(item.referralId) }, t('Episod')),
        otherSites.length ? h('button', { type: 'button', 'aria-label': t('Flytta {0}', item.patientName), onclick: () => transferDialog(item, otherSites) }, t('Flytta')) : null,
      ),
    ),
  );
  show(
    t('Väntelista'),
    h('section', { class: 'start-worklists', 'aria-label': t('Att göra') }, worklists),
    h(
      'section',
      { id: 'queue', 'aria-labelledby': 'queue-title' },
      h('h2', { id: 'queue-title' }, t('Väntar på bedömning')),
      h('p', {}, t('{0} väntar, {1} med risk att passera vårdgarantin, {2} över den.', list.total, list.atRisk, list.breached)),
      h(
        'table',
        { class: 'queue' },
        h('caption', {}, t('Remisser i tur och ordning efter vårdgarantin')),
        h('thead', {}, h('tr', {}, [t('Plats'), t('Patient'), t('Vårdgaranti'), t('Dagar kvar'), t('Triage'), t('Åtgärd')].map((text) => h('th', { scope: 'col' }, text)))),
        h('tbody', {}, rows),
      ),
    ),
  );
}

/**
 * One worklist: a heading with its count, the first rows, and the rest behind "show all".
 * `more` is an optional second group ([heading, items]) counted with it.
 */
function worklist(id, title, items, more = null) {
  const extra = more ? more[1] : [];
  const count = items.length + extra.length;
  const headingId = `worklist-${id}`;
  const list = (entries) => {
    const ul = h('ul', {}, entries);
    const hidden = entries.slice(SHORT);
    for (const entry of hidden) entry.hidden = true;
    if (!hidden.length) return [ul];
    const toggle = h('button', { type: 'button', class: 'link', 'aria-expanded': 'false' }, t('Visa alla {0}', entries.length));
    toggle.addEventListener('click', () => {
      const open = toggle.getAttribute('aria-expanded') !== 'true';
      for (const entry of hidden) entry.hidden = !open;
      toggle.setAttribute('aria-expanded', String(open));
      toggle.textContent = open ? t('Visa färre') : t('Visa alla {0}', entries.length);
    });
    return [ul, toggle];
  };
  return h(
    'section',
    { id, class: count ? 'worklist' : 'worklist empty', 'aria-labelledby': headingId },
    h('h2', { id: headingId }, title, ' ', h('span', { class: 'count' }, String(count))),
    items.length ? list(items) : more ? null : h('p', { class: 'none' }, t('Inget just nu.')),
    more ? [h('h3', {}, more[0]), list(extra)] : null,
  );
}

function dueItem(row) {
  const when = row.breached ? t('{0} dagar över', -row.daysLeft) : row.daysLeft === 0 ? t('i dag') : t('{0} dagar kvar', row.daysLeft);
  return h('li', { class: row.breached ? 'breached' : 'at_risk' }, h('a', { href: `#/referral/${row.referralId}` }, row.patientName), ' ', h('span', { class: 'when' }, when));
}

function awaitingItem(row) {
  return h(
    'li',
    {},
    h('a', { href: `#/referral/${row.referralId}` }, t('{0}, remiss {1}', row.patientName, row.receivedDate)),
    ' ',
    h('span', { class: 'when' }, t('förslag: {0}', TRIAGE(row.triageOutcome))),
  );
}

/** A referral that lacks contents (or whose referrer was asked for more): what is missing, and a link to complete it. */
function toCompleteItem(referral, name) {
  const missing = referral.missingFields.length ? t('{0} uppgifter saknas', referral.missingFields.length) : t('komplettering begärd');
  return h('li', {}, h('a', { href: `#/referral/${referral.id}` }, t('{0}, remiss {1}', name, referral.receivedDate)), ' ', h('span', { class: 'when' }, missing));
}

/** A patient's own cancellation or move request: the visit, their note, and marking it handled. */
function requestItem(request) {
  const what = request.kind === 'cancellation' ? t('{0} avbokade', request.patientName) : t('{0} vill flytta', request.patientName);
  const textId = `request-${request.id}`;
  const resolve = async () => {
    try {
      await api(`/worklists/visit-requests/${request.id}/resolve`, { method: 'POST', body: {} });
      await waitlistView();
      say(t('Önskemålet från {0} är hanterat.', request.patientName));
    } catch (error) {
      say(problemText(error), { error: true });
    }
  };
  return h(
    'li',
    { class: `request ${request.kind}` },
    h('span', { id: textId }, h('a', { href: `#/visit/${request.appointmentId}` }, what), ' ', h('span', { class: 'when' }, localWhen(request.visitStart)), request.note ? h('q', {}, request.note) : null),
    ' ',
    h('button', { type: 'button', class: 'small', 'aria-describedby': textId, onclick: resolve }, t('Hanterad')),
  );
}

function unrecordedItem(visit) {
  const who = visit.patients.map((p) => p.name).join(', ');
  return h(
    'li',
    {},
    h('a', { href: `#/visit/${visit.appointmentId}` }, who),
    ' ',
    h('span', { class: 'when' }, t('{0}, {1}', KIND(visit.kind), localWhen(visit.start))),
  );
}

/** Moving a waiting referral to another of the unit's sites, in a dialog. */
function transferDialog(item, sites) {
  const dialog = h('dialog', { class: 'transfer', 'aria-labelledby': 'transfer-title' });
  const close = () => dialog.close();
  dialog.append(
    h('h2', { id: 'transfer-title' }, t('Flytta {0} till en annan enhet', item.patientName)),
    actionForm(
      t('Flytta remissen'),
      [
        labelled(t('Till enhet'), h('select', { name: 'toSiteId' }, sites.map((site) => h('option', { value: site.id }, site.name)))),
        h('label', {}, t('Skäl'), h('input', { name: 'reason', required: true })),
      ],
      async (data) => {
        await api(`/referrals/${item.referralId}/transfer`, { method: 'POST', body: { toSiteId: data.get('toSiteId'), reason: data.get('reason') } });
        close();
        await waitlistView();
        say(t('Remissen för {0} är flyttad.', item.patientName));
      },
    ),
    h('button', { type: 'button', class: 'secondary', onclick: close }, t('Avbryt')),
  );
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
  dialog.querySelector('select').focus();
}
