// Staff and rooms: working hours from a date, absences, deactivation, a room's fields, with the
// visits each change affects (the API moves none: each links to its visit, to move it from there).
import { api, clearProblems, h, localWhen, longDate, say, sayProblem, session, show, showProblems, siteNow } from './dom.js';
import { labels, locale, t } from './i18n.js';
import { problemInLanguage } from './problems.js';
import { PART } from './words.js';
import { moveVisit } from './visit.js';

const ROOM_KIND = labels({ office: 'mottagningsrum', group_room: 'grupprum', gym: 'träningssal' });
const REASON = labels({ vacation: 'semester', sick: 'sjukdom', course: 'kurs', other: 'annat' });
const VISIT_KIND = labels({
  assessment_visit: 'Bedömningsbesök',
  feedback_conversation: 'Återkopplingssamtal',
  group_session: 'Gruppträff',
  individual_visit: 'Individuellt besök',
  follow_up_visit: 'Uppföljningsbesök',
  other: 'Annat besök',
});
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];

/** What the screen knows of the site: its staff, rooms and the patients named so far. */
const state = { siteId: null, staff: [], rooms: [], patients: new Map() };

// ---------------------------------------------------------------- dates and times of the site

const today = () => siteNow().slice(0, 10);
function addDays(date, days) {
  const day = new Date(`${date}T12:00:00Z`);
  day.setUTCDate(day.getUTCDate() + days);
  return day.toISOString().slice(0, 10);
}
/** The weekday's name in the interface's language: 1 Monday … 7 Sunday (2024-01-01 was a Monday). */
const weekdayName = (weekday, style = 'long') => new Date(Date.UTC(2024, 0, weekday, 12)).toLocaleDateString(locale(), { weekday: style, timeZone: 'UTC' });

/** The offset of the site's zone at an instant, in minutes east of UTC. */
function offsetAt(ms) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone: session.timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
      .formatToParts(new Date(ms))
      .map((part) => [part.type, part.value]),
  );
  return (Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute) - Math.floor(ms / 60_000) * 60_000) / 60_000;
}

/** "2026-12-10T09:00" on the site's clock as an instant with the site's offset, as the API takes it. */
function siteInstant(local) {
  const asUtc = Date.parse(`${local}:00Z`);
  const offset = offsetAt(asUtc - offsetAt(asUtc) * 60_000);
  const sign = offset < 0 ? '-' : '+';
  const pad = (n) => String(Math.floor(Math.abs(n))).padStart(2, '0');
  return `${local}:00${sign}${pad(offset / 60)}:${pad(Math.abs(offset) % 60)}`;
}

/** "torsdag 10 december 2026 kl. 09:00–12:00", or both ends in full over several days. */
function span(start, end) {
  return start.slice(0, 10) === end.slice(0, 10) ? t('{0}–{1}', localWhen(start), end.slice(11, 16)) : t('{0} – {1}', localWhen(start), localWhen(end));
}

// ---------------------------------------------------------------- working hours

/** The blocks of a member's hours that hold on a date. */
const hoursOn = (blocks, date) => blocks.filter((block) => (!block.from || block.from <= date) && (!block.until || date < block.until));

/** "mån–tor 08:00–16:30, fre 08:00–15:00": weekdays with the same times run together. */
function weekSummary(blocks) {
  if (!blocks.length) return t('inga arbetstider');
  const byDay = WEEKDAYS.map((weekday) =>
    blocks
      .filter((block) => block.weekday === weekday)
      .sort((a, b) => a.start.localeCompare(b.start))
      .map((block) => `${block.start}–${block.end}`)
      .join(t(' och ')),
  );
  const runs = [];
  for (const weekday of WEEKDAYS) {
    const times = byDay[weekday - 1];
    if (!times) continue;
    const last = runs[runs.length - 1];
    if (last && last.times === times && last.to === weekday - 1) last.to = weekday;
    else runs.push({ from: weekday, to: weekday, times });
  }
  return runs
    .map(({ from, to, times }) => `${from === to ? weekdayName(from, 'short') : `${weekdayName(from, 'short')}–${weekdayName(to, 'short')}`} ${times}`)
    .join(', ');
}

/** Today's week, and each later date the hours change on with the week from then. */
function hoursSummary(member) {
  const now = today();
  const changes = [...new Set(member.workingHours.flatMap((block) => [block.from, block.until]).filter((date) => date && date > now))].sort();
  return [
    h('span', {}, weekSummary(hoursOn(member.workingHours, now))),
    changes.map((date) => h('span', { class: 'change' }, t('Från {0}: {1}', date, weekSummary(hoursOn(member.workingHours, date))))),
  ];
}

// ---------------------------------------------------------------- names of what a visit involves

const staffName = (id) => state.staff.find((member) => member.id === id)?.name ?? t('okänd personal');
const roomName = (id) => state.rooms.find((room) => room.id === id)?.name ?? t('okänt rum');

async function patientName(id) {
  if (!state.patients.has(id)) state.patients.set(id, api(`/patients/${id}`).then((patient) => patient.name, () => t('patient')));
  return state.patients.get(id);
}

/** "torsdag 10 december 2026 kl. 09:00–10:00: Bedömningsbesök för Anna Andersson hos Eva Sandberg i Mottagning 1". */
async function visitInWords(visit) {
  const patients = visit.patientIds.length > 3 ? t('{0} deltagare', visit.patientIds.length) : (await Promise.all(visit.patientIds.map(patientName))).join(', ');
  const staff = visit.staffIds.map(staffName).join(', ');
  const what = VISIT_KIND(visit.kind);
  return visit.roomId
    ? t('{0}: {1} för {2} hos {3} i {4}', span(visit.start, visit.end), what, patients, staff, roomName(visit.roomId))
    : t('{0}: {1} för {2} hos {3}', span(visit.start, visit.end), what, patients, staff);
}

/** "torsdag 10 december 2026 kl. 09:30–10:30 hos Karin Lindqvist i Mottagning 1". */
const proposedPlace = (proposal) =>
  proposal.roomId
    ? t('{0} hos {1} i {2}', span(proposal.start, proposal.end), staffName(proposal.staffId), roomName(proposal.roomId))
    : t('{0} hos {1}', span(proposal.start, proposal.end), staffName(proposal.staffId));

/** Where an absent member's visit could go, or why there is no proposal, in the interface's words. */
function proposalInWords(proposal) {
  return proposal.start ? t('Förslag: {0}', proposedPlace(proposal)) : problemInLanguage(proposal);
}

/**
 * The visits a change affects, each in words and linked to its page (nothing has been moved), with
 * the absence's proposal under each when there are proposals.
 */
async function affectedVisits(ids, { proposals, complete = true, absentStaffId = null } = {}) {
  if (!ids.length) return h('p', { class: 'affected none' }, t('Inga bokade besök berörs.'));
  const visits = await Promise.all(ids.map((id) => api(`/appointments/${id}`).catch(() => null)));
  const items = await Promise.all(
    ids.map(async (id, i) => {
      const visit = visits[i];
      const proposal = proposals?.find((p) => p.appointmentId === id);
      const item = h('li', {}, h('a', { href: `#/visit/${id}` }, visit ? await visitInWords(visit) : t('Ett besök')));
      if (proposal) {
        const words = h('p', { class: proposal.start ? 'proposal' : 'proposal missing' }, proposalInWords(proposal));
        item.append(words);
        if (proposal.start && visit) item.append(moveButton(visit, proposal, absentStaffId, words));
      }
      return item;
    }),
  );
  const title = h('h4', { id: `affected-${++counter}` }, t('Berörda besök ({0}) – inget är flyttat; öppna ett besök för att flytta det', ids.length));
  return h(
    'section',
    { class: 'affected', 'aria-labelledby': title.id },
    title,
    h('ul', {}, items),
    complete ? null : h('p', {}, t('Tiden för förslag tog slut: besöken utan förslag får flyttas för hand.')),
  );
}

/** The visit as the calendars answer it, which the visit module's move takes. */
async function calendarEntry(visit) {
  return {
    ...visit,
    room: visit.roomId ? { id: visit.roomId, name: roomName(visit.roomId) } : null,
    staff: visit.staffIds.map((id) => ({ id, name: staffName(id), discipline: state.staff.find((m) => m.id === id)?.discipline ?? null })),
    patients: await Promise.all(
      visit.patientIds.map(async (id) => ({ id, name: await patientName(id), interpreter: visit.participants?.find((p) => p.patientId === id)?.interpreter ?? null })),
    ),
    assessment: visit.assessmentId ? { id: visit.assessmentId, part: null } : null,
    groupProgram: null,
  };
}

/** Moves the visit where the proposal says, through the visit's own move (its preview first, then a question). */
function moveButton(visit, proposal, absentStaffId, words) {
  const button = h(
    'button',
    {
      type: 'button',
      class: 'move',
      onclick: async () => {
        const place = {
          start: proposal.start,
          end: proposal.end,
          staffIds: visit.staffIds.map((id) => (id === absentStaffId ? proposal.staffId : id)),
          roomId: proposal.roomId,
        };
        moveVisit(await calendarEntry(visit), place, {
          onChange: () => {
            words.textContent = t('Flyttat enligt förslaget: {0}', proposedPlace(proposal));
            words.classList.add('moved');
            button.remove();
            words.setAttribute('tabindex', '-1');
            words.focus();
          },
          onCancel: () => button.focus(),
        });
      },
    },
    t('Flytta enligt förslaget'),
  );
  return button;
}

// ---------------------------------------------------------------- forms, their problems and confirmations

let counter = 0;

/** A labelled control, described by its hint when it has one; its problems are told under it (showProblems). */
function field(text, control, { hint } = {}) {
  control.id ||= `staff-field-${++counter}`;
  if (hint) control.setAttribute('aria-describedby', `${control.id}-hint`);
  return h(
    'div',
    { class: control.type === 'checkbox' ? 'field check' : 'field' },
    h('label', { for: control.id }, text),
    control,
    hint ? h('p', { class: 'hint', id: `${control.id}-hint` }, hint) : null,
  );
}

/**
 * A form whose submit calls `submit(form)`; its problems, the API's or the form's own, are shown at
 * the fields they name, the others next to the button. `result` below it shows what the last
 * action answered.
 */
function changeForm({ className, title, button, fields, submit }) {
  const alert = h('p', { class: 'error', role: 'alert' });
  const result = h('div', { class: 'result' });
  const form = h('form', { class: `staff-form ${className}`, novalidate: true });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearProblems(form, alert);
    try {
      const shown = await submit(form);
      if (shown !== undefined) result.replaceChildren(...[shown].flat());
    } catch (error) {
      if (error !== CANCELLED) showProblems(form, error, alert);
    }
  });
  const heading = h('h3', { id: `form-${++counter}` }, title);
  form.setAttribute('aria-labelledby', heading.id);
  form.append(heading, ...[fields].flat(), h('div', { class: 'buttons' }, h('button', { type: 'submit' }, button)), alert);
  return h('div', { class: 'change-block' }, form, result);
}

const CANCELLED = Symbol('cancelled');

/**
 * Problems the form finds itself before sending, as the API would answer them (a 400 with coded
 * details at its fields), so they are worded and placed as the API's are.
 */
const refusedHere = (details) => Object.assign(new Error('validation.failed'), { status: 400, data: { code: 'validation.failed', details } });

/** Asks before a change that cannot be taken back here; rejects with CANCELLED when the user declines. */
function confirmChange(question, yes) {
  return new Promise((resolve, reject) => {
    const title = h('h2', { id: `confirm-${++counter}` }, question);
    const dialog = h('dialog', { class: 'confirm', 'aria-labelledby': title.id });
    const close = (confirmed) => {
      dialog.close();
      dialog.remove();
      if (confirmed) resolve();
      else reject(CANCELLED);
    };
    dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      close(false);
    });
    dialog.append(
      title,
      h('div', { class: 'buttons' }, h('button', { type: 'button', autofocus: true, onclick: () => close(false) }, t('Avbryt')), h('button', { type: 'button', class: 'danger', onclick: () => close(true) }, yes)),
    );
    document.body.append(dialog);
    dialog.showModal();
  });
}

const input = (attributes) => h('input', attributes);
const select = (name, options, selected) =>
  h(
    'select',
    { name },
    options.map(([value, text]) => h('option', { value, selected: value === selected }, text)),
  );

// ---------------------------------------------------------------- the screen

export async function staffView() {
  state.siteId = session.siteId;
  await reload();
  const staffBody = h('tbody');
  const roomBody = h('tbody');
  const staffDetail = h('div', { class: 'detail' });
  const roomDetail = h('div', { class: 'detail' });

  const drawStaff = () =>
    staffBody.replaceChildren(
      ...state.staff.map((member) =>
        h(
          'tr',
          { class: member.deactivatedFrom ? 'inactive' : null },
          h('th', { scope: 'row' }, h('button', { type: 'button', class: 'name', 'aria-expanded': String(staffDetail.dataset.id === member.id), onclick: () => openMember(member.id) }, member.name)),
          h('td', {}, PART(member.discipline)),
          h('td', { class: 'hours' }, hoursSummary(member)),
          h('td', {}, member.deactivatedFrom ? t('avaktiverad från {0}', member.deactivatedFrom) : t('i tjänst')),
        ),
      ),
    );
  const drawRooms = () =>
    roomBody.replaceChildren(
      ...state.rooms.map((room) =>
        h(
          'tr',
          { class: room.deactivatedFrom ? 'inactive' : null },
          h('th', { scope: 'row' }, h('button', { type: 'button', class: 'name', 'aria-expanded': String(roomDetail.dataset.id === room.id), onclick: () => openRoom(room.id) }, room.name)),
          h('td', {}, ROOM_KIND(room.kind)),
          h('td', {}, String(room.capacity)),
          h('td', {}, room.deactivatedFrom ? t('ur bruk från {0}', room.deactivatedFrom) : t('i bruk')),
        ),
      ),
    );
  const redraw = async () => {
    await reload();
    drawStaff();
    drawRooms();
  };

  async function openMember(id) {
    staffDetail.dataset.id = id;
    drawStaff();
    staffDetail.replaceChildren(await memberPanel(id, redraw));
    staffDetail.querySelector('h2').focus();
  }
  async function openRoom(id) {
    roomDetail.dataset.id = id;
    drawRooms();
    roomDetail.replaceChildren(roomPanel(id, redraw));
    roomDetail.querySelector('h2').focus();
  }

  drawStaff();
  drawRooms();
  show(
    t('Personal och rum'),
    h('p', { class: 'intro' }, t('Välj en person eller ett rum för att ändra arbetstider, frånvaro, uppgifter eller avaktivera. Besök som berörs listas; inget flyttas av sig självt.')),
    h(
      'section',
      { class: 'register', 'aria-labelledby': 'staff-title' },
      h('h2', { id: 'staff-title' }, t('Personal')),
      h('table', {}, h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('Namn')), h('th', { scope: 'col' }, t('Yrke')), h('th', { scope: 'col' }, t('Arbetstider')), h('th', { scope: 'col' }, t('Status')))), staffBody),
      staffDetail,
    ),
    h(
      'section',
      { class: 'register', 'aria-labelledby': 'rooms-title' },
      h('h2', { id: 'rooms-title' }, t('Rum')),
      h('table', {}, h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('Namn')), h('th', { scope: 'col' }, t('Typ')), h('th', { scope: 'col' }, t('Platser')), h('th', { scope: 'col' }, t('Status')))), roomBody),
      roomDetail,
    ),
  );
}

async function reload() {
  const site = state.siteId ? `?siteId=${state.siteId}` : '';
  [state.staff, state.rooms] = await Promise.all([api(`/staff${site}`), api(`/rooms${site}`)]);
  state.staff.sort((a, b) => a.name.localeCompare(b.name, 'sv'));
  state.rooms.sort((a, b) => a.name.localeCompare(b.name, 'sv'));
}

// ---------------------------------------------------------------- one staff member

async function memberPanel(id, redraw) {
  const member = () => state.staff.find((m) => m.id === id);
  const title = h('h2', { id: `member-${id.slice(0, 8)}`, tabindex: '-1' }, t('{0}, {1}', member().name, PART(member().discipline)));
  const absences = h('div', { class: 'absences' });
  const drawAbsences = async (edited) => {
    absences.replaceChildren(...(await absenceList(member(), drawAbsences, edited)));
    // After a change, back to the changed absence's buttons, its answer under it.
    if (edited) absences.querySelector(`[data-absence="${edited.id}"] button`)?.focus();
  };
  await drawAbsences();
  return h(
    'section',
    { class: 'panel', 'aria-labelledby': title.id },
    title,
    member().deactivatedFrom ? h('p', { class: 'inactive' }, t('Avaktiverad från {0}: planeras och bokas inte från den dagen.', longDate(member().deactivatedFrom))) : null,
    h('h3', {}, t('Frånvaro')),
    absences,
    absenceForm(member, { onSaved: drawAbsences }),
    member().deactivatedFrom ? null : hoursForm(member, redraw),
    member().deactivatedFrom ? null : deactivateForm(member, redraw),
  );
}

/** A week of day rows (one per block already there, at least one per day) from an effective date, optionally until one. */
function hoursForm(member, redraw) {
  const from = input({ type: 'date', name: 'from', required: true, value: addDays(today(), 1) });
  const until = input({ type: 'date', name: 'until' });
  const rows = h('tbody');
  const drawRows = (date) => {
    const blocks = hoursOn(member().workingHours, date || today());
    rows.replaceChildren(
      ...WEEKDAYS.flatMap((weekday) => {
        const ofDay = blocks.filter((b) => b.weekday === weekday).sort((a, b) => a.start.localeCompare(b.start));
        return (ofDay.length ? ofDay : [null]).map((block, i) => dayRow(weekday, block, i, { added: i > 0 }));
      }),
    );
  };
  // A new date shows the week that holds then, until a row has been changed by hand.
  rows.addEventListener('input', () => (rows.dataset.edited = 'true'));
  from.addEventListener('change', () => rows.dataset.edited || drawRows(from.value));
  drawRows(from.value);
  return changeForm({
    className: 'hours-form',
    title: t('Nya arbetstider från ett datum'),
    button: t('Spara arbetstiderna'),
    fields: [
      h('div', { class: 'dates' }, field(t('Gäller från och med'), from), field(t('Till (första dagen de gamla tiderna gäller igen, valfritt)'), until)),
      h(
        'table',
        { class: 'week' },
        h('caption', {}, t('Veckan som gäller från datumet')),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('Dag')), h('th', { scope: 'col' }, t('Arbetar')), h('th', { scope: 'col' }, t('Börjar')), h('th', { scope: 'col' }, t('Slutar')), h('th', { scope: 'col' }, t('Fler pass')))),
        rows,
      ),
    ],
    submit: async (form) => {
      const days = [...form.querySelectorAll('tr.day')];
      const worked = days.filter((row) => row.querySelector('input[type=checkbox]').checked);
      days.forEach((row) => nameTimes(row, worked.indexOf(row)));
      const problems = weekProblems(worked);
      if (problems.length) throw refusedHere(problems);
      const workingHours = worked.map((row) => ({ weekday: Number(row.dataset.weekday), start: row.querySelector('input.start').value, end: row.querySelector('input.end').value }));
      const body = { from: from.value, ...(until.value ? { until: until.value } : {}), workingHours };
      const { affectedAppointmentIds } = await api(`/staff/${member().id}/working-hours`, { method: 'POST', body });
      const shown = await affectedVisits(affectedAppointmentIds);
      await redraw();
      say(
        until.value
          ? t('Arbetstiderna för {0} är ändrade från {1} till {2}.', member().name, longDate(from.value), longDate(until.value))
          : t('Arbetstiderna för {0} är ändrade från {1}.', member().name, longDate(from.value)),
      );
      return shown;
    },
  });
}

/**
 * One block of a day: whether it is worked, its start and end, and a button for another block that
 * day (a split shift); an added block can be taken away again.
 */
function dayRow(weekday, block, index, { added = false } = {}) {
  const day = index ? t('{0}, pass {1}', weekdayName(weekday), index + 1) : weekdayName(weekday);
  const works = input({ type: 'checkbox', checked: block !== null, 'aria-label': t('{0}: arbetar', day) });
  const start = input({ type: 'time', class: 'start', value: block?.start ?? '08:00', disabled: block === null, 'aria-label': t('{0}: börjar', day) });
  const end = input({ type: 'time', class: 'end', value: block?.end ?? '16:30', disabled: block === null, 'aria-label': t('{0}: slutar', day) });
  works.addEventListener('change', () => {
    start.disabled = !works.checked;
    end.disabled = !works.checked;
  });
  const row = h('tr', { class: 'day', 'data-weekday': String(weekday) }, h('th', { scope: 'row' }, day), h('td', {}, works), h('td', {}, start), h('td', {}, end));
  const more = h('td', { class: 'more' });
  row.append(more);
  const addBlock = () => {
    const ofDay = [...row.parentElement.querySelectorAll(`tr.day[data-weekday="${weekday}"]`)];
    const last = ofDay[ofDay.length - 1];
    const after = last.querySelector('input.end').value || '12:00';
    const hourLater = `${String(Math.min(23, Number(after.slice(0, 2)) + 1)).padStart(2, '0')}:${after.slice(3, 5)}`;
    const next = dayRow(weekday, { start: after, end: hourLater }, ofDay.length, { added: true });
    last.after(next);
    row.parentElement.dataset.edited = 'true';
    next.querySelector('input.start').focus();
  };
  more.append(
    added
      ? h(
          'button',
          {
            type: 'button',
            onclick: () => {
              const previous = row.previousElementSibling;
              const body = row.parentElement;
              row.remove();
              body.dataset.edited = 'true';
              previous?.querySelector('input')?.focus();
            },
          },
          t('Ta bort {0}', day),
        )
      : h('button', { type: 'button', onclick: addBlock }, t('Lägg till ett pass {0}', weekdayName(weekday))),
  );
  return row;
}

/**
 * A block's times named as the API names the fields of the `index`th worked block
 * (`workingHours.2.end`), so the problems with them land at them; a block not worked has no name.
 */
function nameTimes(row, index) {
  for (const part of ['start', 'end']) {
    const control = row.querySelector(`input.${part}`);
    if (index < 0) control.removeAttribute('name');
    else control.name = `workingHours.${index}.${part}`;
  }
}

/**
 * What is wrong with the week's worked blocks before it is sent, coded as the API codes it, at the
 * named times: a missing time, an end before the start, two blocks of a day overlapping.
 */
function weekProblems(rows) {
  const problems = [];
  rows.forEach((row) => {
    const [start, end] = [row.querySelector('input.start'), row.querySelector('input.end')];
    if (!start.value) problems.push({ field: start.name, code: 'validation.time_format' });
    if (!end.value) problems.push({ field: end.name, code: 'validation.time_format' });
    else if (start.value && end.value <= start.value) problems.push({ field: end.name, code: 'validation.after', params: { other: 'start' } });
  });
  rows.forEach((row, i) => {
    const [start, end] = [row.querySelector('input.start'), row.querySelector('input.end')];
    const clash = rows.slice(0, i).find((other) => other.dataset.weekday === row.dataset.weekday && other.querySelector('input.start').value < end.value && start.value < other.querySelector('input.end').value);
    if (clash && start.value && end.value) problems.push({ field: start.name, code: 'validation.hours_overlap', params: { weekday: Number(row.dataset.weekday), start: start.value, end: end.value } });
  });
  return problems;
}

/** The member's current and coming absences; `edited` ({id, shown}): the answer to a change of one, shown under it. */
async function absenceList(member, redrawList, edited) {
  const now = siteNow();
  const absences = (await api(`/staff/${member.id}/absences`)).filter((a) => a.end.slice(0, 19) > now).sort((a, b) => a.start.localeCompare(b.start));
  if (!absences.length) return [h('p', {}, t('Ingen pågående eller kommande frånvaro.'))];
  return [
    h(
      'ul',
      { class: 'absence-list' },
      absences.map((absence) => {
        const text = h(
          'span',
          { id: `absence-${absence.id.slice(0, 8)}` },
          absence.note ? t('{0}: {1} ({2})', span(absence.start, absence.end), REASON(absence.reason), absence.note) : t('{0}: {1}', span(absence.start, absence.end), REASON(absence.reason)),
        );
        const editing = h('div', { class: 'editing' }, edited?.id === absence.id ? h('div', { class: 'result' }, edited.shown) : null);
        const item = h(
          'li',
          { 'data-absence': absence.id },
          text,
          h(
            'span',
            { class: 'buttons' },
            h(
              'button',
              {
                type: 'button',
                'aria-describedby': text.id,
                onclick: () => {
                  editing.replaceChildren(absenceForm(() => member, { absence, onSaved: redrawList }));
                  editing.querySelector('input')?.focus();
                },
              },
              t('Ändra'),
            ),
            h(
              'button',
              {
                type: 'button',
                'aria-describedby': text.id,
                onclick: async () => {
                  try {
                    await confirmChange(t('Ta bort frånvaron {0}?', span(absence.start, absence.end)), t('Ta bort'));
                    await api(`/staff/${member.id}/absences/${absence.id}`, { method: 'DELETE' });
                    await redrawList();
                    say(t('Frånvaron är borttagen; tiden är ledig för bokning igen.'));
                  } catch (error) {
                    if (error !== CANCELLED) sayProblem(error);
                  }
                },
              },
              t('Ta bort'),
            ),
          ),
          editing,
        );
        return item;
      }),
    ),
  ];
}

/** A new absence (with proposals for the visits inside it when asked), or a change of one. */
function absenceForm(member, { absence = null, onSaved }) {
  const tomorrow = addDays(today(), 1);
  const start = input({ type: 'datetime-local', name: 'start', required: true, value: absence ? absence.start.slice(0, 16) : `${tomorrow}T08:00` });
  const end = input({ type: 'datetime-local', name: 'end', required: true, value: absence ? absence.end.slice(0, 16) : `${tomorrow}T16:30` });
  const reason = select('reason', ['vacation', 'sick', 'course', 'other'].map((code) => [code, REASON(code)]), absence?.reason ?? 'sick');
  const note = input({ type: 'text', name: 'note', maxlength: '500', value: absence?.note ?? '' });
  const propose = input({ type: 'checkbox', name: 'propose', checked: true });
  return changeForm({
    className: 'absence-form',
    title: absence ? t('Ändra frånvaron') : t('Ny frånvaro'),
    button: absence ? t('Spara frånvaron') : t('Registrera frånvaron'),
    fields: [
      h('div', { class: 'dates' }, field(t('Börjar'), start), field(t('Slutar'), end)),
      h('div', { class: 'dates' }, field(t('Orsak'), reason), field(t('Anteckning (valfri)'), note)),
      absence ? null : field(t('Föreslå var de berörda besöken kan flyttas'), propose),
    ],
    submit: async () => {
      const body = { start: start.value && siteInstant(start.value), end: end.value && siteInstant(end.value), reason: reason.value };
      const path = `/staff/${member().id}/absences`;
      let answer;
      if (absence) {
        answer = await api(`${path}/${absence.id}`, { method: 'PATCH', body: { ...body, note: note.value || null } });
      } else {
        answer = await api(propose.checked ? `${path}?propose=true` : path, { method: 'POST', body: { ...body, ...(note.value ? { note: note.value } : {}) } });
      }
      const shown = await affectedVisits(answer.affectedAppointmentIds ?? [], { proposals: answer.proposals, complete: answer.proposalsComplete !== false, absentStaffId: member().id });
      await onSaved(absence ? { id: absence.id, shown } : undefined);
      say(absence ? t('Frånvaron för {0} är ändrad: {1}.', member().name, span(answer.start, answer.end)) : t('Frånvaron för {0} är registrerad: {1}.', member().name, span(answer.start, answer.end)));
      // A changed absence's answer is under it in the list drawn again.
      return absence ? undefined : shown;
    },
  });
}

function deactivateForm(member, redraw) {
  const from = input({ type: 'date', name: 'from', required: true, value: addDays(today(), 1) });
  return changeForm({
    className: 'deactivate-form',
    title: t('Avaktivera'),
    button: t('Avaktivera {0}', member().name),
    fields: [field(t('Första dagen utan planering och bokning'), from, { hint: t('Personen planeras och bokas inte från den dagen. Bokade besök från dagen listas; de flyttas inte.') })],
    submit: async (form) => {
      if (from.value) await confirmChange(t('Avaktivera {0} från {1}?', member().name, longDate(from.value)), t('Avaktivera'));
      const { affectedAppointmentIds } = await api(`/staff/${member().id}/deactivate`, { method: 'POST', body: { from: from.value } });
      const shown = await affectedVisits(affectedAppointmentIds);
      await redraw();
      // Nothing more to change in their hours or to deactivate: the forms give way to what was done.
      form.closest('.panel').querySelector('.hours-form')?.parentElement.remove();
      replaceWithNote(form, t('Avaktiverad från {0}: planeras och bokas inte från den dagen.', longDate(from.value)));
      say(t('{0} är avaktiverad från {1}.', member().name, longDate(from.value)));
      return shown;
    },
  });
}

/** A form that has done its work gives way to a note of it, which takes the focus its button had. */
function replaceWithNote(form, text) {
  const note = h('p', { class: 'inactive done', tabindex: '-1' }, text);
  form.replaceWith(note);
  note.focus();
}

// ---------------------------------------------------------------- one room

function roomPanel(id, redraw) {
  const room = () => state.rooms.find((r) => r.id === id);
  const title = h('h2', { id: `room-${id.slice(0, 8)}`, tabindex: '-1' }, room().name);
  const name = input({ type: 'text', name: 'name', required: true, maxlength: '200', value: room().name });
  const kind = select('kind', ['office', 'group_room', 'gym'].map((code) => [code, ROOM_KIND(code)]), room().kind);
  const capacity = input({ type: 'number', name: 'capacity', min: '1', max: '100', required: true, value: String(room().capacity) });
  const from = input({ type: 'date', name: 'from', required: true, value: addDays(today(), 1) });
  return h(
    'section',
    { class: 'panel', 'aria-labelledby': title.id },
    title,
    room().deactivatedFrom ? h('p', { class: 'inactive' }, t('Ur bruk från {0}: planeras och bokas inte från den dagen.', longDate(room().deactivatedFrom))) : null,
    changeForm({
      className: 'room-form',
      title: t('Rummets uppgifter'),
      button: t('Spara rummet'),
      fields: [field(t('Namn'), name), field(t('Typ'), kind), field(t('Platser (patienter)'), capacity)],
      submit: async () => {
        const body = { name: name.value, kind: kind.value, capacity: capacity.value === '' ? capacity.value : Number(capacity.value) };
        const { affectedAppointmentIds } = await api(`/rooms/${id}`, { method: 'PATCH', body });
        const shown = await affectedVisits(affectedAppointmentIds);
        await redraw();
        title.textContent = room().name;
        say(t('Rummet {0} är sparat.', room().name));
        return shown;
      },
    }),
    room().deactivatedFrom
      ? null
      : changeForm({
          className: 'deactivate-form',
          title: t('Ta ur bruk'),
          button: t('Ta {0} ur bruk', room().name),
          fields: [field(t('Första dagen rummet inte används'), from, { hint: t('Rummet planeras och bokas inte från den dagen. Bokade besök i rummet från dagen listas; de flyttas inte.') })],
          submit: async (form) => {
            if (from.value) await confirmChange(t('Ta {0} ur bruk från {1}?', room().name, longDate(from.value)), t('Ta ur bruk'));
            const { affectedAppointmentIds } = await api(`/rooms/${id}/deactivate`, { method: 'POST', body: { from: from.value } });
            const shown = await affectedVisits(affectedAppointmentIds);
            await redraw();
            replaceWithNote(form, t('Ur bruk från {0}: planeras och bokas inte från den dagen.', longDate(from.value)));
            say(t('{0} är ur bruk från {1}.', room().name, longDate(from.value)));
            return shown;
          },
        }),
  );
}
