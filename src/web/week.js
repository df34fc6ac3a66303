// The clinician's own week, in the site's time: their visits (attended and no-show ones marked),
// their absences shaded, how many visits still await attendance, and the calendar subscription. A
// click (or Enter) on a visit opens it (visit.js), and from there the clinician records attendance;
// the calendar shows it at once. The team's schedule is #/schedule.
import { api, calendarOptions, h, say, sayProblem, session, show, siteClock } from './dom.js';
import { openVisit } from './visit.js';
import { t } from './i18n.js';
import { KIND, VISIT_STATUS, visitText } from './episode.js';

const DAY_MS = 86_400_000;

export async function weekView() {
  const me = session.me;
  if (!me.staffId) {
    // Only staff members have a week of their own; the coordinator's is the team's.
    location.hash = '#/schedule';
    return;
  }
  const calendarElement = h('div', { id: 'calendar' });
  const awaiting = h('p', { class: 'awaiting-count' });
  show(
    t('Min vecka'),
    awaiting,
    h('div', { class: 'toolbar' }, legend()),
    calendarElement,
    calendarSubscription(`/staff/${me.staffId}/calendar-feed`),
  );
  const countAwaiting = async () => {
    const visits = await api('/worklists/unrecorded-visits').catch(() => null);
    awaiting.replaceChildren(
      visits?.length ? h('a', { href: '#/attendance' }, t('{0} besök väntar på att du registrerar närvaro', visits.length)) : visits ? t('Alla dina besök har registrerad närvaro.') : null,
    );
  };
  void countAwaiting();
  const calendar = new window.FullCalendar.Calendar(calendarElement, {
    ...calendarOptions(calendarElement),
    initialView: 'timeGridWeek',
    initialDate: sessionStorage.getItem('week') ?? undefined,
    height: 'auto',
    slotMinTime: '07:00:00',
    slotMaxTime: '18:00:00',
    allDaySlot: false,
    // The unit is closed at weekends: five wide days rather than seven narrow ones.
    weekends: false,
    headerToolbar: { left: 'prev,next today', center: 'title', right: 'timeGridWeek,timeGridDay' },
    events: async ({ start, end }) => {
      // The calendar's dates are the site's clock read as UTC; a day either side covers any offset.
      const range = `from=${new Date(start.getTime() - DAY_MS).toISOString()}&to=${new Date(end.getTime() + DAY_MS).toISOString()}`;
      const data = await api(`/staff/${me.staffId}/calendar?${range}`);
      return [
        ...data.appointments.map((a) => ({
          id: a.id,
          title: eventTitle(a),
          start: siteClock(a.start),
          end: siteClock(a.end),
          classNames: [`kind-${a.kind}`, `status-${a.status}`, awaitingAttendance(a) ? 'awaiting-attendance' : null].filter(Boolean),
          extendedProps: { appointment: a },
        })),
        ...data.absences.map((a) => ({ start: siteClock(a.start), end: siteClock(a.end), display: 'background', title: t('Frånvaro'), classNames: ['absence'] })),
      ];
    },
    eventClick: ({ event }) =>
      event.extendedProps.appointment &&
      openVisit(event.extendedProps.appointment, {
        onChange: () => {
          calendar.refetchEvents();
          void countAwaiting();
        },
      }),
  });
  calendar.render();
}

/** The visit and its patients as the API lets this clinician see them; attended and no-show visits say so. */
function eventTitle(appointment) {
  // A group's names would fill the box; the dialog lists them.
  const patients = appointment.patients.length > 2 ? t('{0} deltagare', appointment.patients.length) : appointment.patients.map((p) => p.name ?? p.initials).join(', ');
  const mark = appointment.status === 'attended' ? '✓ ' : appointment.status === 'no_show' ? '✗ ' : '';
  const status = awaitingAttendance(appointment) ? ` (${t('närvaro saknas')})` : appointment.status === 'booked' ? '' : ` (${VISIT_STATUS(appointment.status)})`;
  return `${mark}${visitText(appointment)}${patients ? ` – ${patients}` : ''}${status}`;
}

/** Over, and still booked: nobody has recorded whether the patients came. */
const awaitingAttendance = (appointment) => appointment.status === 'booked' && Date.parse(appointment.end) <= Date.now();

function legend() {
  return h('ul', { class: 'legend', 'aria-label': t('Färger') },
    ['assessment_visit', 'feedback_conversation', 'group_session', 'individual_visit', 'follow_up_visit'].map((kind) => h('li', { class: `kind-${kind}` }, KIND(kind))),
    h('li', { class: 'status-attended' }, `✓ ${VISIT_STATUS('attended')}`),
    h('li', { class: 'status-no_show' }, `✗ ${VISIT_STATUS('no_show')}`),
    h('li', { class: 'awaiting-attendance' }, t('närvaro saknas')),
    h('li', { class: 'absence' }, t('Frånvaro')));
}

let subscriptions = 0;

/**
 * The calendar subscription of a staff member or a patient (`feedPath`: POST makes a new address,
 * which stops the old one): the address to copy, a webcal:// link that opens the calendar app, and
 * how to add it in Outlook, Google and Apple. The address is a secret, so it is made only when asked.
 */
export function calendarSubscription(feedPath) {
  const id = `subscription-${++subscriptions}`;
  const panel = h('div', { class: 'subscription-panel', id: `${id}-panel` });
  const make = h('button', {
    type: 'button',
    onclick: async () => {
      try {
        const { url } = await api(feedPath, { method: 'POST' });
        panel.replaceChildren(...subscriptionSteps(url, id));
        make.textContent = t('Skapa en ny adress');
        panel.querySelector('input').focus();
      } catch (problem) {
        sayProblem(problem);
      }
    },
  }, t('Visa kalenderadressen'));
  return h('section', { class: 'subscription', 'aria-labelledby': `${id}-title` },
    h('h2', { id: `${id}-title` }, t('Prenumerera i din egen kalender')),
    h('p', {}, t('Besöken syns i kalendern i din telefon eller dator och uppdateras av sig själva när något ändras.')),
    make,
    panel);
}

function subscriptionSteps(url, id) {
  const address = h('input', { id: `${id}-url`, type: 'text', readonly: true, value: url, spellcheck: 'false' });
  const webcal = url.replace(/^https?:/, 'webcal:');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      say(t('Adressen är kopierad. Klistra in den i din kalender.'));
    } catch {
      // No clipboard (an insecure page, or refused): the address is selected for the user to copy.
      address.select();
      say(t('Adressen är markerad: kopiera den med Ctrl+C (⌘+C på Mac).'));
    }
  };
  return [
    h('div', { class: 'field' }, h('label', { for: address.id }, t('Kalenderadress')), address),
    h('p', { class: 'hint' }, t('Adressen är personlig: dela den inte med någon. En ny adress gör den förra ogiltig.')),
    h('div', { class: 'subscription-actions' },
      h('button', { type: 'button', onclick: copy }, t('Kopiera adressen')),
      h('a', { href: webcal, class: 'button-link' }, t('Öppna i kalenderappen'))),
    h('h3', {}, t('Så lägger du till kalendern')),
    h('ul', { class: 'how-to' },
      h('li', {}, h('strong', {}, 'Outlook: '), t('Kalender → Lägg till kalender → Prenumerera från webben. Klistra in adressen, ge kalendern ett namn och välj Importera.')),
      h('li', {}, h('strong', {}, 'Google: '), t('Öppna Google Kalender på en dator → Andra kalendrar → + → Från webbadress. Klistra in adressen och välj Lägg till kalender. Den syns sedan också i telefonen.')),
      h('li', {}, h('strong', {}, 'Apple: '), t('Tryck på Öppna i kalenderappen på iPhone, iPad eller Mac och välj Prenumerera. Eller: Inställningar → Kalender → Konton → Lägg till konto → Annat → Lägg till prenumererad kalender.'))),
    h('p', { class: 'hint' }, t('Kalenderappen hämtar ändringar några gånger om dagen; Google ibland bara en gång per dygn.')),
  ];
}
