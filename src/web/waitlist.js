// The coordinator's desk: referrals awaiting a decision, then the waiting list by care-guarantee
// deadline, with what can be done to each.
import { actionForm, api, h, labelled, localWhen, say, session, show } from './dom.js';
import { labels, t } from './i18n.js';
import { openEpisode } from './episode.js';
import { referralSummary, TRIAGE } from './referral-form.js';

const STATUS = labels({ ok: 'i tid', at_risk: 'risk', breached: 'överskriden' });
const PART = labels({ nurse: 'sjuksköterska', physician: 'läkare', physiotherapist: 'fysioterapeut', psychologist: 'psykolog', occupational_therapist: 'arbetsterapeut', feedback: 'återkoppling' });

export async function waitlistView() {
  const referrals = (status) => api(`/referrals?status=${status}&siteId=${session.me.siteId}`);
  const [list, awaiting, incomplete, informationRequested, patients, sites] = await Promise.all([
    api('/waitlist'),
    referrals('awaiting_decision'),
    referrals('incomplete'),
    referrals('more_information_requested'),
    api('/patients'),
    api('/sites'),
  ]);
  const toComplete = [...incomplete, ...informationRequested];
  const nameOf = (id) => patients.find((p) => p.id === id)?.name ?? id;
  const actions = h('section', { id: 'proposal', 'aria-live': 'polite' });
  const otherSites = sites.filter((site) => site.id !== session.me.siteId);
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
        h('button', { type: 'button', onclick: () => proposeAssessment(item, actions) }, t('Föreslå bedömning för {0}', item.patientName)),
        h('button', { type: 'button', onclick: () => openEpisode(item.referralId) }, t('Episod för {0}', item.patientName)),
        otherSites.length ? h('button', { type: 'button', onclick: () => transferForm(item, otherSites, actions) }, t('Flytta {0}', item.patientName)) : null,
      ),
    ),
  );
  show(
    t('Väntelista'),
    awaiting.length ? h('section', { id: 'decisions' }, h('h2', {}, t('Väntar på beslut')), awaiting.map((referral) => decisionCard(referral, nameOf(referral.patientId)))) : null,
    toComplete.length ? h('section', { id: 'to-complete' }, h('h2', {}, t('Väntar på komplettering')), h('ul', {}, toComplete.map((referral) => toCompleteItem(referral, nameOf(referral.patientId))))) : null,
    h('h2', {}, t('Väntar på bedömning')),
    h('p', {}, t('{0} väntar, {1} med risk att passera vårdgarantin, {2} över den.', list.total, list.atRisk, list.breached)),
    h(
      'table',
      {},
      h('caption', {}, t('Remisser i tur och ordning efter vårdgarantin')),
      h('thead', {}, h('tr', {}, [t('Plats'), t('Patient'), t('Vårdgaranti'), t('Dagar kvar'), t('Triage'), t('Åtgärd')].map((text) => h('th', { scope: 'col' }, text)))),
      h('tbody', {}, rows),
    ),
    actions,
  );
}

/** A referral that lacks contents (or whose referrer was asked for more): what is missing, and a link to complete it. */
function toCompleteItem(referral, name) {
  const missing = referral.missingFields.length ? t('{0} uppgifter saknas', referral.missingFields.length) : t('komplettering begärd');
  return h('li', {}, h('a', { href: `#/referral/${referral.id}` }, t('{0}, remiss {1}', name, referral.receivedDate)), ` – ${missing}`);
}

/** The triage suggestion with its reasons, and the coordinator's decision on it. */
function decisionCard(referral, name) {
  const decide = async (data) => {
    const reason = data.get('reason');
    await api(`/referrals/${referral.id}/decision`, {
      method: 'POST',
      body: { decision: data.get('decision'), reasons: reason ? [reason] : [], decidedBy: session.me.username },
    });
    await waitlistView();
    say(t('Beslutet för {0} är registrerat.', name));
  };
  return h(
    'article',
    { class: 'decision' },
    h('h3', {}, t('{0}, remiss {1}', name, referral.receivedDate)),
    referralSummary(referral),
    actionForm(
      t('Registrera beslut'),
      [
        labelled(t('Beslut'), h('select', { name: 'decision' },
          h('option', { value: 'accepted' }, t('Anta')),
          h('option', { value: 'rejected' }, t('Avslå')),
          h('option', { value: 'more_information_requested' }, t('Begär komplettering')))),
        h('label', {}, t('Skäl (krävs vid avslag och komplettering)'), h('input', { name: 'reason' })),
      ],
      decide,
    ),
  );
}

async function proposeAssessment(item, section) {
  const proposal = await api('/assessments/proposals', { method: 'POST', body: { referralId: item.referralId } });
  const book = async () => {
    await api('/assessments', { method: 'POST', body: { referralId: item.referralId, visits: proposal.visits } });
    await waitlistView();
    say(t('Bedömningen för {0} är bokad.', item.patientName));
  };
  section.replaceChildren(
    h('h2', {}, t('Förslag: bedömning för {0}', item.patientName)),
    h('ul', {}, proposal.visits.map((visit) => h('li', {}, `${PART(visit.part)}: ${localWhen(visit.start)}`))),
    h('p', {}, proposal.meetsCareGuarantee ? t('Första besöket ryms inom vårdgarantin.') : t('Första besöket ligger {0} dagar efter vårdgarantin.', proposal.daysLate)),
    h('button', { type: 'button', onclick: book }, t('Boka förslaget')),
  );
  section.querySelector('button').focus();
}

function transferForm(item, sites, section) {
  section.replaceChildren(
    h('h2', {}, t('Flytta {0} till en annan enhet', item.patientName)),
    actionForm(
      t('Flytta remissen'),
      [
        labelled(t('Till enhet'), h('select', { name: 'toSiteId' }, sites.map((site) => h('option', { value: site.id }, site.name)))),
        h('label', {}, t('Skäl'), h('input', { name: 'reason', required: true })),
      ],
      async (data) => {
        await api(`/referrals/${item.referralId}/transfer`, { method: 'POST', body: { toSiteId: data.get('toSiteId'), reason: data.get('reason') } });
        await waitlistView();
        say(t('Remissen för {0} är flyttad.', item.patientName));
      },
    ),
  );
  section.querySelector('select').focus();
}
