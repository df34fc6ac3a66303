// The group program builder: the coordinator previews a program's sessions in a calendar, with the
// closed days it skips, the make-up sessions and every conflict, books it when clean, then seats
// patients offered group rehabilitation.
import { api, calendarOptions, h, labelled, localWhen, problemText, say, session, show, siteClock } from './dom.js';
import { labels, t } from './i18n.js';

const WEEKDAY = labels({ 1: 'måndag', 2: 'tisdag', 3: 'onsdag', 4: 'torsdag', 5: 'fredag' });

export async function groupProgramView() {
  const rooms = (await api('/rooms')).filter((room) => room.kind === 'group_room');
  const preview = h('section', { id: 'preview', 'aria-live': 'polite' });
  const form = h(
    'form',
    { class: 'referral', onsubmit: async (event) => { event.preventDefault(); await previewProgram(form, preview); } },
    h('label', {}, t('Namn'), h('input', { name: 'name', value: t('Grupp'), required: true })),
    h('label', {}, t('Första dag (ÅÅÅÅ-MM-DD)'), h('input', { name: 'startDate', required: true })),
    h('label', {}, t('Veckor'), h('input', { name: 'weeks', type: 'number', value: '8' })),
    h('fieldset', {}, h('legend', {}, t('Veckodagar')),
      [1, 2, 3, 4, 5].map((value) => h('label', {}, h('input', { type: 'checkbox', name: 'weekdays', value: String(value), checked: value === 2 || value === 4 }), ` ${WEEKDAY(value)}`))),
    h('label', {}, t('Starttid'), h('input', { name: 'startTime', value: '09:00' })),
    h('label', {}, t('Längd (minuter)'), h('input', { name: 'durationMinutes', type: 'number', value: '120' })),
    labelled(t('Rum'), h('select', { name: 'roomId' }, rooms.map((room) => h('option', { value: room.id }, room.name)))),
    h('label', {}, t('Platser'), h('input', { name: 'capacity', type: 'number', value: '8' })),
    h('button', { type: 'submit' }, t('Förhandsgranska')),
  );
  show(t('Nytt gruppprogram'), form, preview);
}

function programRequest(form) {
  const data = new FormData(form);
  return {
    siteId: session.me.siteId,
    name: data.get('name'),
    startDate: data.get('startDate'),
    weeks: Number(data.get('weeks')),
    weekdays: data.getAll('weekdays').map(Number),
    startTime: data.get('startTime'),
    durationMinutes: Number(data.get('durationMinutes')),
    roomId: data.get('roomId'),
    capacity: Number(data.get('capacity')),
  };
}

async function previewProgram(form, section) {
  const request = programRequest(form);
  let result;
  try {
    result = await api('/group-programs/preview', { method: 'POST', body: request });
  } catch (error) {
    section.replaceChildren(h('p', { class: 'error' }, problemText(error)));
    return;
  }
  const calendarElement = h('div', { id: 'program-calendar' });
  const sessionText = (s) => (s.makeUp ? t('Ersättningsträff {0} (för {1})', s.number, s.replacesDate) : t('Träff {0}', s.number));
  const book = h('button', {
    type: 'button',
    disabled: result.conflicts.length > 0,
    onclick: async () => {
      const program = await api('/group-programs', { method: 'POST', body: request });
      book.disabled = true;
      section.append(await enrollmentForm(program, request.capacity));
      say(t('Programmet är bokat med {0} träffar.', program.sessions.length));
    },
  }, t('Boka programmet'));
  section.replaceChildren(
    h('h2', {}, t('{0} träffar', result.sessions.length)),
    calendarElement,
    h('h3', {}, t('Träffar')),
    h('ul', {}, result.sessions.map((s) => h('li', { class: s.makeUp ? 'make-up' : null }, `${sessionText(s)}: ${localWhen(s.start)}`))),
    h('h3', {}, t('Stängda dagar')),
    result.skipped.length ? h('ul', {}, result.skipped.map((d) => h('li', {}, `${d.date}: ${d.reason}`))) : h('p', {}, t('Inga.')),
    h('h3', {}, t('Konflikter')),
    result.conflicts.length ? h('ul', { class: 'error' }, result.conflicts.map((c) => h('li', {}, t('Träff {0} {1}: {2}', c.sessionNumber, c.date, c.problem)))) : h('p', {}, t('Inga – programmet kan bokas.')),
    book,
  );
  new window.FullCalendar.Calendar(calendarElement, {
    ...calendarOptions(calendarElement),
    initialView: 'dayGridMonth',
    initialDate: request.startDate,
    height: 'auto',
    events: [
      ...result.sessions.map((s) => ({ title: sessionText(s), start: siteClock(s.start), end: siteClock(s.end), classNames: [s.makeUp ? 'kind-make-up' : 'kind-group_session'] })),
      ...result.skipped.map((d) => ({ title: d.reason, start: d.date, allDay: true, display: 'background' })),
      ...result.conflicts.map((c) => ({ title: t('Konflikt: {0}', c.problem), start: c.date, allDay: true, classNames: ['conflict'] })),
    ],
  }).render();
}

/** Seats patients offered group rehabilitation, up to the capacity; the rest wait on the program's list. */
async function enrollmentForm(program, capacity) {
  const patients = await api('/patients');
  const outcome = h('ul', { id: 'enrolled' });
  const form = h(
    'form',
    {
      onsubmit: async (event) => {
        event.preventDefault();
        const patientId = new FormData(form).get('patientId');
        const name = patients.find((p) => p.id === patientId)?.name;
        try {
          const result = await api(`/group-programs/${program.id}/enrollments`, { method: 'POST', body: { patientId } });
          outcome.append(h('li', {}, `${name}: ${result.status === 'enrolled' ? t('inskriven') : t('på väntelistan')}`));
        } catch (error) {
          outcome.append(h('li', { class: 'error' }, `${name}: ${error.data?.details?.[0]?.problem ?? error.message}`));
        }
      },
    },
    h('label', { for: 'enroll-patient' }, t('Patient')),
    h('select', { id: 'enroll-patient', name: 'patientId' }, patients.map((p) => h('option', { value: p.id }, p.name))),
    h('button', { type: 'submit' }, t('Skriv in')),
  );
  return h('section', {}, h('h2', {}, t('Skriv in deltagare ({0} platser)', capacity)), form, outcome);
}
