// The patient's own visits, phone first: the next visit on top with where (the unit, room, address),
// the unit's phone, how long, and which program; cancelling it while the site's rule allows (saying
// until when) or asking for another time (or saying when they asked); then the visits after it, the
// past ones, and the calendar subscription. Nothing here names another patient.
import { api, h, localWhen, longDate, say, sayProblem, session, show } from './dom.js';
import { labels, t } from './i18n.js';
import { PHASE, VISIT_STATUS, visitText } from './episode.js';
import { calendarSubscription } from './week.js';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const REMINDER = labels({ scheduled: 'Påminnelse skickas {0}', sent: 'Påminnelse skickad {0}', failed: 'Påminnelsen kunde inte skickas', cancelled: 'Påminnelsen är struken' });
const CHANNEL = labels({ sms: 'sms', email: 'e-post' });

let forms = 0;

export async function myVisitsView() {
  const now = Date.now();
  const [recent, coming, reminders, settings, sites] = await Promise.all([
    api(`/me/appointments?from=${new Date(now - 90 * DAY_MS).toISOString()}&to=${new Date(now).toISOString()}`),
    api('/me/appointments'),
    api('/me/reminders'),
    api(`/sites/${session.siteId}/settings`),
    api('/sites').catch(() => []),
  ]);
  const unit = sites.find((site) => site.id === session.siteId)?.name ?? null;
  const past = recent.filter((visit) => Date.parse(visit.end) <= now);
  const upcoming = coming.filter((visit) => Date.parse(visit.end) > now);
  const next = upcoming.find((visit) => visit.status === 'booked');
  const later = upcoming.filter((visit) => visit !== next);
  const phone = next?.selfService?.unitPhone ?? upcoming[0]?.selfService?.unitPhone ?? settings.patientService?.phone ?? null;
  const dialog = h('dialog', { id: 'cancel-visit', 'aria-labelledby': 'cancel-visit-title' });

  const reminderOf = (visit) => {
    const reminder = reminders.filter((r) => r.appointmentId === visit.id && r.purpose === 'reminder').at(-1);
    if (!reminder || visit.status !== 'booked') return null;
    const when = reminder.status === 'sent' ? reminder.sentAt : reminder.dueAt;
    return h('p', { class: 'reminder' }, `${t(REMINDER(reminder.status), when ? localWhen(when) : '')} (${CHANNEL(reminder.channel)})`);
  };
  const actions = (visit) => (visit.status === 'booked' && Date.parse(visit.start) > now ? visitActions(visit, phone, dialog) : null);

  const nextCard = next
    ? h('section', { class: 'next-visit', 'aria-labelledby': 'next-title' },
        h('h2', { id: 'next-title' }, t('Nästa besök')),
        h('p', { class: 'next-when' }, capitalised(longDate(next.start.slice(0, 10))), h('br'), h('strong', {}, t('kl. {0}–{1}', next.start.slice(11, 16), next.end.slice(11, 16)))),
        h('p', { class: 'next-what' }, visitText(next)),
        h('dl', { class: 'facts' },
          fact(t('Längd'), length(next)),
          fact(t('Slutar'), t('kl. {0}', next.end.slice(11, 16))),
          fact(t('Program'), programOf(next)),
          fact(t('Plats'), [unit, next.room?.name].filter(Boolean).join(', ') || null),
          fact(t('Adress'), next.selfService?.unitAddress ?? null),
          fact(t('Telefon'), phone ? h('a', { href: `tel:${phone.replace(/[^\d+]/g, '')}` }, phone) : null),
          fact(t('Du träffar'), next.staff.map((s) => s.name).join(', ') || null)),
        reminderOf(next),
        actions(next))
    : h('p', {}, t('Inga bokade besök.'));

  const item = (visit) =>
    h('li', { class: `visit status-${visit.status}` },
      h('p', { class: 'visit-title' }, h('strong', {}, visitText(visit)), visit.status !== 'booked' ? [' ', h('span', { class: 'badge' }, VISIT_STATUS(visit.status))] : null),
      h('p', {}, `${localWhen(visit.start)}–${visit.end.slice(11, 16)}`, ` (${length(visit)})`),
      h('p', {}, [programOf(visit), visit.room?.name, visit.staff.map((s) => s.name).join(', ')].filter(Boolean).join(' · ')),
      reminderOf(visit),
      // A group session's "call the unit" is said once, on the next visit and under "Om du inte kan komma".
      visit.kind === 'group_session' ? null : actions(visit));

  show(
    t('Mina besök'),
    nextCard,
    later.length ? [h('h2', {}, t('Kommande besök')), h('ul', { class: 'visits' }, later.map(item))] : null,
    h('h2', {}, t('Om du inte kan komma')),
    h('p', {}, settings.reminders.howToCancel),
    phone ? h('p', {}, t('Mottagningens telefon: '), h('a', { href: `tel:${phone.replace(/[^\d+]/g, '')}` }, phone)) : null,
    h('h2', {}, t('Tidigare besök')),
    past.length ? h('ul', { class: 'visits' }, past.map(item)) : h('p', {}, t('Inga tidigare besök.')),
    calendarSubscription(`/patients/${session.me.patientId}/calendar-feed`),
    dialog,
  );
}

const fact = (term, value) => (value ? h('div', {}, h('dt', {}, term), h('dd', {}, value)) : null);
const capitalised = (text) => text.charAt(0).toLocaleUpperCase() + text.slice(1);

/** "45 minuter", "2 timmar", "1 timme 30 minuter". */
function length(visit) {
  const minutes = Math.round((Date.parse(visit.end) - Date.parse(visit.start)) / MINUTE_MS);
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  const hourText = hours === 1 ? t('1 timme') : hours > 1 ? t('{0} timmar', hours) : '';
  const minuteText = rest ? t('{0} minuter', rest) : '';
  return [hourText, minuteText].filter(Boolean).join(' ');
}

/** The program the visit belongs to: the group program by its name, else what the visit is part of. */
function programOf(visit) {
  if (visit.groupProgram?.name) return visit.groupProgram.name;
  if (visit.individualProgramId) return PHASE('individual_rehab');
  if (visit.assessment) return PHASE('assessment');
  return null;
}

/**
 * Cancel (only while the site's rule allows it, saying until when) and ask for another time. A
 * group session goes on for the others: the patient calls instead.
 */
function visitActions(visit, phone, dialog) {
  const until = visit.selfService?.selfCancelUntil;
  const box = h('div', { class: 'visit-actions' });
  const callUs = phone ? t('ring mottagningen på {0}', phone) : t('ring mottagningen');
  const moveId = `move-${++forms}`;
  const move = h('button', { type: 'button', 'aria-expanded': 'false', 'aria-controls': moveId, onclick: () => toggleMove() }, t('Be om en annan tid'));
  const note = h('textarea', { id: `${moveId}-note`, name: 'note', required: true, maxlength: '500', rows: '3' });
  const moveForm = h('form', {
    id: moveId,
    class: 'move-request',
    hidden: true,
    onsubmit: async (event) => {
      event.preventDefault();
      try {
        await api(`/me/appointments/${visit.id}/move-requests`, { method: 'POST', body: { note: note.value.trim() } });
        moveForm.replaceWith(h('p', { class: 'sent' }, t('Skickat. Mottagningen hör av sig med en ny tid.')));
        move.remove();
        say(t('Din begäran om en annan tid för {0} är skickad. Mottagningen hör av sig.', localWhen(visit.start)));
      } catch (problem) {
        sayProblem(problem);
      }
    },
  },
    h('div', { class: 'field' }, h('label', { for: note.id }, t('När kan du komma i stället?')), note),
    h('p', { class: 'hint' }, t('Till exempel: helst förmiddagar nästa vecka. Din tid gäller tills mottagningen har bokat om.')),
    h('div', { class: 'visit-actions' }, h('button', { type: 'submit' }, t('Skicka')), h('button', { type: 'button', onclick: () => toggleMove(false) }, t('Avbryt'))));
  const toggleMove = (open = moveForm.hidden) => {
    moveForm.hidden = !open;
    move.setAttribute('aria-expanded', String(open));
    (open ? note : move).focus();
  };

  if (visit.kind === 'group_session') {
    box.append(h('p', { class: 'hint' }, t('Kan du inte komma till gruppträffen? {0}.', capitalised(callUs))));
    return box;
  }
  // A request already sent waits for the unit: asking again would be refused, so the visit says it is asked.
  const asked = visit.selfService?.moveRequest;
  box.append(
    ...(until ? [h('button', { type: 'button', class: 'cancel', onclick: () => confirmCancel(visit, dialog) }, t('Avboka'))] : []),
    asked ? sentMoveRequest(asked) : move,
    h('p', { class: 'hint' }, until ? t('Du kan avboka här fram till {0}.', localWhen(until)) : t('Det är för sent att avboka här: {0}.', callUs)),
    ...(asked ? [] : [moveForm]),
  );
  return box;
}

/** The patient's move request that the unit has not handled yet: when it was sent, and what they wrote. */
function sentMoveRequest(request) {
  return h('p', { class: 'sent' }, t('Du har bett om en ny tid (skickad {0}).', localWhen(request.sentAt)), request.note ? [h('br'), t('Du skrev: {0}', request.note)] : null);
}

function confirmCancel(visit, dialog) {
  const reason = h('textarea', { id: 'cancel-reason', name: 'reason', maxlength: '500', rows: '2' });
  const opener = document.activeElement;
  dialog.replaceChildren(
    h('h2', { id: 'cancel-visit-title' }, t('Avboka besöket?')),
    h('p', {}, `${visitText(visit)}, ${localWhen(visit.start)}–${visit.end.slice(11, 16)}`),
    h('div', { class: 'field' }, h('label', { for: reason.id }, t('Varför? (frivilligt)')), reason),
    h('div', { class: 'visit-actions' },
      h('button', {
        type: 'button',
        class: 'cancel',
        onclick: async () => {
          try {
            await api(`/me/appointments/${visit.id}/cancel`, { method: 'POST', body: reason.value.trim() ? { reason: reason.value.trim() } : {} });
            dialog.close();
            await myVisitsView();
            say(t('Besöket {0} är avbokat. Mottagningen ser det direkt.', localWhen(visit.start)));
          } catch (problem) {
            dialog.close();
            sayProblem(problem);
          }
        },
      }, t('Ja, avboka')),
      h('button', { type: 'button', onclick: () => { dialog.close(); opener?.focus(); } }, t('Nej, behåll besöket'))),
  );
  dialog.showModal();
}
