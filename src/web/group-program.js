// The group program builder: the coordinator previews a program's sessions in a calendar, with the
// closed days it skips, the make-up sessions and every conflict, books it when clean, then seats
// patients offered group rehabilitation.
import { api, calendarOptions, clearProblems, h, labelled, localWhen, longDate, say, session, show, showProblems, siteClock } from './dom.js';
import { labels, t } from './i18n.js';

export const WEEKDAY = labels({ 1: 'måndag', 2: 'tisdag', 3: 'onsdag', 4: 'torsdag', 5: 'fredag' });
const MODULES = ['basal_body_awareness', 'pain_physiology', 'act', 'dosed_training', 'everyday_balance', 'cbt_exercises'];
export const MODULE = labels({
  basal_body_awareness: 'Basal kroppskännedom',
  pain_physiology: 'Smärtfysiologi',
  act: 'ACT',
  dosed_training: 'Doserad träning',
  everyday_balance: 'Vardagsbalans',
  cbt_exercises: 'KBT-övningar',
});
const MAKE_UP = labels({ after_last_session: 'efter sista träffen', same_week: 'samma vecka' });

export async function groupProgramView() {
  const siteId = session.siteId;
  const [rooms, staff] = await Promise.all([api(`/rooms?siteId=${siteId}`), api(`/staff?siteId=${siteId}`)]);
  const names = siteNames(rooms, staff);
  // The session plan starts as the service's default and is edited in the preview's table.
  const plan = { modules: null };
  const preview = h('section', { id: 'preview', 'aria-live': 'polite' });
  const form = h(
    'form',
    { class: 'program', onsubmit: async (event) => { event.preventDefault(); await previewProgram(form, preview, plan, names); } },
    labelled(t('Namn'), h('input', { name: 'name', value: t('Grupp'), required: true })),
    labelled(t('Första dag (ÅÅÅÅ-MM-DD)'), h('input', { name: 'startDate', required: true })),
    labelled(t('Veckor'), h('input', { name: 'weeks', type: 'number', value: '8' })),
    h('fieldset', {}, h('legend', {}, t('Veckodagar')),
      [1, 2, 3, 4, 5].map((value) => h('label', {}, h('input', { type: 'checkbox', name: 'weekdays', value: String(value), checked: value === 2 || value === 4 }), ` ${WEEKDAY(value)}`))),
    labelled(t('Starttid'), h('input', { name: 'startTime', value: '09:00' })),
    labelled(t('Längd (minuter)'), h('input', { name: 'durationMinutes', type: 'number', value: '120' })),
    labelled(t('Rum'), h('select', { name: 'roomId' }, rooms.filter((room) => room.kind === 'group_room').map((room) => h('option', { value: room.id }, room.name)))),
    labelled(t('Platser'), h('input', { name: 'capacity', type: 'number', value: '8' })),
    labelled(t('Ersättningsträff för stängd dag'), h('select', { name: 'makeUpPolicy' }, ['after_last_session', 'same_week'].map((policy) => h('option', { value: policy }, MAKE_UP(policy))))),
    h('button', { type: 'submit' }, t('Förhandsgranska')),
  );
  show(t('Nytt gruppprogram'), h('p', {}, h('a', { href: '#/group-programs' }, t('Alla gruppprogram'))), form, legend(), preview);
}

/** Rooms' and staff members' names by id, so no screen shows an id. */
export function siteNames(rooms, staff) {
  return { room: new Map(rooms.map((room) => [room.id, room.name])), staff: new Map(staff.map((member) => [member.id, member.name])) };
}

/** What the calendar's colours and marks mean. */
export function legend() {
  const item = (swatch, text) => h('li', {}, h('span', { class: `swatch ${swatch}`, 'aria-hidden': 'true' }), text);
  return h(
    'section',
    { class: 'program-legend', 'aria-labelledby': 'legend-title' },
    h('h2', { id: 'legend-title' }, t('Teckenförklaring')),
    h(
      'ul',
      {},
      item('swatch-session', t('Träff: en av programmets ordinarie träffar.')),
      item('swatch-make-up', t('Ersättningsträff: ersätter en träff som föll på en stängd dag, så att gruppen ändå får alla träffar.')),
      item('swatch-closed', t('Stängd dag: helgdag eller dag då enheten har stängt. Ingen träff hålls då.')),
      item('swatch-conflict', t('Konflikt: rummet eller en ledare är inte ledig, eller ingen ledare finns.')),
    ),
  );
}

/** "tisdag 13 april 2027 kl. 09:00–11:00". */
const sessionWhen = (s) => t('{0} kl. {1}–{2}', longDate(s.start.slice(0, 10)), s.start.slice(11, 16), s.end.slice(11, 16));

/**
 * Each conflict in words: the session and its time, the room or the person by name, and what is in
 * their way (the visit or group session holding the room or the leader, or the absence), looked up
 * in their calendars for the session's time. The program's own sessions are not in its way.
 */
export async function conflictTexts(conflicts, sessions, names, programId) {
  const byNumber = new Map(sessions.map((s) => [s.number, s]));
  const calendars = new Map();
  const calendar = (path) => {
    if (!calendars.has(path)) calendars.set(path, api(path).catch(() => null));
    return calendars.get(path);
  };
  const entryName = (entry) => (entry.groupProgram ? t('{0} (träff {1})', entry.groupProgram.name, entry.groupProgram.sessionNumber) : entry.label);
  return Promise.all(
    conflicts.map(async (c) => {
      const s = byNumber.get(c.sessionNumber);
      const when = s ? sessionWhen(s) : longDate(c.date);
      const window = s ? `from=${encodeURIComponent(s.start)}&to=${encodeURIComponent(s.end)}` : '';
      const inTheWay = async (path) => {
        if (!s) return '';
        const found = await calendar(`${path}?${window}`);
        const entries = (found?.appointments ?? []).filter((entry) => entry.status === 'booked' && entry.groupProgram?.id !== programId && entry.start < s.end && entry.end > s.start);
        return [...new Set(entries.map(entryName))].join(', ');
      };
      const person = names.staff.get(c.staffId) ?? t('en ledare');
      const module = c.module ? MODULE(c.module) : '';
      switch (c.kind) {
        case 'room_busy': {
          const room = names.room.get(c.roomId) ?? t('rummet');
          const what = await inTheWay(`/rooms/${c.roomId}/calendar`);
          return what ? t('Träff {0}, {1}: {2} är upptaget av {3}.', c.sessionNumber, when, room, what) : t('Träff {0}, {1}: {2} är upptaget.', c.sessionNumber, when, room);
        }
        case 'staff_busy': {
          const what = await inTheWay(`/staff/${c.staffId}/calendar`);
          return what ? t('Träff {0}, {1}: {2} ({3}) är upptagen av {4}.', c.sessionNumber, when, person, module, what) : t('Träff {0}, {1}: {2} ({3}) är upptagen.', c.sessionNumber, when, person, module);
        }
        case 'staff_absent': {
          const found = s ? await calendar(`/staff/${c.staffId}/calendar?${window}`) : null;
          const reason = (found?.absences ?? []).find((a) => a.start < s.end && a.end > s.start)?.reason;
          return reason ? t('Träff {0}, {1}: {2} ({3}) är frånvarande: {4}.', c.sessionNumber, when, person, module, reason) : t('Träff {0}, {1}: {2} ({3}) är frånvarande.', c.sessionNumber, when, person, module);
        }
        case 'staff_not_working':
          return t('Träff {0}, {1}: {2} ({3}) arbetar inte då.', c.sessionNumber, when, person, module);
        default:
          return t('Träff {0}, {1}: ingen ledare för {2} är ledig.', c.sessionNumber, when, module);
      }
    }),
  );
}

function programRequest(form, plan) {
  const data = new FormData(form);
  const weeks = Number(data.get('weeks'));
  const weekdays = data.getAll('weekdays').map(Number);
  return {
    siteId: session.siteId,
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
    showProblems(form, error);
    return;
  }
  clearProblems(form);
  const conflictLines = await conflictTexts(result.conflicts, result.sessions, names);
  plan.modules = [...result.sessions].sort((a, b) => a.number - b.number).map((s) => [...s.modules]);
  const calendarElement = h('div', { id: 'program-calendar' });
  const sessionText = (s) => (s.makeUp ? t('Ersättningsträff {0} (för {1})', s.number, s.replacesDate) : t('Träff {0}', s.number));
  const edited = h('p', { role: 'status' });
  const book = h('button', {
    type: 'button',
    disabled: result.conflicts.length > 0,
    onclick: async () => {
      book.disabled = true;
      try {
        const program = await api('/group-programs', { method: 'POST', body: request });
        // Its page, where its patients are seated; the live region keeps the confirmation.
        location.hash = `#/group-program/${program.id}`;
        say(t('Programmet är bokat med {0} träffar.', program.sessions.length));
      } catch (error) {
        book.disabled = false;
        showProblems(form, error);
      }
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
      h('td', {}, s.leaders.map((leader) => `${MODULE(leader.module)}: ${names.staff.get(leader.staffId) ?? '–'}`).join('; ')),
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
    result.conflicts.length ? h('ul', { class: 'error conflicts' }, conflictLines.map((line) => h('li', {}, line))) : h('p', {}, t('Inga – programmet kan bokas.')),
    book,
  );
  new window.FullCalendar.Calendar(calendarElement, {
    ...calendarOptions(calendarElement),
    // Every month the program touches at once, so no session hides behind a page turn.
    initialView: 'programMonths',
    views: { programMonths: { type: 'multiMonth', duration: { months: monthsSpanned(result.sessions) }, multiMonthMaxColumns: 3, dayMaxEvents: false, dayMaxEventRows: false } },
    initialDate: `${request.startDate.slice(0, 7)}-01`,
    height: 'auto',
    // Every event of a day shows: no "+2 more" popover to hunt in.
    dayMaxEvents: false,
    dayMaxEventRows: false,
    events: [
      ...result.sessions.map((s) => ({ title: sessionText(s), start: siteClock(s.start), end: siteClock(s.end), classNames: [s.makeUp ? 'kind-make-up' : 'kind-group_session'] })),
      ...result.skipped.map((d) => ({ title: d.reason, start: d.date, allDay: true, display: 'background', classNames: ['closed-day'] })),
      // One mark a session, however many conflicts it has: the list under the calendar says them all.
      ...[...new Map(result.conflicts.map((c) => [c.sessionNumber, c])).values()].map((c) => ({ title: t('Konflikt: träff {0}', c.sessionNumber), start: c.date, allDay: true, classNames: ['conflict'] })),
    ],
  }).render();
}

function monthsSpanned(sessions) {
  const month = (iso) => Number(iso.slice(0, 4)) * 12 + Number(iso.slice(5, 7));
  const months = sessions.map((s) => month(s.start));
  return Math.max(...months) - Math.min(...months) + 1;
}
