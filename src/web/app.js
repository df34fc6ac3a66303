// The web app: plain modules over the same API, so every screen shows what the API allows the
// signed-in user and nothing more. Swedish text; times as the API gives them, in the site's offset.

const view = document.getElementById('view');
const session = { token: sessionStorage.getItem('token'), me: null };

async function api(path, { method = 'GET', body } = {}) {
  const response = await fetch(path, {
    method,
    headers: { 'content-type': 'application/json', ...(session.token ? { authorization: `Bearer ${session.token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) throw Object.assign(new Error(data?.message ?? `HTTP ${response.status}`), { status: response.status, data });
  return data;
}

const h = (tag, attributes = {}, ...children) => {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (key.startsWith('on')) element.addEventListener(key.slice(2), value);
    else if (value !== undefined && value !== false) element.setAttribute(key, value === true ? '' : value);
  }
  element.append(...children.flat().filter((child) => child !== null && child !== undefined));
  return element;
};

/** "tisdag 13 april 2027 kl. 09:00" from an ISO time with the site's offset: the site's own clock. */
function localWhen(iso) {
  const [date, time] = [iso.slice(0, 10), iso.slice(11, 16)];
  const day = new Date(`${date}T12:00:00Z`);
  const weekday = day.toLocaleDateString('sv-SE', { weekday: 'long', timeZone: 'UTC' });
  const long = day.toLocaleDateString('sv-SE', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  return `${weekday} ${long} kl. ${time}`;
}

function say(message) {
  document.getElementById('status').textContent = message;
}

function show(title, ...content) {
  view.replaceChildren(h('h1', {}, title), ...content);
  document.title = `${title} – Smärtrehab`;
  view.focus();
}

const HOME = { admin: '#/waitlist', coordinator: '#/waitlist', clinician: '#/week', patient: '#/my-visits' };
const MENU = {
  coordinator: [['#/waitlist', 'Väntelista'], ['#/new-referral', 'Ny remiss'], ['#/group-program', 'Nytt gruppprogram'], ['#/week', 'Teamets vecka']],
  admin: [['#/waitlist', 'Väntelista'], ['#/new-referral', 'Ny remiss'], ['#/group-program', 'Nytt gruppprogram'], ['#/week', 'Teamets vecka']],
  clinician: [['#/week', 'Min vecka']],
  patient: [['#/my-visits', 'Mina besök']],
};

function renderHeader() {
  const nav = document.getElementById('nav');
  const who = document.getElementById('who');
  if (!session.me) {
    nav.replaceChildren();
    who.replaceChildren();
    return;
  }
  nav.replaceChildren(...MENU[session.me.role].map(([href, text]) => h('a', { href }, text)));
  who.replaceChildren(
    session.me.username,
    ' ',
    h('button', { type: 'button', onclick: () => { sessionStorage.removeItem('token'); session.token = null; session.me = null; location.hash = '#/login'; } }, 'Logga ut'),
  );
}

function loginView() {
  const error = h('p', { class: 'error', id: 'login-error' });
  const form = h(
    'form',
    {
      class: 'login',
      onsubmit: async (event) => {
        event.preventDefault();
        const data = new FormData(form);
        try {
          const { accessToken } = await api('/auth/login', { method: 'POST', body: { username: data.get('username'), password: data.get('password') } });
          session.token = accessToken;
          sessionStorage.setItem('token', accessToken);
          session.me = await api('/auth/me');
          location.hash = HOME[session.me.role];
        } catch {
          error.textContent = 'Fel användarnamn eller lösenord.';
        }
      },
    },
    h('label', {}, 'Användarnamn', h('input', { name: 'username', autocomplete: 'username', required: true })),
    h('label', {}, 'Lösenord', h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true })),
    h('button', { type: 'submit' }, 'Logga in'),
    error,
  );
  show('Logga in', form);
}

const STATUS = { ok: 'i tid', at_risk: 'risk', breached: 'överskriden' };
const TRIAGE = { eligible: 'uppfyller kriterierna', not_eligible: 'uppfyller inte kriterierna', needs_information: 'behöver mer information' };

async function waitlistView() {
  const list = await api('/waitlist');
  const rows = list.items.map((item) =>
    h(
      'tr',
      { class: item.status },
      h('td', {}, String(item.position)),
      h('td', {}, item.patientName),
      h('td', {}, item.careGuaranteeDeadline),
      h('td', {}, `${item.daysLeft} dagar`, ' ', h('span', { class: 'badge' }, STATUS[item.status] ?? item.status)),
      h('td', {}, TRIAGE[item.triageOutcome] ?? item.triageOutcome),
      h('td', {},
        h('button', { type: 'button', onclick: () => proposeAssessment(item) }, `Föreslå bedömning för ${item.patientName}`), ' ',
        h('button', { type: 'button', onclick: () => openEpisode(item.referralId) }, `Episod för ${item.patientName}`)),
    ),
  );
  show(
    'Väntelista',
    h('p', {}, `${list.total} väntar, ${list.atRisk} med risk att passera vårdgarantin, ${list.breached} över den.`),
    h(
      'table',
      {},
      h('caption', {}, 'Remisser i tur och ordning efter vårdgarantin'),
      h('thead', {}, h('tr', {}, ...['Plats', 'Patient', 'Vårdgaranti', 'Dagar kvar', 'Triage', 'Åtgärd'].map((text) => h('th', { scope: 'col' }, text)))),
      h('tbody', {}, rows),
    ),
    h('section', { id: 'proposal', 'aria-live': 'polite' }),
  );
}

async function proposeAssessment(item) {
  const section = document.getElementById('proposal');
  const proposal = await api('/assessments/proposals', { method: 'POST', body: { referralId: item.referralId } });
  const book = async () => {
    await api('/assessments', { method: 'POST', body: { referralId: item.referralId, visits: proposal.visits } });
    await waitlistView();
    say(`Bedömningen för ${item.patientName} är bokad.`);
  };
  section.replaceChildren(
    h('h2', {}, `Förslag: bedömning för ${item.patientName}`),
    h('ul', {}, proposal.visits.map((visit) => h('li', {}, `${visit.part}: ${localWhen(visit.start)}`))),
    h('p', {}, proposal.meetsCareGuarantee ? 'Första besöket ryms inom vårdgarantin.' : `Första besöket ligger ${proposal.daysLate} dagar efter vårdgarantin.`),
    h('button', { type: 'button', onclick: book }, 'Boka förslaget'),
  );
  section.querySelector('button').focus();
}

/** The referral's fields: name in the API, label, and kind of input. */
const REFERRAL_FIELDS = [
  ['receivedDate', 'Remissen inkom (ÅÅÅÅ-MM-DD)', 'date'],
  ['referrer.name', 'Remittent', 'text'],
  ['referrer.unit', 'Remitterande enhet', 'text'],
  ['referrer.contact', 'Kontakt', 'text'],
  ['reasonForReferral', 'Frågeställning', 'text'],
  ['painLocation', 'Smärtans lokalisation', 'text'],
  ['painType', 'Smärttyp', ['musculoskeletal', 'headache', 'neuropathic', 'other']],
  ['painDurationMonths', 'Smärtans duration (månader)', 'number'],
  ['meddMgPerDay', 'Opioider (morfinekvivalenter mg/dygn)', 'number'],
  ['workingFraction', 'Arbetar (% av heltid)', 'number'],
  ['medications', 'Läkemedel', 'text'],
  ['examinationsAndInvestigations', 'Utredningar', 'text'],
  ['treatments', 'Tidigare behandlingar', 'text'],
  ['physicalFunction', 'Fysisk funktion', 'text'],
  ['socialAndPsychologicalFunction', 'Social och psykologisk funktion', 'text'],
  ['patientAttitude', 'Patientens inställning', 'text'],
  ['consentToRecordAccess', 'Samtycke till journalåtkomst', 'check'],
  ['medicallyFullyInvestigated', 'Färdigutredd medicinskt', 'check'],
  ['fullSicknessCompensation', 'Hel sjukersättning', 'check'],
];
const OUTCOME = { eligible: 'Uppfyller kriterierna', not_eligible: 'Uppfyller inte kriterierna', needs_information: 'Behöver mer information' };

async function newReferralView() {
  const patients = await api('/patients');
  const result = h('section', { id: 'triage', 'aria-live': 'polite' });
  const field = ([name, label, kind]) => {
    const id = `f-${name.replace('.', '-')}`;
    const input =
      kind === 'check'
        ? h('input', { id, name, type: 'checkbox' })
        : Array.isArray(kind)
          ? h('select', { id, name }, h('option', { value: '' }, '–'), kind.map((value) => h('option', { value }, value)))
          : h('input', { id, name, type: kind === 'number' ? 'number' : 'text', 'aria-describedby': `${id}-error` });
    return h('div', { class: 'field' }, h('label', { for: id }, label), input, h('span', { class: 'error', id: `${id}-error`, 'data-field': name }));
  };
  const form = h(
    'form',
    { class: 'referral', novalidate: true, onsubmit: async (event) => { event.preventDefault(); await submitReferral(form, result); } },
    h('div', { class: 'field' }, h('label', { for: 'f-patientId' }, 'Patient'),
      h('select', { id: 'f-patientId', name: 'patientId' }, patients.map((p) => h('option', { value: p.id }, p.name))),
      h('span', { class: 'error', 'data-field': 'patientId' })),
    REFERRAL_FIELDS.map(field),
    h('button', { type: 'submit' }, 'Registrera remiss'),
  );
  show('Ny remiss', form, result);
}

async function submitReferral(form, result) {
  const data = new FormData(form);
  const body = { siteId: session.me.siteId, referrer: { unitKind: 'primary_care' } };
  for (const [name, , kind] of [['patientId', '', 'text'], ...REFERRAL_FIELDS]) {
    const value = kind === 'check' ? data.has(name) : data.get(name);
    if (value === '' || value === null) continue;
    const typed = kind === 'number' ? Number(value) : value;
    if (name.startsWith('referrer.')) body.referrer[name.slice(9)] = typed;
    else body[name] = typed;
  }
  for (const span of form.querySelectorAll('[data-field]')) span.textContent = '';
  try {
    const referral = await api('/referrals', { method: 'POST', body });
    const suggestion = referral.triageSuggestion;
    result.replaceChildren(
      h('h2', {}, `Triageförslag: ${OUTCOME[suggestion.outcome] ?? suggestion.outcome}`),
      suggestion.reasons.length ? h('ul', {}, suggestion.reasons.map((r) => h('li', {}, r.text))) : null,
      referral.missingContents.length ? h('p', {}, `Saknas: ${referral.missingContents.join(', ')}`) : null,
    );
    say('Remissen är registrerad.');
  } catch (error) {
    // Each problem next to its field; what has no field on the form goes to the top.
    for (const { field, problem } of error.data?.details ?? []) {
      const span = form.querySelector(`[data-field="${field}"]`);
      if (span) span.textContent = problem;
      else result.append(h('p', { class: 'error' }, `${field}: ${problem}`));
    }
    say('Remissen kunde inte registreras; se felen vid fälten.');
  }
}

const WEEKDAYS = [[1, 'måndag'], [2, 'tisdag'], [3, 'onsdag'], [4, 'torsdag'], [5, 'fredag']];

async function groupProgramView() {
  const rooms = (await api('/rooms')).filter((room) => room.kind === 'group_room');
  const preview = h('section', { id: 'preview', 'aria-live': 'polite' });
  const form = h(
    'form',
    { class: 'referral', onsubmit: async (event) => { event.preventDefault(); await previewProgram(form, preview); } },
    h('label', {}, 'Namn', h('input', { name: 'name', value: 'Grupp', required: true })),
    h('label', {}, 'Första dag (ÅÅÅÅ-MM-DD)', h('input', { name: 'startDate', required: true })),
    h('label', {}, 'Veckor', h('input', { name: 'weeks', type: 'number', value: '8' })),
    h('fieldset', {}, h('legend', {}, 'Veckodagar'),
      WEEKDAYS.map(([value, label]) => h('label', {}, h('input', { type: 'checkbox', name: 'weekdays', value: String(value), checked: value === 2 || value === 4 }), ` ${label}`))),
    h('label', {}, 'Starttid', h('input', { name: 'startTime', value: '09:00' })),
    h('label', {}, 'Längd (minuter)', h('input', { name: 'durationMinutes', type: 'number', value: '120' })),
    h('label', {}, 'Rum', h('select', { name: 'roomId' }, rooms.map((room) => h('option', { value: room.id }, room.name)))),
    h('label', {}, 'Platser', h('input', { name: 'capacity', type: 'number', value: '8' })),
    h('button', { type: 'submit' }, 'Förhandsgranska'),
  );
  show('Nytt gruppprogram', form, preview);
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
    section.replaceChildren(h('p', { class: 'error' }, (error.data?.details ?? [{ problem: error.message }]).map((d) => `${d.field ?? ''} ${d.problem}`).join('; ')));
    return;
  }
  const calendarElement = h('div', { id: 'program-calendar' });
  const sessionText = (s) => (s.makeUp ? `Ersättningsträff ${s.number} (för ${s.replacesDate})` : `Träff ${s.number}`);
  const book = h('button', {
    type: 'button',
    disabled: result.conflicts.length > 0,
    onclick: async () => {
      const program = await api('/group-programs', { method: 'POST', body: request });
      book.disabled = true;
      section.append(await enrollmentForm(program, request.capacity));
      say(`Programmet är bokat med ${program.sessions.length} träffar.`);
    },
  }, 'Boka programmet');
  section.replaceChildren(
    h('h2', {}, `${result.sessions.length} träffar`),
    calendarElement,
    h('h3', {}, 'Träffar'),
    h('ul', {}, result.sessions.map((s) => h('li', { class: s.makeUp ? 'make-up' : null }, `${sessionText(s)}: ${localWhen(s.start)}`))),
    h('h3', {}, 'Stängda dagar'),
    result.skipped.length ? h('ul', {}, result.skipped.map((d) => h('li', {}, `${d.date}: ${d.reason}`))) : h('p', {}, 'Inga.'),
    h('h3', {}, 'Konflikter'),
    result.conflicts.length ? h('ul', { class: 'error' }, result.conflicts.map((c) => h('li', {}, `Träff ${c.sessionNumber} ${c.date}: ${c.problem}`))) : h('p', {}, 'Inga – programmet kan bokas.'),
    book,
  );
  new window.FullCalendar.Calendar(calendarElement, {
    initialView: 'dayGridMonth',
    initialDate: request.startDate,
    locale: 'sv',
    firstDay: 1,
    height: 'auto',
    buttonText: { today: 'idag' },
    buttonHints: { prev: 'Föregående $0', next: 'Nästa $0', today: 'Till idag' },
    datesSet: () => calendarElement.querySelectorAll('.fc-icon').forEach((icon) => icon.setAttribute('aria-hidden', 'true')),
    events: [
      ...result.sessions.map((s) => ({ title: sessionText(s), start: s.start, end: s.end, classNames: [s.makeUp ? 'kind-make-up' : 'kind-group_session'] })),
      ...result.skipped.map((d) => ({ title: d.reason, start: d.date, allDay: true, display: 'background' })),
      ...result.conflicts.map((c) => ({ title: `Konflikt: ${c.problem}`, start: c.date, allDay: true, classNames: ['conflict'] })),
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
          outcome.append(h('li', {}, `${name}: ${result.status === 'enrolled' ? 'inskriven' : 'på väntelistan'}`));
        } catch (error) {
          outcome.append(h('li', { class: 'error' }, `${name}: ${error.data?.details?.[0]?.problem ?? error.message}`));
        }
      },
    },
    h('label', { for: 'enroll-patient' }, 'Patient'),
    h('select', { id: 'enroll-patient', name: 'patientId' }, patients.map((p) => h('option', { value: p.id }, p.name))),
    h('button', { type: 'submit' }, 'Skriv in'),
  );
  return h('section', {}, h('h2', {}, `Skriv in deltagare (${capacity} platser)`), form, outcome);
}

async function openEpisode(referralId) {
  const [episode] = await api(`/episodes?referralId=${referralId}`);
  location.hash = `#/episode/${episode.id}`;
}

const PHASES = {
  referred: 'Remitterad',
  assessment: 'Utredning',
  group_rehab: 'Grupprehabilitering',
  individual_rehab: 'Individuell rehabilitering',
  other_measures: 'Andra åtgärder',
  discharged: 'Utskriven',
  followed_up: 'Uppföljd',
};
const HOLDERS = { referrer: 'Remittenten', rehab_unit: 'Rehabenheten', none: 'Ingen (ej sjukskriven)' };

async function episodeView(id) {
  const episode = await api(`/episodes/${id}`);
  const { sickLeave } = episode;
  const answer = (handover, action) => async () => {
    try {
      await api(`/episodes/${id}/sick-leave/handovers/${handover.id}/${action}`, { method: 'POST', body: action === 'reject' ? { reason: 'avböjd' } : undefined });
      await episodeView(id);
      say(action === 'accept' ? 'Överlämningen är accepterad.' : 'Överlämningen är avböjd.');
    } catch (error) {
      say(error.message);
    }
  };
  show(
    `Episod: ${PHASES[episode.phase]}`,
    h('p', {}, `Startade ${episode.startedOn}.`),
    h('h2', {}, 'Förlopp'),
    h('ol', {}, episode.transitions.map((t) => h('li', {}, `${t.onDate}: ${PHASES[t.to]} (${t.by})`))),
    h('h2', {}, 'Besök'),
    episode.appointments.length ? h('ul', {}, episode.appointments.map((a) => h('li', {}, `${a.kind} ${a.start.slice(0, 16).replace('T', ' ')} (${a.status})`))) : h('p', {}, 'Inga besök.'),
    h('h2', {}, 'Sjukskrivningsansvar'),
    h('table', {},
      h('caption', {}, 'Vem som har ansvaret, dag för dag'),
      h('thead', {}, h('tr', {}, ...['Från', 'Till och med', 'Ansvarig'].map((text) => h('th', { scope: 'col' }, text)))),
      h('tbody', {}, sickLeave.timeline.map((p) => h('tr', {}, h('td', {}, p.from), h('td', {}, p.to ?? '–'), h('td', {}, `${HOLDERS[p.holder]}${p.physicianName ? `, ${p.physicianName}` : ''}`))))),
    sickLeave.warnings.map((w) => h('p', { class: 'error' }, w)),
    h('h3', {}, 'Överlämningar'),
    sickLeave.handovers.length
      ? h('ul', {}, sickLeave.handovers.map((handover) =>
          h('li', {}, `Till ${HOLDERS[handover.to]} från ${handover.effectiveFrom}: ${handover.status}`,
            handover.status === 'proposed' ? [' ', h('button', { type: 'button', onclick: answer(handover, 'accept') }, 'Acceptera'), ' ', h('button', { type: 'button', onclick: answer(handover, 'reject') }, 'Avböj')] : null)))
      : h('p', {}, 'Inga överlämningar.'),
  );
}

async function weekView() {
  const me = session.me;
  const calendarElement = h('div', { id: 'calendar' });
  const details = h('dialog', { id: 'details', 'aria-label': 'Besök' });
  const feed = h('p', { id: 'feed' });
  const subscribe =
    me.staffId &&
    h('button', {
      type: 'button',
      onclick: async () => {
        const { url } = await api(`/staff/${me.staffId}/calendar-feed`, { method: 'POST' });
        feed.replaceChildren('Prenumerera i din kalender: ', h('a', { href: url }, url));
      },
    }, 'Kalenderlänk');
  show(me.role === 'clinician' ? 'Min vecka' : 'Teamets vecka', h('div', {}, subscribe), feed, calendarElement, details);
  const calendar = new window.FullCalendar.Calendar(calendarElement, {
    initialView: 'timeGridWeek',
    locale: 'sv',
    firstDay: 1,
    slotMinTime: '07:00:00',
    slotMaxTime: '18:00:00',
    allDaySlot: false,
    eventTimeFormat: { hour: '2-digit', minute: '2-digit', hour12: false },
    headerToolbar: { left: 'prev,next today', center: 'title', right: 'timeGridWeek,timeGridDay' },
    buttonText: { today: 'idag', week: 'vecka', day: 'dag' },
    buttonHints: { prev: 'Föregående $0', next: 'Nästa $0', today: 'Till idag' },
    // The arrows are drawn with an icon font; the buttons carry the words.
    datesSet: () => calendarElement.querySelectorAll('.fc-icon').forEach((icon) => icon.setAttribute('aria-hidden', 'true')),
    initialDate: sessionStorage.getItem('week') ?? undefined,
    events: async ({ start, end }) => {
      const range = `from=${start.toISOString()}&to=${end.toISOString()}`;
      const data = me.staffId ? await api(`/staff/${me.staffId}/calendar?${range}`) : await api(`/sites/${me.siteId}/calendar?${range}`);
      const visits = data.appointments.map((a) => ({
        id: a.id,
        title: `${a.label}${a.patients.length ? ` – ${a.patients.map((p) => p.name ?? p.initials).join(', ')}` : ''}`,
        start: a.start,
        end: a.end,
        classNames: [`kind-${a.kind}`],
        extendedProps: { appointment: a },
      }));
      const absences = data.absences.map((a) => ({ start: a.start, end: a.end, display: 'background', title: 'Frånvaro' }));
      return [...visits, ...absences];
    },
    eventClick: ({ event }) => showDetails(details, event.extendedProps.appointment, () => calendar.refetchEvents()),
    eventDidMount: ({ el }) => el.setAttribute('tabindex', '0'),
  });
  calendar.render();
}

function showDetails(dialog, appointment, refresh) {
  const record = (patientId, participation) => async () => {
    await api(`/appointments/${appointment.id}/attendance`, { method: 'POST', body: { patientId, participation } });
    dialog.close();
    say('Närvaron är registrerad.');
    refresh();
  };
  dialog.replaceChildren(
    h('h2', {}, appointment.label),
    h('p', {}, `${localWhen(appointment.start)}–${appointment.end.slice(11, 16)}${appointment.room ? `, ${appointment.room.name}` : ''}`),
    h('p', {}, `Status: ${appointment.status}`),
    h('ul', {}, appointment.patients.map((p) =>
      h('li', {}, p.name ?? p.initials, ' ',
        h('button', { type: 'button', onclick: record(p.id, 'attended') }, 'Närvarande'), ' ',
        h('button', { type: 'button', onclick: record(p.id, 'no_show') }, 'Uteblev')),
    )),
    h('button', { type: 'button', onclick: () => dialog.close() }, 'Stäng'),
  );
  dialog.showModal();
}

async function myVisitsView() {
  const now = new Date();
  const past = await api(`/me/appointments?from=${new Date(now.getTime() - 90 * 86_400_000).toISOString()}&to=${now.toISOString()}`);
  const upcoming = await api('/me/appointments');
  const item = (visit) =>
    h('li', {}, h('strong', {}, visit.label), ` ${localWhen(visit.start)}`, visit.room ? `, ${visit.room.name}` : '',
      visit.staff.length ? ` – ${visit.staff.map((s) => s.name).join(', ')}` : '',
      visit.status === 'cancelled' ? h('span', { class: 'badge' }, ' inställt') : null);
  const feed = h('p', {});
  show(
    'Mina besök',
    h('h2', {}, 'Kommande besök'),
    upcoming.length ? h('ul', { class: 'visits' }, upcoming.map(item)) : h('p', {}, 'Inga bokade besök.'),
    h('p', {}, 'Kan du inte komma? Ring mottagningen så snart som möjligt så att någon annan kan få tiden.'),
    h('h2', {}, 'Tidigare besök'),
    past.length ? h('ul', { class: 'visits' }, past.map(item)) : h('p', {}, 'Inga tidigare besök.'),
    h('button', {
      type: 'button',
      onclick: async () => {
        const { url } = await api(`/patients/${session.me.patientId}/calendar-feed`, { method: 'POST' });
        feed.replaceChildren('Prenumerera i din kalender: ', h('a', { href: url }, url));
      },
    }, 'Kalenderlänk'),
    feed,
  );
}

const ROUTES = {
  '#/login': loginView,
  '#/waitlist': waitlistView,
  '#/new-referral': newReferralView,
  '#/group-program': groupProgramView,
  '#/week': weekView,
  '#/my-visits': myVisitsView,
};

async function route() {
  if (session.token && !session.me) session.me = await api('/auth/me').catch(() => null);
  if (!session.me && location.hash !== '#/login') {
    location.hash = '#/login';
    return;
  }
  renderHeader();
  const episode = /^#\/episode\/([0-9a-f-]{36})$/.exec(location.hash);
  const render = episode ? () => episodeView(episode[1]) : (ROUTES[location.hash] ?? (() => (location.hash = session.me ? HOME[session.me.role] : '#/login')));
  try {
    await render();
  } catch (error) {
    show('Något gick fel', h('p', { class: 'error' }, error.message));
  }
}

window.addEventListener('hashchange', route);
window.addEventListener('load', route);
