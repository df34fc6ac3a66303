// The clinician's visits that have ended with someone's attendance still unrecorded, the oldest
// first: each patient is marked attended or did not come right here, and the week shows it.
import { api, h, localWhen, say, sayProblem, show } from './dom.js';
import { t } from './i18n.js';
import { KIND } from './episode.js';

let rows = 0;

export async function attendanceView() {
  const visits = await api('/worklists/unrecorded-visits');
  const list = h('ul', { class: 'awaiting' });
  const empty = () => h('p', { class: 'all-done' }, t('Inga besök väntar på närvaro. Bra jobbat!'));
  const heading = () => document.querySelector('main h1');

  const visitItem = (visit) => {
    // Filled in below; the rows' buttons find their visit's item through it.
    let item = null;
    const patientRow = (patient) => {
      const nameId = `awaiting-${++rows}`;
      const row = h('div', { class: 'awaiting-patient', role: 'group', 'aria-labelledby': nameId });
      const record = (participation) => async (event) => {
        const buttons = row.querySelectorAll('button');
        buttons.forEach((button) => (button.disabled = true));
        try {
          await api(`/appointments/${visit.appointmentId}/attendance`, { method: 'POST', body: { patientId: patient.id, participation } });
          say(t('Närvaron är registrerad: {0}, {1}.', patient.name, participation === 'attended' ? t('närvarande') : t('uteblev')));
          // The next row to record takes the focus, so a keyboard user goes on where they were.
          const next = row.nextElementSibling ?? item.nextElementSibling ?? item.previousElementSibling;
          row.remove();
          if (!item.querySelector('.awaiting-patient')) item.remove();
          if (!list.children.length) list.replaceWith(empty());
          (next?.querySelector('button') ?? heading())?.focus();
        } catch (problem) {
          buttons.forEach((button) => (button.disabled = false));
          sayProblem(problem);
          event.target.focus();
        }
      };
      row.append(
        h('span', { class: 'name', id: nameId }, patient.name),
        h('button', { type: 'button', onclick: record('attended') }, t('Närvarande')),
        h('button', { type: 'button', onclick: record('no_show') }, t('Uteblev')),
      );
      return row;
    };
    item = h('li', { class: 'awaiting-visit' },
      h('h2', {}, KIND(visit.kind)),
      h('p', {}, `${localWhen(visit.start)}–${visit.end.slice(11, 16)}`, visit.staff.length ? ` · ${visit.staff.map((s) => s.name).join(', ')}` : ''),
      visit.patients.map(patientRow),
      h('a', { href: '#/week', onclick: () => sessionStorage.setItem('week', visit.start.slice(0, 10)) }, t('Visa i min vecka')));
    return item;
  };

  list.append(...visits.map(visitItem));
  show(
    t('Att registrera'),
    h('p', {}, t('Besök som har ägt rum men där närvaron inte är registrerad, de äldsta först.')),
    visits.length ? list : empty(),
  );
}
