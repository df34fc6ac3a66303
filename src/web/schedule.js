// The team's schedule, for the coordinator: a column per clinician or, switched, per room, for a day
// or a week (Monday to Friday unless the weekend is asked for), in the site's time. Drawn here with a
// CSS grid rather than a calendar library: ten clinicians over five days would be fifty slivers, so a
// week of several columns is a table of days by columns, and one column's week is a time grid of days.
// A visit is opened by a click or Enter, moved by dragging it to another time or column (visit.js
// shows the planner's proposal and asks first), and a free time is booked by a click or Enter on it.
import { api, h, labelled, longDate, session, show, siteClock, siteNow } from './dom.js';
import { t } from './i18n.js';
import { KIND, VISIT_STATUS, visitText } from './episode.js';
import { DISCIPLINE, DISCIPLINES } from './words.js';
import { bookAt, moveVisit, openVisit } from './visit.js';

const KINDS = ['assessment_visit', 'feedback_conversation', 'group_session', 'individual_visit', 'follow_up_visit'];
const DAY_MS = 86_400_000;
/** Minutes a free slot lasts, and what a dragged visit snaps to. */
const STEP = 15;
/** The length of a visit booked on a free slot, until the booking form says otherwise. */
const BOOKING_MINUTES = 60;
/** Pixels a minute in the time grid, and the height of the shortest box, so a short visit still reads. */
const PX = 1.6;
const MIN_BOX = 34;
const NO_ROOM = 'no-room';

/** What the coordinator chose last, kept in this tab. */
function loadChoices() {
  const saved = JSON.parse(sessionStorage.getItem('schedule') ?? 'null');
  return { view: 'day', by: 'staff', weekend: false, discipline: '', staffId: '', date: sessionStorage.getItem('week') ?? siteNow().slice(0, 10), ...saved };
}

export async function scheduleView() {
  const choice = loadChoices();
  let data = { staff: [], appointments: [], absences: [] };
  let closed = new Map();
  let rooms = [];
  // A drag ends with a pointerup that the browser may also deliver as a click: that click opens nothing.
  let dragged = false;

  const keep = () => sessionStorage.setItem('schedule', JSON.stringify(choice));
  const heading = h('h2', { id: 'schedule-range', 'aria-live': 'polite' });
  const board = h('div', { class: 'sched-board' });
  const toggle = (pressed, text, onclick) => h('button', { type: 'button', 'aria-pressed': String(pressed), onclick }, text);
  const discipline = h('select', { onchange: () => ((choice.discipline = discipline.value), (choice.staffId = ''), keep(), void reload()) },
    h('option', { value: '' }, t('Alla yrken')),
    DISCIPLINES.map((code) => h('option', { value: code, selected: code === choice.discipline }, DISCIPLINE(code))));
  const clinician = h('select', { onchange: () => ((choice.staffId = clinician.value), keep(), render()) });
  const weekend = h('input', { type: 'checkbox', checked: choice.weekend, onchange: () => ((choice.weekend = weekend.checked), keep(), void reload()) });
  const controls = h('div', { class: 'sched-controls' });

  show(t('Teamets schema'), h('div', { class: 'schedule' }, controls, h('div', { class: 'sched-head' }, heading, legend()), board));

  function drawControls() {
    const step = (days) => () => ((choice.date = addDays(choice.date, days)), keep(), void reload());
    const length = choice.view === 'day' ? 1 : 7;
    // Drawn again on every change: the focus stays on the button of the same words.
    const focused = controls.contains(document.activeElement) && document.activeElement.tagName === 'BUTTON' ? document.activeElement.textContent : null;
    controls.replaceChildren(...[
      h('div', { class: 'sched-group', role: 'group', 'aria-label': t('Bläddra') },
        h('button', { type: 'button', onclick: step(-length) }, choice.view === 'day' ? t('Föregående dag') : t('Föregående vecka')),
        h('button', { type: 'button', onclick: () => ((choice.date = siteNow().slice(0, 10)), keep(), void reload()) }, t('I dag')),
        h('button', { type: 'button', onclick: step(length) }, choice.view === 'day' ? t('Nästa dag') : t('Nästa vecka'))),
      h('div', { class: 'sched-group', role: 'group', 'aria-label': t('Visa period') },
        toggle(choice.view === 'day', t('En dag'), () => ((choice.view = 'day'), keep(), void reload())),
        toggle(choice.view === 'week', t('En vecka'), () => ((choice.view = 'week'), keep(), void reload()))),
      h('div', { class: 'sched-group', role: 'group', 'aria-label': t('Kolumner') },
        toggle(choice.by === 'staff', t('Per behandlare'), () => ((choice.by = 'staff'), keep(), render())),
        toggle(choice.by === 'room', t('Per rum'), () => ((choice.by = 'room'), keep(), render()))),
      choice.view === 'week' ? h('label', { class: 'sched-check' }, weekend, t('Visa helgen')) : null,
      labelled(t('Yrkesgrupp'), discipline),
      labelled(t('Visa behandlare'), clinician),
    ].filter(Boolean));
    if (focused) [...controls.querySelectorAll('button')].find((button) => button.textContent === focused)?.focus();
  }

  const days = () => {
    if (choice.view === 'day') return [choice.date];
    const monday = addDays(choice.date, -weekday(choice.date));
    return Array.from({ length: choice.weekend ? 7 : 5 }, (_, i) => addDays(monday, i));
  };

  /** Draws again from the API; `changed` (what visit.js answered) keeps the focus on that visit. */
  async function reload(changed) {
    const shown = days();
    const first = shown[0];
    const last = shown[shown.length - 1];
    // The days are the site's; a day either side covers any offset, and each visit is placed by its own local date.
    const range = `from=${new Date(Date.parse(`${first}T00:00:00Z`) - DAY_MS).toISOString()}&to=${new Date(Date.parse(`${last}T00:00:00Z`) + 2 * DAY_MS).toISOString()}`;
    const [calendar, closedDays, siteRooms] = await Promise.all([
      api(`/sites/${session.siteId}/calendar?${range}&withCancelled=true${choice.discipline ? `&discipline=${choice.discipline}` : ''}`),
      api(`/sites/${session.siteId}/closed-days?from=${first}&to=${addDays(last, 1)}`),
      rooms.length ? rooms : api(`/rooms?siteId=${session.siteId}`),
    ]);
    data = calendar;
    closed = new Map(closedDays.map((day) => [day.date, day.reason]));
    rooms = siteRooms;
    if (choice.staffId && !data.staff.some((s) => s.id === choice.staffId)) choice.staffId = '';
    render();
    if (changed?.id) board.querySelector(`.visit[data-id="${changed.id}"]`)?.focus();
  }

  /** The clinicians by profession, then by name. */
  const team = () => [...data.staff].sort((a, b) => DISCIPLINES.indexOf(a.discipline) - DISCIPLINES.indexOf(b.discipline) || a.name.localeCompare(b.name, 'sv'));

  /** The columns: the clinicians (one, if chosen) or the rooms in use, and visits with no room if any. */
  function columns() {
    if (choice.by === 'staff') {
      return team()
        .filter((s) => !choice.staffId || s.id === choice.staffId)
        .map((s) => ({ key: s.id, name: s.name, detail: DISCIPLINE(s.discipline), staffId: s.id }));
    }
    const list = rooms.filter((room) => !room.deactivatedFrom || room.deactivatedFrom > days()[0]).map((room) => ({ key: room.id, name: room.name, detail: '', roomId: room.id }));
    return data.appointments.some((a) => !a.room) ? [...list, { key: NO_ROOM, name: t('Utan rum'), detail: '', roomId: NO_ROOM }] : list;
  }

  /** The visits in a column on a day; a cancelled one only until another visit fills its time there. */
  function visitsIn(column, date) {
    const mine = data.appointments.filter((a) => {
      if (siteClock(a.start).slice(0, 10) !== date) return false;
      if (choice.staffId && !a.staff.some((s) => s.id === choice.staffId)) return false;
      if (column.staffId) return a.staff.some((s) => s.id === column.staffId);
      return column.roomId === NO_ROOM ? !a.room : a.room?.id === column.roomId;
    });
    const live = mine.filter((a) => a.status !== 'cancelled');
    return mine.filter((a) => a.status !== 'cancelled' || !live.some((b) => b.start < a.end && a.start < b.end));
  }

  /** The column's owner's absences on a day, as minutes of that day. */
  function absencesIn(column, date) {
    if (!column.staffId) return [];
    return data.absences
      .filter((a) => a.staffId === column.staffId)
      .map((a) => {
        const start = siteClock(a.start);
        const end = siteClock(a.end);
        return { from: start.slice(0, 10) < date ? 0 : minutesOf(start), to: end.slice(0, 10) > date ? 24 * 60 : minutesOf(end), starts: start.slice(0, 10), ends: end.slice(0, 10) };
      })
      .filter((a) => a.starts <= date && a.ends >= date && a.to > a.from);
  }

  function render() {
    drawControls();
    clinician.replaceChildren(
      h('option', { value: '' }, t('Alla behandlare')),
      ...team().map((s) => h('option', { value: s.id, selected: s.id === choice.staffId }, s.name)),
    );
    const shown = days();
    heading.textContent = choice.view === 'day' ? capitalised(longDate(shown[0])) : t('Vecka {0}: {1} – {2}', isoWeek(shown[0]), shortDate(shown[0]), shortDate(shown[shown.length - 1]));
    const cols = columns();
    if (!cols.length) {
      board.replaceChildren(h('p', {}, t('Inga behandlare att visa.')));
      return;
    }
    if (choice.view === 'day') board.replaceChildren(timeGrid(cols.map((c) => ({ ...c, date: shown[0], head: [c.name, c.detail] }))));
    else if (cols.length === 1) board.replaceChildren(timeGrid(shown.map((date) => ({ ...cols[0], key: `${cols[0].key}-${date}`, date, head: [capitalised(shortDate(date)), cols[0].name] }))));
    else board.replaceChildren(weekTable(cols, shown));
  }

  /** Columns over the hours: free slots to book, absences shaded, visits side by side where they overlap. */
  function timeGrid(cols) {
    const all = cols.flatMap((c) => visitsIn(c, c.date));
    const startHour = Math.min(7, ...all.map((a) => Math.floor(minutesOf(siteClock(a.start)) / 60)));
    const endHour = Math.max(18, ...all.map((a) => Math.ceil(minutesOf(siteClock(a.end)) / 60)));
    const first = startHour * 60;
    const height = (endHour - startHour) * 60 * PX;
    const y = (minutes) => (minutes - first) * PX;

    const grid = h('div', { class: 'sched-grid' });
    grid.style.setProperty('--columns', String(cols.length));
    grid.append(h('div', { class: 'sched-corner', 'aria-hidden': 'true' }));
    for (const c of cols) {
      const reason = closed.get(c.date);
      grid.append(h('div', { class: `sched-col-head${reason ? ' closed' : ''}` }, h('span', { class: 'name' }, c.head[0]), c.head[1] ? h('span', { class: 'detail' }, c.head[1]) : null, reason ? h('span', { class: 'detail' }, t('Stängt: {0}', reason)) : null));
    }
    const hours = h('div', { class: 'sched-hours', 'aria-hidden': 'true' });
    hours.style.height = `${height}px`;
    for (let hour = startHour; hour < endHour; hour++) {
      const label = h('span', {}, `${String(hour).padStart(2, '0')}:00`);
      label.style.top = `${y(hour * 60)}px`;
      hours.append(label);
    }
    grid.append(hours);

    cols.forEach((c, index) => {
      const reason = closed.get(c.date);
      const col = h('div', { class: `sched-col${reason ? ' closed' : ''}`, role: 'group', 'aria-label': `${c.head.filter(Boolean).join(', ')}` });
      col.style.height = `${height}px`;
      col.dataset.index = String(index);
      if (reason) {
        col.append(h('div', { class: 'sched-closed' }, t('Stängt: {0}', reason)));
      } else {
        const slots = [];
        for (let minutes = first; minutes < endHour * 60; minutes += STEP) {
          const time = clock(minutes);
          const slot = h('button', {
            type: 'button',
            class: `slot${minutes % 60 === 0 ? ' hour' : ''}`,
            tabindex: slots.length === 0 ? '0' : '-1',
            'aria-label': c.staffId ? t('Boka {0} hos {1}', time, c.name) : t('Boka {0} i {1}', time, c.name),
            onclick: () => book(c, c.date, minutes),
          }, h('span', { class: 'slot-time', 'aria-hidden': 'true' }, `+ ${time}`));
          slot.style.top = `${y(minutes)}px`;
          slot.style.height = `${STEP * PX}px`;
          slots.push(slot);
        }
        roving(slots, grid, index);
        col.append(...slots);
      }
      for (const absence of absencesIn(c, c.date)) {
        const from = Math.max(absence.from, first);
        const to = Math.min(absence.to, endHour * 60);
        if (to <= from) continue;
        const block = h('div', { class: 'sched-absence' }, h('span', {}, t('Frånvaro {0}–{1}', absence.from === 0 ? '00:00' : clock(absence.from), absence.to === 24 * 60 ? '24:00' : clock(absence.to))));
        block.style.top = `${y(from)}px`;
        block.style.height = `${(to - from) * PX}px`;
        col.append(block);
      }
      for (const { appointment, lane, lanes } of laidOut(visitsIn(c, c.date), first, endHour * 60)) {
        const box = visitButton(appointment, c, 'box');
        const start = Math.max(minutesOf(siteClock(appointment.start)), first);
        box.style.top = `${y(start)}px`;
        box.style.setProperty('--height', `${Math.max((minutesOf(siteClock(appointment.end)) - start) * PX, MIN_BOX)}px`);
        box.style.left = `calc(${(100 * lane) / lanes}% + 2px)`;
        box.style.width = `calc(${100 / lanes}% - 4px)`;
        draggable(box, appointment, c, (event, grab) => {
          const target = document.elementFromPoint(event.clientX, event.clientY)?.closest('.sched-col');
          if (!target || !grid.contains(target) || target.classList.contains('closed')) return null;
          const column = cols[Number(target.dataset.index)];
          const top = target.getBoundingClientRect().top;
          const minutes = first + Math.round((event.clientY - grab.y - top) / PX / STEP) * STEP;
          const length = minutesOf(siteClock(appointment.end)) - minutesOf(siteClock(appointment.start));
          const start = Math.max(first, Math.min(minutes, endHour * 60 - length));
          return { column, date: column.date, minutes: start, show: () => (target.append(box), (box.style.top = `${y(start)}px`), (box.style.left = '2px'), (box.style.width = 'calc(100% - 4px)')) };
        });
        col.append(box);
      }
      grid.append(col);
    });
    return grid;
  }

  /** Several columns over a week: a row a day, each cell the column's visits of the day in order. */
  function weekTable(cols, shown) {
    const table = h('table', { class: 'sched-week' },
      h('caption', { class: 'visually-hidden' }, choice.by === 'staff' ? t('Veckan per behandlare') : t('Veckan per rum')),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('Veckodag')), cols.map((c) => h('th', { scope: 'col' }, h('span', { class: 'name' }, c.name), c.detail ? h('span', { class: 'detail' }, c.detail) : null)))));
    const body = h('tbody');
    for (const date of shown) {
      const reason = closed.get(date);
      const row = h('tr', { class: reason ? 'closed' : null },
        h('th', { scope: 'row' },
          h('button', { type: 'button', class: 'day-link', onclick: () => ((choice.view = 'day'), (choice.date = date), keep(), void reload()) }, capitalised(shortDate(date))),
          reason ? h('span', { class: 'detail' }, t('Stängt: {0}', reason)) : null));
      cols.forEach((c) => {
        const absences = absencesIn(c, date);
        const cell = h('td', { class: `sched-cell${absences.length ? ' absent' : ''}` },
          absences.map((a) => h('p', { class: 'sched-absence-note' }, a.from === 0 && a.to === 24 * 60 ? t('Frånvaro hela dagen') : t('Frånvaro {0}–{1}', a.from === 0 ? '00:00' : clock(a.from), a.to === 24 * 60 ? '24:00' : clock(a.to)))));
        cell.dataset.date = date;
        cell.dataset.key = c.key;
        for (const appointment of visitsIn(c, date)) {
          const chip = visitButton(appointment, c, 'chip');
          draggable(chip, appointment, c, (event) => {
            const target = document.elementFromPoint(event.clientX, event.clientY)?.closest('td.sched-cell');
            if (!target || !table.contains(target) || target.parentElement.classList.contains('closed')) return null;
            const column = cols.find((k) => k.key === target.dataset.key);
            return { column, date: target.dataset.date, minutes: minutesOf(siteClock(appointment.start)), show: () => target.append(chip) };
          });
          cell.append(chip);
        }
        // The empty part of a cell opens that day, where its free times are.
        cell.addEventListener('click', (event) => {
          if (event.target !== cell || reason) return;
          choice.view = 'day';
          choice.date = date;
          keep();
          void reload();
        });
        row.append(cell);
      });
      body.append(row);
    }
    table.append(body);
    return table;
  }

  /** A visit as a button: a click or Enter opens it; its whole text is its name and its tooltip. */
  function visitButton(appointment, column, shape) {
    const patients = appointment.patients.length > 2 ? t('{0} deltagare', appointment.patients.length) : appointment.patients.map((p) => p.name ?? p.initials).join(', ');
    const where = column.staffId ? appointment.room?.name : appointment.staff.map((s) => s.name).join(', ');
    const when = `${siteClock(appointment.start).slice(11, 16)}–${siteClock(appointment.end).slice(11, 16)}`;
    const cancelled = appointment.status === 'cancelled';
    const whole = [when, visitText(appointment), patients, where, cancelled ? VISIT_STATUS('cancelled') : ''].filter(Boolean).join(', ');
    return h('button', {
      type: 'button',
      class: `visit ${shape} kind-${appointment.kind} status-${appointment.status}`,
      title: whole,
      'data-id': appointment.id,
      onclick: () => {
        if (!dragged) openVisit(appointment, { onChange: (changed) => void reload(changed) });
      },
    },
      cancelled ? h('span', { class: 'badge' }, VISIT_STATUS('cancelled')) : null,
      h('span', { class: 'when' }, when),
      h('span', { class: 'what' }, visitText(appointment)),
      patients ? h('span', { class: 'who' }, patients) : null,
      where ? h('span', { class: 'where' }, where) : null);
  }

  /**
   * Dragging a visit: the box follows the pointer into the column and time under it; let go, and
   * visit.js shows what the move would do and asks. Given up, or refused, the box goes back.
   */
  function draggable(box, appointment, from, targetAt) {
    box.addEventListener('pointerdown', (down) => {
      if (down.button !== 0) return;
      const rect = box.getBoundingClientRect();
      const grab = { y: down.clientY - rect.top };
      let moving = false;
      let target = null;
      const move = (event) => {
        if (!moving && Math.hypot(event.clientX - down.clientX, event.clientY - down.clientY) < 6) return;
        if (!moving) {
          moving = true;
          box.classList.add('dragging');
        }
        const next = targetAt(event, grab);
        if (next) {
          target = next;
          next.show();
        }
      };
      const up = () => {
        window.removeEventListener('pointermove', move);
        window.removeEventListener('pointerup', up);
        if (!moving) return;
        dragged = true;
        window.setTimeout(() => (dragged = false), 0);
        box.classList.remove('dragging');
        const start = minutesOf(siteClock(appointment.start));
        const length = minutesOf(siteClock(appointment.end)) - start;
        const sameColumn = target && target.column.staffId === from.staffId && target.column.roomId === from.roomId;
        if (!target || (sameColumn && target.date === siteClock(appointment.start).slice(0, 10) && target.minutes === start)) {
          render();
          return;
        }
        const place = { start: instant(target.date, target.minutes), end: instant(target.date, target.minutes + length) };
        if (target.column.staffId && target.column.staffId !== from.staffId) {
          place.staffIds = [...new Set(appointment.staff.map((s) => (s.id === from.staffId ? target.column.staffId : s.id)))];
        }
        if (target.column.roomId && target.column.roomId !== NO_ROOM && target.column.roomId !== from.roomId) place.roomId = target.column.roomId;
        moveVisit(appointment, place, { onChange: (moved) => void reload(moved), onCancel: () => render() });
      };
      window.addEventListener('pointermove', move);
      window.addEventListener('pointerup', up);
    });
  }

  function book(column, date, minutes) {
    const slot = { start: instant(date, minutes), end: instant(date, minutes + BOOKING_MINUTES) };
    if (column.staffId) slot.staffId = column.staffId;
    if (column.roomId && column.roomId !== NO_ROOM) slot.roomId = column.roomId;
    bookAt(slot, { onChange: (booked) => void reload(booked) });
  }

  await reload();
}

/** One tab stop a column: the arrow keys go from slot to slot, and to the same time in the next column. */
function roving(slots, grid, index) {
  slots.forEach((slot, i) =>
    slot.addEventListener('keydown', (event) => {
      const go = (next) => {
        if (!next) return;
        event.preventDefault();
        slot.tabIndex = -1;
        next.tabIndex = 0;
        next.focus();
      };
      if (event.key === 'ArrowDown') go(slots[i + 1]);
      else if (event.key === 'ArrowUp') go(slots[i - 1]);
      else if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') {
        const column = grid.querySelector(`.sched-col[data-index="${index + (event.key === 'ArrowRight' ? 1 : -1)}"]`);
        go(column?.querySelectorAll('.slot')[i]);
      }
    }),
  );
}

/** Overlapping visits side by side, each in the first lane free at its start; a group shares its lanes. */
function laidOut(appointments, first, last) {
  const span = (a) => {
    const start = Math.max(minutesOf(siteClock(a.start)), first);
    return { start, end: Math.min(Math.max(minutesOf(siteClock(a.end)), start + MIN_BOX / PX), last + MIN_BOX / PX) };
  };
  const placed = [];
  let group = [];
  let groupEnd = -1;
  let laneEnds = [];
  const close = () => group.forEach((item) => (item.lanes = laneEnds.length));
  for (const appointment of [...appointments].sort((a, b) => a.start.localeCompare(b.start))) {
    const { start, end } = span(appointment);
    if (start >= groupEnd) {
      close();
      group = [];
      laneEnds = [];
    }
    let lane = laneEnds.findIndex((laneEnd) => laneEnd <= start);
    if (lane < 0) lane = laneEnds.push(end) - 1;
    else laneEnds[lane] = end;
    const item = { appointment, lane, lanes: 1 };
    group.push(item);
    placed.push(item);
    groupEnd = Math.max(groupEnd, end);
  }
  close();
  return placed;
}

function legend() {
  return h('ul', { class: 'legend sched-legend', 'aria-label': t('Färger') },
    KINDS.map((kind) => h('li', { class: `kind-${kind}` }, KIND(kind))),
    h('li', { class: 'cancelled' }, t('Inställd, tiden ledig')),
    h('li', { class: 'absence' }, t('Frånvaro')),
    h('li', { class: 'closed' }, t('Stängd dag')));
}

const minutesOf = (clockText) => Number(clockText.slice(11, 13)) * 60 + Number(clockText.slice(14, 16));
const clock = (minutes) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
const addDays = (date, days) => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
/** 0 for Monday. */
const weekday = (date) => (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
const capitalised = (text) => text.charAt(0).toUpperCase() + text.slice(1);
const shortDate = (date) => new Date(`${date}T12:00:00Z`).toLocaleDateString(document.documentElement.lang === 'en' ? 'en-GB' : 'sv-SE', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });

function isoWeek(date) {
  const thursday = Date.parse(`${addDays(date, 3 - weekday(date))}T00:00:00Z`);
  const yearStart = Date.UTC(new Date(thursday).getUTCFullYear(), 0, 1);
  return Math.floor((thursday - yearStart) / (7 * DAY_MS)) + 1;
}

/** How many minutes the site's clock is ahead of UTC at an instant. */
function offsetAt(utcMs) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone: session.timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
      .formatToParts(new Date(utcMs))
      .map((part) => [part.type, part.value]),
  );
  return Math.round((Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute)) - utcMs) / 60_000);
}

/** A time of the site's day (its date, minutes after midnight) as an ISO instant in the site's offset. */
function instant(date, minutes) {
  const local = Date.parse(`${date}T00:00:00Z`) + minutes * 60_000;
  const offset = offsetAt(local - offsetAt(local) * 60_000);
  const abs = Math.abs(offset);
  return `${new Date(local).toISOString().slice(0, 19)}${offset < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
