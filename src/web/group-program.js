// The group program builder: the coordinator previews a program's sessions in a calendar, with the
// closed days it skips, the make-up sessions and every conflict, books it when clean, then seats
// patients offered group rehabilitation.
import { api, calendarOptions, h, labelled, localWhen, problemsOf, problemText, say, session, show, siteClock } from './dom.js';
import { labels, t } from './i18n.js';

const WEEKDAY = labels({ 1: 'måndag', 2: 'tisdag', 3: 'onsdag', 4: 'torsdag', 5: 'fredag' });
const MODULES = ['basal_body_awareness', 'pain_physiology', 'act', 'dosed_training', 'everyday_balance', 'cbt_exercises'];
const MODULE = labels({
  basal_body_awareness: 'Basal kroppskännedom',
  pain_physiology: 'Smärtfysiologi',
  act: 'ACT',
  dosed_training: 'Doserad träning',
  everyday_balance: 'Vardagsbalans',
  cbt_exercises: 'KBT-övningar',
});
const MAKE_UP = labels({ after_last_session: 'efter sista träffen', same_week: 'samma vecka' });

export async function groupProgramView() {
  const [rooms, staff] = await Promise.all([api('/rooms'), api('/staff')]);
  const names = new Map(staff.map((member) => [member.id, member.name]));
  // The session plan starts as the service's default and is edited in the preview's table.
  const plan = { modules: null };
  const preview = h('section', { id: 'preview', 'aria-live': 'polite' });
  const form = h(
    'form',
    { class: 'program', onsubmit: async (event) => { event.preventDefault(); await previewProgram(form, preview, plan, names); } },
    h('label', {}, t('Namn'), h('input', { name: 'name', value: t('Grupp'), required: true })),
    h('label', {}, t('Första dag (ÅÅÅÅ-MM-DD)'), h('input', { name: 'startDate', required: true })),
    h('label', {}, t('Veckor'), h('input', { name: 'weeks', type: 'number', value: '8' })),
    h('fieldset', {}, h('legend', {}, t('Veckodagar')),
      [1, 2, 3, 4, 5].map((value) => h('label', {}, h('input', { type: 'checkbox', name: 'weekdays', value: String(value), checked: value === 2 || value === 4 }), ` ${WEEKDAY(value)}`))),
    h('label', {}, t('Starttid'), h('input', { name: 'startTime', value: '09:00' })),
    h('label', {}, t('Längd (minuter)'), h('input', { name: 'durationMinutes', type: 'number', value: '120' })),
    labelled(t('Rum'), h('select', { name: 'roomId' }, rooms.filter((room) => room.kind === 'group_room').map((room) => h('option', { value: room.id }, room.name)))),
    h('label', {}, t('Platser'), h('input', { name: 'capacity', type: 'number', value: '8' })),
    labelled(t('Ersättningsträff för stängd dag'), h('select', { name: 'makeUpPolicy' }, ['after_last_session', 'same_week'].map((policy) => h('option', { value: policy }, MAKE_UP(policy))))),
    h('button', { type: 'submit' }, t('Förhandsgranska')),
  );
  show(t('Nytt gruppprogram'), form, preview);
}

function programRequest(form, plan) {
  const data = new FormData(form);
  const weeks = Number(data.get('weeks'));
  const weekdays = data.getAll('weekdays').map(Number);
  return {
    siteId: session.me.siteId,
    name: data.get('name'),
    startDate: data.get('startDate'),
    weeks,
    weekdays,
    startTime: data.get('startTime'),
    durationMinutes: Number(data.get('durationMinutes')),
    roomId: data.get('roomId'),
    capacity: Number(data.get('capacity')),
    makeUpPolicy: data.get('makeUpPolicy'),
    // An edited plan holds while the number of sessions does; otherwise the default starts over.
    sessionPlan: plan.modules?.length === weeks * weekdays.length ? plan.modules : undefined,
  };
}

async function previewProgram(form, section, plan, names) {
  const request = programRequest(form, plan);
  let result;
  try {
    result = await api('/group-programs/preview', { method: 'POST', body: request });
  } catch (error) {
    // What was previewed stays, so an edit of the plan can be undone.
    section.querySelector('p.error')?.remove();
    section.prepend(h('p', { class: 'error', role: 'alert' }, problemText(error)));
    return;
  }
  plan.modules = [...result.sessions].sort((a, b) => a.number - b.number).map((s) => [...s.modules]);
  const calendarElement = h('div', { id: 'program-calendar' });
  const sessionText = (s) => (s.makeUp ? t('Ersättningsträff {0} (för {1})', s.number, s.replacesDate) : t('Träff {0}', s.number));
  const edited = h('p', { role: 'status' });
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
  const toggle = (number, module) => (event) => {
    const modules = plan.modules[number - 1];
    plan.modules[number - 1] = event.target.checked ? [...modules, module] : modules.filter((m) => m !== module);
    // Leaders and conflicts follow the plan: book only what was previewed.
    book.disabled = true;
    edited.textContent = t('Planen är ändrad: förhandsgranska igen för ledare och konflikter.');
  };
  const sessionRow = (s) =>
    h(
      'tr',
      { class: s.makeUp ? 'make-up' : null },
      h('th', { scope: 'row' }, sessionText(s)),
      h('td', {}, localWhen(s.start)),
      MODULES.map((module) =>
        h('td', {}, h('input', { type: 'checkbox', checked: s.modules.includes(module), 'aria-label': t('{0}: {1}', sessionText(s), MODULE(module)), onchange: toggle(s.number, module) })),
      ),
      h('td', {}, s.leaders.map((leader) => `${MODULE(leader.module)}: ${names.get(leader.staffId) ?? '–'}`).join('; ')),
    );
  section.replaceChildren(
    h('h2', {}, t('{0} träffar', result.sessions.length)),
    calendarElement,
    h(
      'table',
      { class: 'plan' },
      h('caption', {}, t('Träffplan: innehåll och ledare per träff')),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('Träff')), h('th', { scope: 'col' }, t('Tid')), MODULES.map((module) => h('th', { scope: 'col' }, MODULE(module))), h('th', { scope: 'col' }, t('Ledare')))),
      h('tbody', {}, result.sessions.map(sessionRow)),
    ),
    edited,
    h('h3', {}, t('Stängda dagar')),
    result.skipped.length ? h('ul', {}, result.skipped.map((d) => h('li', {}, `${d.date}: ${d.reason}`))) : h('p', {}, t('Inga.')),
    h('h3', {}, t('Konflikter')),
    result.conflicts.length ? h('ul', { class: 'error' }, result.conflicts.map((c) => h('li', {}, t('Träff {0} {1}: {2}', c.sessionNumber, c.date, c.problem)))) : h('p', {}, t('Inga – programmet kan bokas.')),
    book,
  );
  new window.FullCalendar.Calendar(calendarElement, {
    ...calendarOptions(calendarElement),
    // Every month the program touches at once, so no session hides behind a page turn.
    initialView: 'programMonths',
    views: { programMonths: { type: 'multiMonth', duration: { months: monthsSpanned(result.sessions) }, multiMonthMaxColumns: 3 } },
    initialDate: `${request.startDate.slice(0, 7)}-01`,
    height: 'auto',
    events: [
      ...result.sessions.map((s) => ({ title: sessionText(s), start: siteClock(s.start), end: siteClock(s.end), classNames: [s.makeUp ? 'kind-make-up' : 'kind-group_session'] })),
      ...result.skipped.map((d) => ({ title: d.reason, start: d.date, allDay: true, display: 'background', classNames: ['closed-day'] })),
      ...result.conflicts.map((c) => ({ title: t('Konflikt: {0}', c.problem), start: c.date, allDay: true, classNames: ['conflict'] })),
    ],
  }).render();
}

function monthsSpanned(sessions) {
  const month = (iso) => Number(iso.slice(0, 4)) * 12 + Number(iso.slice(5, 7));
  const months = sessions.map((s) => month(s.start));
  return Math.max(...months) - Math.min(...months) + 1;
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
          outcome.append(h('li', { class: 'error' }, `${name}: ${problemsOf(error)[0].problem}`));
        }
      },
    },
    h('label', { for: 'enroll-patient' }, t('Patient')),
    h('select', { id: 'enroll-patient', name: 'patientId' }, patients.map((p) => h('option', { value: p.id }, p.name))),
    h('button', { type: 'submit' }, t('Skriv in')),
  );
  return h('section', {}, h('h2', {}, t('Skriv in deltagare ({0} platser)', capacity)), form, outcome);
}
