// The patient's own visits in plain words: what is coming, what has been, whether the reminder has
// gone out, how to cancel, and a calendar link. Nothing here names another patient.
import { api, h, localWhen, session, show } from './dom.js';
import { labels, t } from './i18n.js';
import { VISIT_STATUS, visitText } from './episode.js';

const DAY_MS = 86_400_000;
const REMINDER = labels({ scheduled: 'Påminnelse skickas {0}', sent: 'Påminnelse skickad {0}', failed: 'Påminnelsen kunde inte skickas', cancelled: 'Påminnelsen är struken' });
const CHANNEL = labels({ sms: 'sms', email: 'e-post' });

export async function myVisitsView() {
  const now = new Date();
  const [past, upcoming, reminders, settings] = await Promise.all([
    api(`/me/appointments?from=${new Date(now.getTime() - 90 * DAY_MS).toISOString()}&to=${now.toISOString()}`),
    api('/me/appointments'),
    api('/me/reminders'),
    api(`/sites/${session.me.siteId}/settings`),
  ]);
  const reminderOf = (visit) => {
    const reminder = reminders.filter((r) => r.appointmentId === visit.id && r.purpose === 'reminder').at(-1);
    if (!reminder) return null;
    const when = reminder.status === 'sent' ? reminder.sentAt : reminder.dueAt;
    return h('span', { class: 'reminder' }, `${t(REMINDER(reminder.status), when ? localWhen(when) : '')} (${CHANNEL(reminder.channel)})`);
  };
  const item = (visit) =>
    h('li', {},
      h('strong', {}, visitText(visit)), ` ${localWhen(visit.start)}`, visit.room ? `, ${visit.room.name}` : '',
      visit.staff.length ? ` – ${visit.staff.map((s) => s.name).join(', ')}` : '',
      visit.status !== 'booked' ? [' ', h('span', { class: 'badge' }, VISIT_STATUS(visit.status))] : null,
      h('br'), reminderOf(visit));
  const feed = h('p', { 'aria-live': 'polite' });
  show(
    t('Mina besök'),
    h('h2', {}, t('Kommande besök')),
    upcoming.length ? h('ul', { class: 'visits' }, upcoming.map(item)) : h('p', {}, t('Inga bokade besök.')),
    h('h2', {}, t('Om du inte kan komma')),
    h('p', {}, settings.reminders.howToCancel),
    h('h2', {}, t('Tidigare besök')),
    past.length ? h('ul', { class: 'visits' }, past.map(item)) : h('p', {}, t('Inga tidigare besök.')),
    h('h2', {}, t('I din egen kalender')),
    h('button', {
      type: 'button',
      onclick: async () => {
        const { url } = await api(`/patients/${session.me.patientId}/calendar-feed`, { method: 'POST' });
        feed.replaceChildren(t('Prenumerera i din kalender: '), h('a', { href: url }, url));
      },
    }, t('Kalenderlänk')),
    feed,
  );
}
