// Group programs: the list of the site's programs, and one program's page, where the coordinator
// follows and changes it: its sessions (moved or cancelled one by one, or the schedule changed from
// a session on after a preview), its cohort and waitlist, an attendance grid, moving a patient to
// another cohort, seating a patient, and cancelling the whole program.
import { api, clearProblems, h, labelled, longDate, problemText, say, sayProblem, session, show, showProblems } from './dom.js';
import { conflictTexts, legend, MODULE, siteNames, WEEKDAY } from './group-program.js';
import { labels, t } from './i18n.js';
import { patientName, patientPicker } from './patient-picker.js';

const STATUS = labels({ planned: 'planerat', running: 'pågår', finished: 'avslutat', cancelled: 'inställt' });
const SESSION_STATUS = labels({ booked: 'bokad', cancelled: 'inställd' });
const PARTICIPATION = labels({ booked: 'bokad', attended: 'närvarande', no_show: 'uteblev', cancelled: 'avbokad' });
/** The grid's mark for each participation; the word is beside it for screen readers. */
const MARK = { booked: '·', attended: '✓', no_show: '✗', cancelled: '–' };

const time = (iso) => iso.slice(11, 16);
/** A time of day as the unit writes it, 24-hour "09:00" whatever the browser's own clock format. */
const clockInput = (attributes) => h('input', { ...attributes, inputmode: 'numeric', placeholder: t('TT:MM'), pattern: '([01][0-9]|2[0-3]):[0-5][0-9]', size: '6' });
const day = (iso) => (iso ? longDate(iso.slice(0, 10)) : '–');

export async function groupProgramsView() {
  const siteId = session.siteId;
  const [programs, rooms] = await Promise.all([api(`/group-programs?siteId=${siteId}&limit=200`), api(`/rooms?siteId=${siteId}`)]);
  const roomName = new Map(rooms.map((room) => [room.id, room.name]));
  const row = (p) =>
    h(
      'tr',
      { class: `program-${p.status}` },
      h('th', { scope: 'row' }, h('a', { href: `#/group-program/${p.id}` }, p.name)),
      h('td', {}, STATUS(p.status)),
      h('td', {}, day(p.firstSessionStart)),
      h('td', {}, day(p.lastSessionEnd)),
      h('td', {}, roomName.get(p.roomId) ?? '–'),
      h('td', {}, t('{0} av {1}', p.enrolled, p.capacity)),
      h('td', {}, String(p.waitlisted)),
    );
  show(
    t('Gruppprogram'),
    h('p', {}, h('a', { href: '#/group-program', class: 'button' }, t('Nytt gruppprogram'))),
    programs.length
      ? h(
          'table',
          { class: 'programs' },
          h('caption', {}, t('Enhetens gruppprogram, det senast startade först')),
          h(
            'thead',
            {},
            h('tr', {}, [t('Namn'), t('Status'), t('Första träff'), t('Sista träff'), t('Rum'), t('Platser tagna'), t('Väntar')].map((text) => h('th', { scope: 'col' }, text))),
          ),
          h('tbody', {}, programs.map(row)),
        )
      : h('p', {}, t('Inga gruppprogram ännu.')),
  );
}

/** What the page shows, read again after every change. */
async function load(id) {
  const program = await api(`/group-programs/${id}`);
  const siteId = program.siteId;
  const patientIds = [...new Set([...program.enrollments.map((e) => e.patientId), ...program.waitlist])];
  const [attendance, rooms, staff, programs, patients, appointments] = await Promise.all([
    api(`/group-programs/${id}/attendance`),
    api(`/rooms?siteId=${siteId}`),
    api(`/staff?siteId=${siteId}`),
    api(`/group-programs?siteId=${siteId}&limit=200`),
    Promise.all(patientIds.map((patientId) => api(`/patients/${patientId}`).catch(() => null))),
    Promise.all(program.sessions.map((s) => (s.appointmentId ? api(`/appointments/${s.appointmentId}`).catch(() => null) : null))),
  ]);
  return {
    program,
    attendance,
    rooms,
    names: siteNames(rooms, staff),
    programs,
    patient: new Map(patients.filter(Boolean).map((p) => [p.id, p])),
    appointment: new Map(appointments.filter(Boolean).map((a) => [a.id, a])),
  };
}

export async function groupProgramPage(id) {
  const data = await load(id);
  const { program } = data;
  const seated = program.enrollments.filter((e) => e.status === 'enrolled');
  const sessions = [...program.sessions].sort((a, b) => a.number - b.number);
  const coming = sessions.filter((s) => s.status === 'booked' && new Date(s.start) > new Date());
  const redraw = () => groupProgramPage(id);
  const changeable = program.status !== 'cancelled' && program.status !== 'finished';
  show(
    program.name,
    h('p', {}, h('a', { href: '#/group-programs' }, t('Alla gruppprogram'))),
    h(
      'ul',
      { class: 'program-facts', 'aria-label': t('Översikt') },
      h('li', {}, t('Status'), h('strong', {}, STATUS(program.status))),
      h('li', { id: 'seats' }, t('Platser tagna'), h('strong', {}, t('{0} av {1}', seated.length, program.capacity))),
      h('li', {}, t('Väntelista'), h('strong', {}, String(program.waitlist.length))),
      h('li', {}, t('Rum'), h('strong', {}, data.names.room.get(program.roomId) ?? '–')),
      h('li', {}, t('Träffar'), h('strong', {}, t('{0} av {1} kvar', coming.length, sessions.filter((s) => s.status === 'booked').length))),
    ),
    program.cancelledAt ? h('p', { class: 'error' }, t('Programmet är inställt: {0}', program.cancelReason ?? '')) : null,
    legend(),
    sessionsSection(data, sessions, changeable, redraw),
    changeable && coming.length ? scheduleChangeSection(data, coming, redraw) : null,
    cohortSection(data, seated, changeable, redraw),
    attendanceSection(data, sessions),
    changeable ? cancelSection(data) : null,
  );
}

function sessionsSection(data, sessions, changeable, redraw) {
  const { program, names, appointment } = data;
  const now = new Date();
  const row = (s) => {
    const visit = appointment.get(s.appointmentId);
    const room = names.room.get(visit?.roomId ?? program.roomId) ?? '–';
    const leaders = [...new Set(s.leaders.map((l) => names.staff.get(l.staffId) ?? '–'))].join(', ');
    const open = changeable && s.status === 'booked' && new Date(s.start) > now;
    return h(
      'tr',
      { class: [s.makeUp ? 'make-up' : '', s.status === 'cancelled' ? 'session-cancelled' : ''].join(' ').trim() || null },
      h('th', { scope: 'row' }, t('Träff {0}', s.number), s.makeUp ? h('span', { class: 'mark-make-up' }, t('ersättningsträff för {0}', longDate(s.replacesDate))) : null),
      h('td', {}, longDate(s.date)),
      h('td', {}, `${time(s.start)}–${time(s.end)}`),
      h('td', {}, room),
      h('td', {}, leaders, h('br'), h('small', {}, s.modules.map((m) => MODULE(m)).join(', '))),
      h('td', {}, SESSION_STATUS(s.status ?? 'booked')),
      h(
        'td',
        { class: 'actions' },
        open
          ? [
              h('button', { type: 'button', onclick: () => moveSessionDialog(program, s, redraw) }, t('Flytta träff {0}', s.number)),
              h('button', { type: 'button', onclick: () => cancelSessionDialog(s, redraw) }, t('Ställ in träff {0}', s.number)),
            ]
          : null,
      ),
    );
  };
  return h(
    'section',
    { class: 'program-section', 'aria-labelledby': 'sessions-title' },
    h('h2', { id: 'sessions-title' }, t('Träffar')),
    h(
      'div',
      { class: 'grid-scroll', tabindex: '0', role: 'region', 'aria-labelledby': 'sessions-title' },
      h(
        'table',
        { class: 'sessions' },
        h('thead', {}, h('tr', {}, [t('Träff'), t('Datum'), t('Tid'), t('Rum'), t('Ledare'), t('Status'), t('Åtgärder')].map((text) => h('th', { scope: 'col' }, text)))),
        h('tbody', {}, sessions.map(row)),
      ),
    ),
    program.skipped.length
      ? [h('h3', {}, t('Stängda dagar')), h('ul', {}, program.skipped.map((d) => h('li', {}, `${longDate(d.date)}: ${d.reason}`)))]
      : null,
  );
}

/** A modal dialog with a title, its fields and a confirming button; `submit(form)` throws API errors. */
function dialog(title, fields, confirm, submit) {
  const titleId = `dialog-${Date.now()}`;
  const error = h('p', { class: 'error', role: 'alert' });
  const element = h('dialog', { 'aria-labelledby': titleId });
  const form = h(
    'form',
    {
      onsubmit: async (event) => {
        event.preventDefault();
        clearProblems(form, error);
        try {
          await submit(form);
          element.close();
          element.remove();
        } catch (problem) {
          showProblems(form, problem, error);
        }
      },
    },
    h('h2', { id: titleId }, title),
    fields,
    error,
    h('div', { class: 'buttons' }, h('button', { type: 'submit' }, confirm), h('button', { type: 'button', onclick: () => (element.close(), element.remove()) }, t('Avbryt'))),
  );
  element.append(form);
  document.getElementById('view').append(element);
  element.showModal();
  return element;
}

/** The site's clock at an instant, as "YYYY-MM-DDTHH:mm:ss". */
function siteClockAt(ms) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone: session.timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      .formatToParts(new Date(ms))
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}`;
}

/** The instant a date and time of the site's clock name, whatever the browser's zone. */
function siteInstant(date, clock) {
  const wanted = Date.parse(`${date}T${clock}:00Z`);
  let guess = wanted;
  for (let i = 0; i < 3; i++) guess += wanted - Date.parse(`${siteClockAt(guess)}Z`);
  return new Date(guess).toISOString();
}

function moveSessionDialog(program, s, redraw) {
  dialog(
    t('Flytta träff {0}', s.number),
    [
      h('p', {}, t('Nu: {0} kl. {1}–{2}. Längden är densamma.', longDate(s.date), time(s.start), time(s.end))),
      h('label', {}, t('Ny dag'), h('input', { type: 'date', name: 'date', value: s.date, required: true })),
      h('label', {}, t('Ny starttid'), clockInput({ name: 'time', value: time(s.start), required: true })),
    ],
    t('Flytta träffen'),
    async (form) => {
      const data = new FormData(form);
      await api(`/group-programs/${program.id}/sessions/${s.appointmentId}`, { method: 'PATCH', body: { start: siteInstant(data.get('date'), data.get('time')) } });
      await redraw();
      say(t('Träff {0} är flyttad till {1} kl. {2}.', s.number, longDate(data.get('date')), data.get('time')));
    },
  );
}

function cancelSessionDialog(s, redraw) {
  dialog(
    t('Ställ in träff {0}', s.number),
    [
      h('p', {}, t('{0} kl. {1}–{2}. Deltagarna får besked och deras påminnelser tas bort.', longDate(s.date), time(s.start), time(s.end))),
      h('label', {}, t('Orsak'), h('input', { name: 'reason', required: true })),
    ],
    t('Ställ in träffen'),
    async (form) => {
      await api(`/appointments/${s.appointmentId}/cancel`, { method: 'POST', body: { reason: new FormData(form).get('reason'), category: 'unit_cancelled' } });
      await redraw();
      say(t('Träff {0} är inställd.', s.number));
    },
  );
}

/** Changing the schedule from a session on: time, length, room or weekdays, previewed first. */
function scheduleChangeSection(data, coming, redraw) {
  const { program, rooms, names } = data;
  const outcome = h('div', { id: 'schedule-change', 'aria-live': 'polite' });
  let stale = false;
  const request = (form) => {
    const fd = new FormData(form);
    const body = { fromSession: Number(fd.get('fromSession')) };
    if (fd.get('startTime')) body.startTime = fd.get('startTime');
    if (fd.get('durationMinutes')) body.durationMinutes = Number(fd.get('durationMinutes'));
    if (fd.get('roomId')) body.roomId = fd.get('roomId');
    const weekdays = fd.getAll('weekdays').map(Number);
    if (weekdays.length) body.weekdays = weekdays;
    return body;
  };
  const form = h(
    'form',
    {
      class: 'schedule-change',
      onsubmit: async (event) => {
        event.preventDefault();
        const body = request(form);
        let preview;
        try {
          preview = await api(`/group-programs/${program.id}/schedule-changes/preview`, { method: 'POST', body });
        } catch (error) {
          outcome.replaceChildren();
          showProblems(form, error);
          return;
        }
        clearProblems(form);
        say(stale ? t('Något har bokats sedan förhandsgranskningen: se konflikterna nedan.') : '', { error: stale });
        stale = false;
        const conflicts = await conflictTexts(preview.conflicts, preview.sessions, names, program.id);
        const apply = h(
          'button',
          {
            type: 'button',
            disabled: conflicts.length > 0,
            onclick: async () => {
              apply.disabled = true;
              try {
                await api(`/group-programs/${program.id}/schedule-changes`, { method: 'POST', body });
                await redraw();
                say(t('Schemat är ändrat från träff {0}: {1} träffar flyttade.', body.fromSession, preview.sessions.length));
              } catch (error) {
                if (error.status !== 409) {
                  apply.disabled = false;
                  sayProblem(error);
                  return;
                }
                // Something was booked in the way since the preview: preview again, which names it.
                stale = true;
                form.requestSubmit();
              }
            },
          },
          t('Ändra schemat'),
        );
        outcome.replaceChildren(
          h('h3', {}, t('Förhandsgranskning: {0} träffar flyttas', preview.sessions.length)),
          h(
            'table',
            { class: 'sessions' },
            h('thead', {}, h('tr', {}, [t('Träff'), t('Ny tid'), t('Ledare')].map((text) => h('th', { scope: 'col' }, text)))),
            h(
              'tbody',
              {},
              preview.sessions.map((s) =>
                h(
                  'tr',
                  { class: s.makeUp ? 'make-up' : null },
                  h('th', { scope: 'row' }, t('Träff {0}', s.number), s.makeUp ? h('span', { class: 'mark-make-up' }, t('ersättningsträff')) : null),
                  h('td', {}, t('{0} kl. {1}–{2}', longDate(s.date), time(s.start), time(s.end))),
                  h('td', {}, [...new Set(s.leaders.map((l) => names.staff.get(l.staffId) ?? '–'))].join(', ')),
                ),
              ),
            ),
          ),
          h('h4', {}, t('Stängda dagar som hoppas över')),
          preview.skipped.length ? h('ul', {}, preview.skipped.map((d) => h('li', {}, `${longDate(d.date)}: ${d.reason}`))) : h('p', {}, t('Inga.')),
          h('h4', {}, t('Konflikter')),
          conflicts.length ? h('ul', { class: 'error conflicts' }, conflicts.map((line) => h('li', {}, line))) : h('p', {}, t('Inga – ändringen kan genomföras.')),
          apply,
        );
      },
    },
    labelled(t('Från träff'), h('select', { name: 'fromSession' }, coming.map((s) => h('option', { value: String(s.number) }, t('Träff {0}, {1}', s.number, longDate(s.date)))))),
    labelled(t('Ny starttid'), clockInput({ name: 'startTime' })),
    labelled(t('Ny längd (minuter)'), h('input', { type: 'number', name: 'durationMinutes', min: '15', max: '480' })),
    labelled(
      t('Nytt rum'),
      h('select', { name: 'roomId' }, h('option', { value: '' }, t('Samma rum')), rooms.filter((r) => r.kind === 'group_room' || r.kind === 'gym').map((r) => h('option', { value: r.id }, r.name))),
    ),
    h('fieldset', {}, h('legend', {}, t('Nya veckodagar')), [1, 2, 3, 4, 5].map((value) => h('label', {}, h('input', { type: 'checkbox', name: 'weekdays', value: String(value) }), ` ${WEEKDAY(value)}`))),
    h('button', { type: 'submit' }, t('Förhandsgranska ändringen')),
  );
  return h(
    'section',
    { class: 'program-section', 'aria-labelledby': 'change-title' },
    h('h2', { id: 'change-title' }, t('Ändra schemat från en träff')),
    h('p', {}, t('Den valda träffen och alla bokade träffar efter den flyttas, i ordning, till nästa öppna dagar. Fält som lämnas tomma behåller sitt värde.')),
    form,
    outcome,
  );
}

function cohortSection(data, seated, changeable, redraw) {
  const { program, patient, programs } = data;
  const name = (patientId) => (patient.get(patientId) ? patientName(patient.get(patientId)) : t('okänd patient'));
  const others = programs.filter((p) => p.id !== program.id && (p.status === 'planned' || p.status === 'running'));
  const moveForm = (patientId) => {
    const select = h('select', { name: 'toProgramId' }, others.map((p) => h('option', { value: p.id }, t('{0} (från {1}, {2} av {3} platser)', p.name, day(p.firstSessionStart), p.enrolled, p.capacity))));
    return h(
      'form',
      {
        onsubmit: async (event) => {
          event.preventDefault();
          const to = others.find((p) => p.id === select.value);
          try {
            const moved = await api(`/group-programs/${program.id}/enrollments/${patientId}/move`, { method: 'POST', body: { toProgramId: select.value } });
            await redraw();
            say(moved.status === 'enrolled' ? t('{0} är flyttad till {1}.', patient.get(patientId)?.name ?? '', to.name) : t('{0} står nu på väntelistan till {1}.', patient.get(patientId)?.name ?? '', to.name));
          } catch (error) {
            sayProblem(error);
          }
        },
      },
      labelled(t('Flytta {0} till', patient.get(patientId)?.name ?? ''), select),
      h('button', { type: 'submit' }, t('Flytta')),
    );
  };
  const seatResult = h('p', { id: 'seat-result', role: 'status' });
  const picker = patientPicker({ label: t('Sök patient att skriva in (endast patienter som erbjudits grupprehabilitering)') });
  const seatForm = h(
    'form',
    {
      class: 'seat',
      onsubmit: async (event) => {
        event.preventDefault();
        const chosen = picker.picked();
        if (!chosen) {
          seatResult.textContent = t('Välj en patient först.');
          return;
        }
        try {
          const result = await api(`/group-programs/${program.id}/enrollments`, { method: 'POST', body: { patientId: chosen.id } });
          await redraw();
          say(result.status === 'enrolled' ? t('{0} är inskriven.', chosen.name) : t('Programmet är fullt: {0} står på väntelistan.', chosen.name));
        } catch (error) {
          seatResult.className = 'error';
          seatResult.textContent = `${chosen.name}: ${problemText(error)}`;
        }
      },
    },
    picker,
    h('button', { type: 'submit' }, t('Skriv in')),
  );
  return h(
    'section',
    { class: 'program-section', 'aria-labelledby': 'cohort-title' },
    h('h2', { id: 'cohort-title' }, t('Deltagare: {0} av {1} platser tagna', seated.length, program.capacity)),
    seated.length
      ? h('ul', { class: 'cohort' }, seated.map((e) => h('li', {}, name(e.patientId), changeable && others.length ? moveForm(e.patientId) : null)))
      : h('p', {}, t('Inga deltagare ännu.')),
    h('h3', {}, t('Väntelista')),
    program.waitlist.length ? h('ol', { class: 'waitlist' }, program.waitlist.map((patientId) => h('li', {}, name(patientId)))) : h('p', {}, t('Ingen väntar.')),
    changeable ? [h('h3', {}, t('Skriv in en patient')), h('p', {}, t('{0} av {1} platser är tagna; när programmet är fullt hamnar patienten på väntelistan.', seated.length, program.capacity)), seatForm, seatResult] : null,
  );
}

/** Patients × sessions: what was recorded for each. */
function attendanceSection(data, sessions) {
  const { attendance, appointment, patient } = data;
  const patientIds = [...new Set([...attendance.map((a) => a.patientId), ...sessions.flatMap((s) => appointment.get(s.appointmentId)?.participants.map((p) => p.patientId) ?? [])])];
  const summary = new Map(attendance.map((a) => [a.patientId, a]));
  const cell = (s, patientId) => {
    const participation = appointment.get(s.appointmentId)?.participants.find((p) => p.patientId === patientId)?.participation;
    if (!participation) return h('td', {}, h('span', { 'aria-hidden': 'true' }, ' '), h('span', { class: 'visually-hidden' }, t('inte med')));
    return h('td', { class: `att-${participation}`, title: PARTICIPATION(participation) }, h('span', { 'aria-hidden': 'true' }, MARK[participation]), h('span', { class: 'visually-hidden' }, PARTICIPATION(participation)));
  };
  const held = sessions.filter((s) => s.status === 'booked' || s.status === undefined);
  return h(
    'section',
    { class: 'program-section', 'aria-labelledby': 'attendance-title' },
    h('h2', { id: 'attendance-title' }, t('Närvaro')),
    h('p', {}, t('✓ närvarande, ✗ uteblev, – avbokad, · bokad (ännu inte registrerad).')),
    patientIds.length
      ? h(
          'div',
          { class: 'grid-scroll', tabindex: '0', role: 'region', 'aria-label': t('Närvaro per patient och träff') },
          h(
            'table',
            { class: 'attendance' },
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                h('th', { scope: 'col' }, t('Patient')),
                held.map((s) => h('th', { scope: 'col', title: longDate(s.date) }, h('span', { 'aria-hidden': 'true' }, String(s.number)), h('span', { class: 'visually-hidden' }, t('Träff {0}', s.number)))),
                h('th', { scope: 'col' }, t('Närvarande')),
                h('th', { scope: 'col' }, t('Uteblev')),
              ),
            ),
            h(
              'tbody',
              {},
              patientIds.map((patientId) =>
                h(
                  'tr',
                  {},
                  h('th', { scope: 'row' }, patient.get(patientId)?.name ?? t('okänd patient')),
                  held.map((s) => cell(s, patientId)),
                  h('td', {}, String(summary.get(patientId)?.attended ?? 0)),
                  h('td', {}, String(summary.get(patientId)?.noShow ?? 0)),
                ),
              ),
            ),
          ),
        )
      : h('p', {}, t('Inga deltagare ännu.')),
  );
}

/** Calling the whole program off, after a question, then listing what happened to each of its patients. */
function cancelSection(data) {
  const { program, patient } = data;
  const seated = program.enrollments.filter((e) => e.status === 'enrolled').length;
  const cancel = async (reason) => {
    const answer = await api(`/group-programs/${program.id}/cancel`, { method: 'POST', body: { reason } });
    await groupProgramPage(program.id);
    say(t('Programmet är inställt. {0} patienter behöver erbjudas ett annat program.', answer.patients.length));
    document.getElementById('view').append(
      h(
        'section',
        { class: 'program-section', id: 'cancelled-patients', 'aria-labelledby': 'cancelled-title' },
        h('h2', { id: 'cancelled-title' }, t('Patienter i det inställda programmet')),
        answer.patients.length
          ? h('ul', {}, answer.patients.map((p) => h('li', {}, t('{0} ({1}): {2} träffar avbokade', patient.get(p.patientId)?.name ?? t('okänd patient'), p.status === 'enrolled' ? t('inskriven') : t('på väntelistan'), p.cancelledSessions))))
          : h('p', {}, t('Inga patienter berördes.')),
      ),
    );
  };
  const form = h(
    'form',
    {
      onsubmit: (event) => {
        event.preventDefault();
        const reason = new FormData(form).get('reason');
        dialog(
          t('Ställ in {0}?', program.name),
          h('p', {}, t('Alla kommande träffar ställs in. {0} deltagare och {1} väntande får inga fler träffar i programmet.', seated, program.waitlist.length)),
          t('Ja, ställ in programmet'),
          () => cancel(reason),
        );
      },
    },
    h('label', {}, t('Orsak'), h('input', { name: 'reason', required: true })),
    h('button', { type: 'submit', class: 'danger' }, t('Ställ in programmet')),
  );
  return h(
    'section',
    { class: 'program-section', 'aria-labelledby': 'cancel-title' },
    h('h2', { id: 'cancel-title' }, t('Ställ in programmet')),
    h('p', {}, t('Alla kommande träffar ställs in och påminnelserna tas bort. Deltagarna och de som väntar listas sedan, så att de kan erbjudas ett annat program.')),
    form,
  );
}
