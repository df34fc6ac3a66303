// The week calendar: a clinician's own, or the whole team's for the coordinator (one discipline at a
// time if they like), in the site's time; absences shaded; a click (or Enter) on a visit opens it,
// and from there the clinician records attendance.
import { api, calendarOptions, h, labelled, localWhen, say, session, show, siteClock } from './dom.js';
import { labels, t } from './i18n.js';
import { KIND, VISIT_STATUS, visitText } from './episode.js';

export const DISCIPLINE = labels({
  nurse: 'Sjuksköterska',
  physician: 'Läkare',
  physiotherapist: 'Fysioterapeut',
  psychologist: 'Psykolog',
  occupational_therapist: 'Arbetsterapeut',
});
const DAY_MS = 86_400_000;

export async function weekView() {
  const me = session.me;
  const own = Boolean(me.staffId);
  const calendarElement = h('div', { id: 'calendar' });
  const details = h('dialog', { id: 'details', 'aria-labelledby': 'details-title' });
  const feed = h('p', { id: 'feed', 'aria-live': 'polite' });
  const discipline = h('select', { id: 'discipline', onchange: () => calendar.refetchEvents() },
    h('option', { value: '' }, t('Hela teamet')),
    ['nurse', 'physician', 'physiotherapist', 'psychologist', 'occupational_therapist'].map((code) => h('option', { value: code }, DISCIPLINE(code))));
  const subscribe = own
    ? h('button', {
        type: 'button',
        onclick: async () => {
          const { url } = await api(`/staff/${me.staffId}/calendar-feed`, { method: 'POST' });
          feed.replaceChildren(t('Prenumerera i din kalender: '), h('a', { href: url }, url));
        },
      }, t('Kalenderlänk'))
    : labelled(t('Visa'), discipline);
  show(own ? t('Min vecka') : t('Teamets vecka'), h('div', { class: 'toolbar' }, subscribe, legend()), feed, calendarElement, details);
  const calendar = new window.FullCalendar.Calendar(calendarElement, {
    ...calendarOptions(calendarElement),
    initialView: 'timeGridWeek',
    initialDate: sessionStorage.getItem('week') ?? undefined,
    height: 'auto',
    slotMinTime: '07:00:00',
    slotMaxTime: '18:00:00',
    allDaySlot: false,
    headerToolbar: { left: 'prev,next today', center: 'title', right: 'timeGridWeek,timeGridDay' },
    events: async ({ start, end }) => {
      // The calendar's dates are the site's clock read as UTC; a day either side covers any offset.
      const range = `from=${new Date(start.getTime() - DAY_MS).toISOString()}&to=${new Date(end.getTime() + DAY_MS).toISOString()}`;
      const data = own
        ? await api(`/staff/${me.staffId}/calendar?${range}`)
        : await api(`/sites/${me.siteId}/calendar?${range}${discipline.value ? `&discipline=${discipline.value}` : ''}`);
      const names = new Map([].concat(data.staff).map((s) => [s.id, s.name]));
      return [
        ...data.appointments.map((a) => ({
          id: a.id,
          title: eventTitle(a, own),
          start: siteClock(a.start),
          end: siteClock(a.end),
          classNames: [`kind-${a.kind}`, `status-${a.status}`],
          extendedProps: { appointment: a },
        })),
        ...data.absences.map((a) => ({ start: siteClock(a.start), end: siteClock(a.end), display: 'background', title: t('Frånvaro: {0}', names.get(a.staffId) ?? ''), classNames: ['absence'] })),
      ];
    },
    eventClick: ({ event }) => event.extendedProps.appointment && showDetails(details, event.extendedProps.appointment, () => calendar.refetchEvents()),
  });
  calendar.render();
}

/** The visit, its patients as the API lets this viewer see them, and in the team view who takes it. */
function eventTitle(appointment, own) {
  // A group's names would fill the box; the dialog lists them.
  const patients = appointment.patients.length > 2 ? t('{0} deltagare', appointment.patients.length) : appointment.patients.map((p) => p.name ?? p.initials).join(', ');
  const staff = own ? '' : ` (${appointment.staff.map((s) => s.name).join(', ')})`;
  return `${visitText(appointment)}${patients ? ` – ${patients}` : ''}${staff}`;
}

function legend() {
  return h('ul', { class: 'legend', 'aria-label': t('Färger') },
    ['assessment_visit', 'feedback_conversation', 'group_session', 'individual_visit', 'follow_up_visit'].map((kind) => h('li', { class: `kind-${kind}` }, KIND(kind))),
    h('li', { class: 'absence' }, t('Frånvaro')));
}

function showDetails(dialog, appointment, refresh) {
  const record = (patientId, participation) => async () => {
    await api(`/appointments/${appointment.id}/attendance`, { method: 'POST', body: { patientId, participation } });
    dialog.close();
    say(t('Närvaron är registrerad.'));
    refresh();
  };
  const started = Date.parse(appointment.start) <= Date.now();
  dialog.replaceChildren(
    h('h2', { id: 'details-title' }, visitText(appointment)),
    h('p', {}, `${localWhen(appointment.start)}–${appointment.end.slice(11, 16)}${appointment.room ? `, ${appointment.room.name}` : ''}`),
    h('p', {}, t('Status: {0}', VISIT_STATUS(appointment.status))),
    h('p', {}, appointment.staff.map((s) => s.name).join(', ')),
    h('ul', {}, appointment.patients.map((p) =>
      h('li', {}, p.name ?? p.initials,
        started && appointment.status !== 'cancelled'
          ? [' ', h('button', { type: 'button', onclick: record(p.id, 'attended') }, t('Närvarande')), ' ', h('button', { type: 'button', onclick: record(p.id, 'no_show') }, t('Uteblev'))]
          : null),
    )),
    h('button', { type: 'button', onclick: () => dialog.close() }, t('Stäng')),
  );
  dialog.showModal();
}
