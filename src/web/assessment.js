// The four-discipline assessment: the planner's proposal in a dialog (who, where, how long, which
// day), one visit swapped for another free time before booking, and the booked plan at
// #/assessment/<id> with a link to each visit.
import { api, h, localWhen, longDate, problemsOf, say, show } from './dom.js';
import { labels, t } from './i18n.js';
import { PART } from './words.js';
import { problemInLanguage } from './problems.js';

const STATUS = labels({ booked: 'bokad', cancelled: 'avbokad', attended: 'genomförd', no_show: 'uteblev' });

/** How many other times a swap offers, and how many of them on one day. */
const ALTERNATIVES = 8;
const PER_DAY = 3;

/** The site's staff and rooms by id, for names on screen. */
async function namesOfSite() {
  const [staff, rooms] = await Promise.all([api('/staff'), api('/rooms')]);
  return { staff: new Map(staff.map((s) => [s.id, s.name])), rooms: new Map(rooms.map((r) => [r.id, r.name])) };
}

const minutesOf = (visit) => Math.round((Date.parse(visit.end) - Date.parse(visit.start)) / 60000);
const dayOf = (iso) => iso.slice(0, 10);
const clock = (visit) => `${visit.start.slice(11, 16)}–${visit.end.slice(11, 16)}`;

/** One visit's row: part, day in words, time, length, clinicians, room, and what can be done to it. */
function visitCells(visit, names) {
  return [
    h('td', {}, PART(visit.part)),
    h('td', {}, longDate(dayOf(visit.start))),
    h('td', {}, clock(visit)),
    h('td', {}, t('{0} min', minutesOf(visit))),
    h('td', {}, (visit.staffIds ?? []).map((id) => names.staff.get(id) ?? t('okänd')).join(', ')),
    h('td', {}, visit.roomId ? (names.rooms.get(visit.roomId) ?? t('okänt rum')) : t('inget rum')),
  ];
}

const HEADINGS = () => [t('Del'), t('Dag'), t('Tid'), t('Längd'), t('Behandlare'), t('Rum')];

/**
 * Proposes an assessment for a waiting referral and shows it in a dialog: each visit can be swapped
 * for another free time of its discipline in the window before the plan is booked. Booked, the
 * plan's page opens.
 */
export async function proposeAssessment({ referralId, patientId, patientName }) {
  const [proposal, names] = await Promise.all([api('/assessments/proposals', { method: 'POST', body: { referralId } }), namesOfSite()]);
  const visits = proposal.visits.map((visit) => ({ ...visit }));
  const changed = new Set();
  const titleId = 'proposal-title';
  const problems = h('div', { class: 'problems', role: 'alert' });
  const alternatives = h('section', { class: 'alternatives', 'aria-live': 'polite' });
  const body = h('tbody');
  const dialog = h('dialog', { class: 'proposal', 'aria-labelledby': titleId });
  const close = () => {
    dialog.close();
    dialog.remove();
  };

  const drawRows = () => {
    body.replaceChildren(
      ...visits.map((visit, index) =>
        h(
          'tr',
          { class: changed.has(index) ? 'changed' : null },
          visitCells(visit, names),
          h(
            'td',
            {},
            visit.part === 'feedback'
              ? null
              : h('button', { type: 'button', 'data-part': visit.part, onclick: () => offerAlternatives(index) }, t('Byt tid för {0}', PART(visit.part))),
            changed.has(index) ? h('span', { class: 'badge' }, t('ändrad')) : null,
          ),
        ),
      ),
    );
  };

  /** Other free times of the visit's discipline in the window, that keep the plan's other visits and days. */
  const offerAlternatives = async (index) => {
    const visit = visits[index];
    problems.replaceChildren();
    alternatives.replaceChildren(h('p', {}, t('Söker andra tider för {0}…', PART(visit.part))));
    const found = await freeTimes(visit, index);
    const heading = h('h3', { tabindex: '-1' }, t('Andra tider för {0}', PART(visit.part)));
    alternatives.replaceChildren(
      heading,
      found.length
        ? h(
            'ul',
            { class: 'slots' },
            found.map((slot) =>
              h(
                'li',
                {},
                h(
                  'button',
                  { type: 'button', onclick: () => swap(index, slot) },
                  t('{0}, {1}, {2}', localWhen(slot.start), slot.staffName, slot.roomId ? (names.rooms.get(slot.roomId) ?? t('okänt rum')) : t('inget rum')),
                ),
              ),
            ),
          )
        : h('p', {}, t('Inga andra lediga tider i perioden.')),
      h('button', { type: 'button', class: 'secondary', onclick: () => alternatives.replaceChildren() }, t('Behåll tiden')),
    );
    heading.focus();
  };

  const freeTimes = async (visit, index) => {
    const others = visits.filter((_, i) => i !== index);
    const feedback = visits.find((v) => v.part === 'feedback');
    const busyDays = new Set(others.filter((v) => v.part !== 'feedback').map((v) => dayOf(v.start)));
    const last = proposal.windowEnd ?? dayOf(feedback.start);
    const keeps = (slot) =>
      slot.start !== visit.start &&
      !busyDays.has(dayOf(slot.start)) &&
      Date.parse(slot.end) <= Date.parse(feedback.start) &&
      others.every((v) => Date.parse(slot.end) <= Date.parse(v.start) || Date.parse(slot.start) >= Date.parse(v.end));
    const chosen = [];
    const perDay = new Map();
    let from = proposal.windowStart ?? dayOf(visit.start);
    // A few looks, each from the day after the last one seen, so the times spread over the window.
    for (let look = 0; look < 6 && from <= last && chosen.length < ALTERNATIVES; look++) {
      const query = new window.URLSearchParams({ kind: 'assessment_visit', discipline: visit.part, patientId, from, to: last, minutes: String(minutesOf(visit)), limit: '20' });
      const slots = await api(`/appointments/free-slots?${query}`);
      if (!slots.length) break;
      for (const slot of slots.filter(keeps)) {
        const day = dayOf(slot.start);
        const taken = perDay.get(day) ?? [];
        // Times on one day at least an hour apart, so the list is a choice and not a quarter-hour grid.
        if (taken.length >= PER_DAY || taken.some((other) => Math.abs(Date.parse(other.start) - Date.parse(slot.start)) < 3_600_000)) continue;
        taken.push(slot);
        perDay.set(day, taken);
        chosen.push(slot);
        if (chosen.length >= ALTERNATIVES) break;
      }
      from = nextDay(dayOf(slots[slots.length - 1].start));
    }
    return chosen.sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  };

  const swap = (index, slot) => {
    visits[index] = { ...visits[index], staffIds: [slot.staffId], roomId: slot.roomId, start: slot.start, end: slot.end };
    changed.add(index);
    alternatives.replaceChildren();
    drawRows();
    say(t('Ny tid för {0}: {1}.', PART(visits[index].part), localWhen(slot.start)));
    body.querySelector(`button[data-part="${visits[index].part}"]`)?.focus();
  };

  const book = async () => {
    problems.replaceChildren();
    try {
      const assessment = await api('/assessments', { method: 'POST', body: { referralId, visits } });
      close();
      location.hash = `#/assessment/${assessment.id}`;
      say(t('Bedömningen för {0} är bokad.', patientName));
    } catch (error) {
      problems.replaceChildren(h('p', {}, t('Planen kunde inte bokas:')), h('ul', {}, problemsOf(error).map((problem) => h('li', {}, problem.problem))));
      problems.focus();
    }
  };

  drawRows();
  const period = proposal.windowStart ? t('Bedömningsperiod {0} – {1}.', longDate(proposal.windowStart), longDate(proposal.windowEnd)) : null;
  dialog.append(
    h('h2', { id: titleId }, t('Förslag: bedömning för {0}', patientName)),
    h(
      'div',
      { class: 'proposal-body' },
    proposal.feasible
      ? [
          h(
            'p',
            {},
            period,
            ' ',
            proposal.meetsCareGuarantee ? t('Första besöket ryms inom vårdgarantin.') : t('Första besöket ligger {0} dagar efter vårdgarantin.', proposal.daysLate),
          ),
          h(
            'table',
            { class: 'plan-visits' },
            h('caption', {}, t('Besöken i förslaget')),
            h('thead', {}, h('tr', {}, [...HEADINGS(), t('Ändra')].map((text) => h('th', { scope: 'col' }, text)))),
            body,
          ),
          alternatives,
          problems,
        ]
      : [
          h('p', {}, t('Ingen plan ryms i perioden.')),
          h('ul', {}, proposal.reasons.map((reason) => h('li', {}, t('{0}: {1}', PART(reason.discipline), problemInLanguage(reason))))),
        ],
    ),
    h(
      'div',
      { class: 'buttons' },
      proposal.feasible ? h('button', { type: 'button', class: 'primary', onclick: book }, t('Boka förslaget')) : null,
      h('button', { type: 'button', class: 'secondary', onclick: close }, t('Stäng')),
    ),
  );
  problems.setAttribute('tabindex', '-1');
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
  dialog.querySelector('button.primary, button.secondary')?.focus();
}

function nextDay(date) {
  const day = new Date(`${date}T12:00:00Z`);
  day.setUTCDate(day.getUTCDate() + 1);
  return day.toISOString().slice(0, 10);
}

/** A booked assessment at #/assessment/<id>: the window, the visits with links, the care guarantee. */
export async function assessmentPage(id) {
  const assessment = await api(`/assessments/${id}`);
  const [patient, names] = await Promise.all([api(`/patients/${assessment.patientId}`), namesOfSite()]);
  const visits = [...assessment.visits].sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  show(
    t('Bedömning för {0}', patient.name),
    h(
      'p',
      { class: 'assessment-window' },
      t('Bedömningsperiod {0} – {1}.', longDate(assessment.windowStart), longDate(assessment.windowEnd)),
      ' ',
      assessment.meetsCareGuarantee ? t('Första besöket ryms inom vårdgarantin ({0}).', longDate(assessment.careGuaranteeDeadline)) : t('Första besöket ligger efter vårdgarantin ({0}).', longDate(assessment.careGuaranteeDeadline)),
      ' ',
      assessment.status === 'cancelled' ? h('strong', {}, t('Bedömningen är avbokad.')) : null,
    ),
    h(
      'table',
      { class: 'plan-visits' },
      h('caption', {}, t('Besöken')),
      h('thead', {}, h('tr', {}, [...HEADINGS(), t('Status'), t('Besök')].map((text) => h('th', { scope: 'col' }, text)))),
      h(
        'tbody',
        {},
        visits.map((visit) =>
          h(
            'tr',
            { class: `status-${visit.status}` },
            visitCells(visit, names),
            h('td', {}, STATUS(visit.status)),
            h('td', {}, h('a', { href: `#/visit/${visit.id}` }, t('Öppna besöket: {0}', PART(visit.part)))),
          ),
        ),
      ),
    ),
    h('p', {}, h('a', { href: `#/referral/${assessment.referralId}` }, t('Remissen')), ' · ', h('a', { href: '#/waitlist' }, t('Tillbaka till väntelistan'))),
  );
}
