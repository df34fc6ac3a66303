// A patient's episode: where they are on the path, their visits and program, who holds the
// sick-leave responsibility day by day, and the actions the episode's phase allows (the API says
// which, in `actions`).
import { actionForm, api, h, labelled, localWhen, say, session, show } from './dom.js';
import { labels, language, t } from './i18n.js';

export const PHASE = labels({
  referred: 'Remitterad',
  assessment: 'Utredning',
  group_rehab: 'Grupprehabilitering',
  individual_rehab: 'Individuell rehabilitering',
  other_measures: 'Andra åtgärder',
  discharged: 'Utskriven',
  followed_up: 'Uppföljd',
});
const HOLDER = labels({ referrer: 'Remittenten', rehab_unit: 'Rehabenheten', none: 'Ingen (ej sjukskriven)' });
const HANDOVER_STATUS = labels({ proposed: 'föreslagen', accepted: 'accepterad', rejected: 'avböjd' });
export const KIND = labels({
  assessment_visit: 'Bedömningsbesök',
  feedback_conversation: 'Återkopplingssamtal',
  group_session: 'Gruppträff',
  individual_visit: 'Individuellt besök',
  follow_up_visit: 'Uppföljningsbesök',
});
export const VISIT_STATUS = labels({ booked: 'bokad', attended: 'genomförd', no_show: 'uteblev', cancelled: 'inställd' });

/** The API names visits in Swedish; in English the kind says enough. */
export const visitText = (appointment) => (language() === 'sv' ? appointment.label : KIND(appointment.kind));
const TASK = labels({ nrs_at_discharge: 'NRS-formulär vid utskrivning', nrs_one_year: 'NRS-formulär efter ett år' });
const PROGRAM = labels({ group: 'Gruppprogram', individual: 'Individuellt program' });

export async function openEpisode(referralId) {
  const [episode] = await api(`/episodes?referralId=${referralId}`);
  location.hash = `#/episode/${episode.id}`;
}

/** Every episode of the site by phase: the way to a patient not on the waiting list. */
export async function episodesView() {
  const [episodes, patients] = await Promise.all([api('/episodes'), api('/patients')]);
  const nameOf = (id) => patients.find((p) => p.id === id)?.name ?? id;
  const phases = ['referred', 'assessment', 'group_rehab', 'individual_rehab', 'other_measures', 'discharged', 'followed_up'];
  show(
    t('Episoder'),
    phases.map((phase) => {
      const inPhase = episodes.filter((episode) => episode.phase === phase);
      return inPhase.length
        ? h('section', {}, h('h2', {}, `${PHASE(phase)} (${inPhase.length})`),
            h('ul', {}, inPhase.map((episode) => h('li', {}, h('a', { href: `#/episode/${episode.id}` }, nameOf(episode.patientId)), ` – ${t('sedan {0}', episode.startedOn)}`))))
        : null;
    }),
  );
}

export async function episodeView(id) {
  const episode = await api(`/episodes/${id}`);
  const [patient, physicians] = await Promise.all([api(`/patients/${episode.patientId}`), api(`/staff?siteId=${episode.siteId}&discipline=physician`)]);
  const redraw = async (message) => {
    await episodeView(id);
    say(message);
  };
  show(
    t('Episod: {0}', PHASE(episode.phase)),
    h('p', {}, t('{0}, startade {1}.', patient.name, episode.startedOn)),
    h('h2', {}, t('Förlopp')),
    h('ol', {}, episode.transitions.map((step) => h('li', {}, `${step.onDate}: ${PHASE(step.to)} (${step.by})`))),
    episode.programs.length ? [h('h2', {}, t('Program')), h('ul', {}, episode.programs.map((program) => h('li', {}, PROGRAM(program.kind))))] : null,
    h('h2', {}, t('Besök')),
    episode.appointments.length
      ? h('ul', {}, episode.appointments.map((a) => h('li', {}, `${visitText(a)} ${localWhen(a.start)} (${VISIT_STATUS(a.status)})`)))
      : h('p', {}, t('Inga besök.')),
    sickLeaveSection(episode, physicians, redraw),
    episode.actions.includes('propose_handover') ? proposeHandover(episode, physicians, redraw) : null,
    episode.actions.includes('record_preventive_sick_pay') ? preventiveSickPay(episode, physicians, redraw) : null,
    episode.actions.includes('discharge') ? discharge(episode, redraw) : null,
    episode.discharge ? dischargedSection(episode, redraw) : null,
  );
}

function sickLeaveSection(episode, physicians, redraw) {
  const { sickLeave } = episode;
  const base = `/episodes/${episode.id}/sick-leave`;
  const corrections = h('div', { id: 'correction', 'aria-live': 'polite' });
  const answer = (handover, accept) => async () => {
    try {
      await api(`${base}/handovers/${handover.id}/${accept ? 'accept' : 'reject'}`, { method: 'POST', body: accept ? undefined : { reason: t('avböjd') } });
      await redraw(accept ? t('Överlämningen är accepterad.') : t('Överlämningen är avböjd.'));
    } catch (error) {
      say(error.message);
    }
  };
  const correct = (period) => () => {
    corrections.replaceChildren(
      h('h4', {}, t('Rätta perioden från {0}', period.from)),
      actionForm(t('Spara rättelsen'), [holderFields(physicians, period.holder), h('label', {}, t('Vad var fel'), h('input', { name: 'reason', required: true }))], async (data) => {
        await api(`${base}/corrections`, { method: 'POST', body: { entryId: period.id, ...holderOf(data), reason: data.get('reason') } });
        await redraw(t('Rättelsen är sparad.'));
      }),
    );
    corrections.querySelector('select').focus();
  };
  return h(
    'section',
    {},
    h('h2', {}, t('Sjukskrivningsansvar')),
    h('table', {},
      h('caption', {}, t('Vem som har ansvaret, dag för dag')),
      h('thead', {}, h('tr', {}, [t('Från'), t('Till och med'), t('Ansvarig'), t('Åtgärd')].map((text) => h('th', { scope: 'col' }, text)))),
      h('tbody', {}, sickLeave.timeline.map((period) =>
        h('tr', {},
          h('td', {}, period.from),
          h('td', {}, period.to ?? '–'),
          h('td', {}, `${HOLDER(period.holder)}${period.physicianName ? `, ${period.physicianName}` : ''}`),
          h('td', {}, h('button', { type: 'button', onclick: correct(period) }, t('Rätta perioden från {0}', period.from))))))),
    corrections,
    sickLeave.warnings.map((warning) => h('p', { class: 'error' }, warning)),
    h('h3', {}, t('Överlämningar')),
    sickLeave.handovers.length
      ? h('ul', {}, sickLeave.handovers.map((handover) =>
          h('li', {}, t('Till {0} från {1}: {2}', HOLDER(handover.to), handover.effectiveFrom, HANDOVER_STATUS(handover.status)),
            handover.status === 'proposed'
              ? [' ', h('button', { type: 'button', onclick: answer(handover, true) }, t('Acceptera')), ' ', h('button', { type: 'button', onclick: answer(handover, false) }, t('Avböj'))]
              : null)))
      : h('p', {}, t('Inga överlämningar.')),
  );
}

/** Who is to hold the responsibility: a holder, and the unit's physician when it is the unit. */
function holderFields(physicians, selected) {
  return [
    labelled(t('Ansvarig'), h('select', { name: 'holder' }, ['referrer', 'rehab_unit', 'none'].map((holder) => h('option', { value: holder, selected: holder === selected }, HOLDER(holder))))),
    labelled(t('Enhetens läkare (när rehabenheten tar ansvaret)'), h('select', { name: 'physicianId' }, h('option', { value: '' }, '–'), physicians.map((p) => h('option', { value: p.id }, p.name)))),
  ];
}

function holderOf(data) {
  const holder = data.get('holder');
  return { holder, ...(holder === 'rehab_unit' && data.get('physicianId') ? { physicianId: data.get('physicianId') } : {}) };
}

function proposeHandover(episode, physicians, redraw) {
  return h('section', {}, h('h2', {}, t('Föreslå överlämning')),
    actionForm(t('Föreslå överlämningen'), [
      holderFields(physicians, 'rehab_unit'),
      h('label', {}, t('Från och med (ÅÅÅÅ-MM-DD)'), h('input', { name: 'effectiveFrom', required: true })),
      h('label', {}, t('Skäl'), h('input', { name: 'reason', required: true })),
    ], async (data) => {
      const { holder, physicianId } = holderOf(data);
      await api(`/episodes/${episode.id}/sick-leave/handovers`, { method: 'POST', body: { to: holder, physicianId, effectiveFrom: data.get('effectiveFrom'), reason: data.get('reason') } });
      await redraw(t('Överlämningen är föreslagen.'));
    }));
}

function preventiveSickPay(episode, physicians, redraw) {
  return h('section', {}, h('h2', {}, t('Förebyggande sjukpenning')),
    episode.preventiveSickPay.length
      ? h('ul', {}, episode.preventiveSickPay.map((r) => h('li', {}, t('{0}–{1}, utfärdat {2} av {3}', r.from, r.to, r.issuedOn, r.physicianName))))
      : null,
    actionForm(t('Registrera intyget'), [
      labelled(t('Läkare'), h('select', { name: 'physicianId' }, physicians.map((p) => h('option', { value: p.id }, p.name)))),
      h('label', {}, t('Utfärdat (ÅÅÅÅ-MM-DD)'), h('input', { name: 'issuedOn', required: true })),
      h('label', {}, t('Från (ÅÅÅÅ-MM-DD)'), h('input', { name: 'from', required: true })),
      h('label', {}, t('Till och med (ÅÅÅÅ-MM-DD)'), h('input', { name: 'to', required: true })),
    ], async (data) => {
      await api(`/episodes/${episode.id}/preventive-sick-pay`, { method: 'POST', body: Object.fromEntries(data) });
      await redraw(t('Intyget är registrerat.'));
    }));
}

function discharge(episode, redraw) {
  return h('section', {}, h('h2', {}, t('Skriv ut')),
    actionForm(t('Skriv ut patienten'), [
      h('label', {}, t('Sammanfattning'), h('textarea', { name: 'closingNote', required: true, rows: 3 })),
      h('label', {}, t('Rehabiliteringsplan'), h('textarea', { name: 'rehabilitationPlan', required: true, rows: 3 })),
      h('label', {}, t('Rekommendationer till remittenten'), h('textarea', { name: 'recommendations', required: true, rows: 3 })),
    ], async (data) => {
      await api(`/episodes/${episode.id}/discharge`, { method: 'POST', body: Object.fromEntries(data) });
      await redraw(t('Patienten är utskriven.'));
    }));
}

/** After discharge: the referral answer, the follow-up visit, and the questionnaires to follow up. */
function dischargedSection(episode, redraw) {
  const output = h('div', { 'aria-live': 'polite' });
  const showAnswer = async () => {
    const answer = await api(`/episodes/${episode.id}/referral-answer`);
    output.replaceChildren(h('h3', {}, t('Remissvar till {0}', answer.referrer.name)), h('pre', { class: 'letter' }, answer.text));
  };
  const proposeFollowUp = async () => {
    const proposal = await api(`/episodes/${episode.id}/follow-up-proposal`);
    output.replaceChildren(
      h('p', {}, t('Första lediga tid för uppföljning: {0}', localWhen(proposal.start))),
      h('button', { type: 'button', onclick: async () => {
        await api('/appointments', { method: 'POST', body: proposal });
        await redraw(t('Uppföljningsbesöket är bokat.'));
      } }, t('Boka uppföljningen')),
    );
    output.querySelector('button').focus();
  };
  const done = (task) => async () => {
    await api(`/episodes/${episode.id}/tasks/${task.id}/done`, { method: 'POST' });
    await redraw(t('Uppgiften är klar.'));
  };
  const coordinator = session.me.role !== 'clinician';
  return h('section', {},
    h('h2', {}, t('Utskrivning {0}', episode.discharge.on)),
    h('p', {}, episode.discharge.closingNote),
    h('h3', {}, t('Uppföljning')),
    h('ul', {}, episode.tasks.map((task) => h('li', {}, `${TASK(task.kind)}, ${task.dueOn}: ${task.status === 'done' ? t('klar') : t('öppen')}`,
      task.status === 'open' && coordinator ? [' ', h('button', { type: 'button', onclick: done(task) }, t('Markera som klar'))] : null))),
    episode.actions.includes('write_referral_answer') ? h('button', { type: 'button', onclick: showAnswer }, t('Visa remissvaret')) : null,
    ' ',
    coordinator && episode.actions.includes('book_follow_up') ? h('button', { type: 'button', onclick: proposeFollowUp }, t('Föreslå uppföljningsbesök')) : null,
    output,
  );
}
