// One visit, wherever it is opened (the team schedule, a clinician's week, a worklist, #/visit/<id>):
// its details and attendance, cancelling it and filling the freed time from the cancellation list,
// moving it with the planner's proposal first, and booking a new visit at a free time.
import { api, clearProblems, h, labelled, localWhen, longDate, problemLine, problemsOf, problemText, say, session, show, showProblems } from './dom.js';
import { problemInLanguage } from './problems.js';
import { labels, t } from './i18n.js';
import { KIND, VISIT_STATUS, visitText } from './episode.js';
import { patientPicker } from './patient-picker.js';
import { DISCIPLINE, DISCIPLINES, PART } from './words.js';

const CATEGORY = labels({ patient_cancelled: 'Patienten har lämnat återbud', unit_cancelled: 'Enheten har ställt in', illness: 'Sjukdom' });
const STANDING = labels({ ok: 'i tid', at_risk: 'risk', breached: 'överskriden' });
/** The kinds a visit booked by hand may be; the others belong to an assessment or a program, booked whole. */
const BOOKABLE_KINDS = ['individual_visit', 'follow_up_visit'];

const coordinating = () => ['coordinator', 'admin'].includes(session.me?.role);
const minutesOf = (visit) => Math.round((Date.parse(visit.end) - Date.parse(visit.start)) / 60000);
const clock = (iso) => iso.slice(11, 16);
const when = (visit) => t('{0}–{1}', localWhen(visit.start), clock(visit.end));
/** Children for replaceChildren, which would print a left-out one as "null". */
const present = (...nodes) => nodes.flat(Infinity).filter((node) => node !== null && node !== undefined && node !== false);
let ids = 0;
const nextId = (name) => `visit-${name}-${++ids}`;

// ---- names of the site's staff and rooms, for a screen that never shows an id ---------------------

const siteNames = new Map();
/** The site's staff and rooms by id (asked once a screen, since a coordinator may add some meanwhile). */
function namesOf(siteId = session.siteId) {
  if (!siteNames.has(siteId)) {
    const query = siteId ? `?siteId=${siteId}` : '';
    siteNames.set(
      siteId,
      Promise.all([api(`/staff${query}`), api(`/rooms${query}`)]).then(([staff, rooms]) => ({
        staff: new Map(staff.map((s) => [s.id, s])),
        rooms: new Map(rooms.map((r) => [r.id, r])),
      })),
    );
    void siteNames.get(siteId).catch(() => siteNames.delete(siteId));
  }
  return siteNames.get(siteId);
}
const staffName = (names, id) => names.staff.get(id)?.name ?? t('en behandlare');
const roomName = (names, id) => (id ? (names.rooms.get(id)?.name ?? t('ett rum')) : t('inget rum'));

/**
 * A visit as the calendars give it (names of staff, room and patients), made from GET
 * /appointments/:id, which gives ids only: the names come from the site's staff and rooms and each
 * patient's record (a clinician may not read one: then "patient 1").
 */
async function loadVisit(id) {
  const visit = await api(`/appointments/${id}`);
  const names = await namesOf(visit.siteId);
  const patients = await Promise.all(visit.patientIds.map((patientId) => api(`/patients/${patientId}`).catch(() => null)));
  return {
    ...visit,
    room: visit.roomId ? { id: visit.roomId, name: roomName(names, visit.roomId) } : null,
    staff: visit.staffIds.map((staffId) => ({ id: staffId, name: staffName(names, staffId), discipline: names.staff.get(staffId)?.discipline ?? null })),
    patients: visit.patientIds.map((patientId, i) => ({
      id: patientId,
      name: patients[i]?.name ?? t('patient {0}', i + 1),
      interpreter: visit.participants.find((p) => p.patientId === patientId)?.interpreter ?? null,
    })),
    assessment: visit.assessmentId ? { id: visit.assessmentId, part: null } : null,
  };
}

/** A calendar's visit with what only GET /appointments/:id tells: attendance, the cancellation's reason. */
async function withRecord(entry) {
  const record = await api(`/appointments/${entry.id}`).catch(() => null);
  return record
    ? { ...entry, siteId: record.siteId, status: record.status, cancelReason: record.cancelReason, cancelCategory: record.cancelCategory, participants: record.participants }
    : entry;
}

// ---- the API's problems in words ---------------------------------------------------------------------

/** An error paragraph next to an action, as an alert. */
const errorParagraph = () => h('p', { class: 'error', role: 'alert' });

/**
 * A time someone else booked meanwhile (409), told as that with what is in the way: `sentence(words)`.
 * Any other problem in the shared words, its field in words.
 */
function refusalText(error, sentence) {
  return error.status === 409 ? sentence(problemsOf(error).map((problem) => problem.problem).join('; ')) : problemText(error);
}

/** A move's preview that does not fit, as the API's 422 for the same move would be (its problems as the details). */
const refusedMove = (problems) => Object.assign(new Error('the move does not fit'), { status: 422, data: { code: 'rules.broken', details: problems } });

/** Why another visit must move with this one: the rules it would break otherwise, each in words. */
const whyWords = (why) => (why.length ? why.map(problemInLanguage).join('; ') : t('annars bryter bedömningen mot sina regler'));

// ---- the site's clock --------------------------------------------------------------------------------

/** The site's UTC offset at an instant, in minutes. */
function offsetMinutes(instant) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone: session.timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
      .formatToParts(instant)
      .map((part) => [part.type, part.value]),
  );
  const local = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute));
  return Math.round((local - Math.floor(instant.getTime() / 60000) * 60000) / 60000);
}

/** The local date and time at the site as an ISO instant with the site's offset then. */
export function siteInstant(date, time) {
  const asUtc = new Date(`${date}T${time}:00Z`);
  let offset = offsetMinutes(asUtc);
  offset = offsetMinutes(new Date(asUtc.getTime() - offset * 60000));
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${date}T${time}:00${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** An ISO instant moved by `minutes`, in the site's offset. */
function plusMinutes(iso, minutes) {
  const instant = new Date(Date.parse(iso) + minutes * 60000);
  const offset = offsetMinutes(instant);
  const local = new Date(instant.getTime() + offset * 60000).toISOString();
  return siteInstant(local.slice(0, 10), local.slice(11, 16));
}

/** Tomorrow at the site, YYYY-MM-DD. */
function siteTomorrow() {
  const now = new Date(Date.now() + offsetMinutes(new Date()) * 60000 + 86_400_000);
  return now.toISOString().slice(0, 10);
}

// ---- dialogs -----------------------------------------------------------------------------------------

/** A modal dialog with its heading; it leaves the page when closed. `onClose` after every close. */
function openDialog(title, { onClose = () => undefined } = {}) {
  const titleId = nextId('title');
  const heading = h('h2', { id: titleId }, title);
  const body = h('div', { class: 'visit-body' });
  const dialog = h('dialog', { class: 'visit-dialog', 'aria-labelledby': titleId });
  const close = () => dialog.close();
  dialog.append(h('div', { class: 'visit-dialog-head' }, heading, h('button', { type: 'button', class: 'visit-close', onclick: close }, t('Stäng'))), body);
  dialog.addEventListener('close', () => {
    dialog.remove();
    onClose();
  });
  document.body.append(dialog);
  dialog.showModal();
  return { dialog, heading, body, close };
}

// ---- the visit's details -------------------------------------------------------------------------------

/** What, when, how long, where, who and the status, in words. */
function details(visit) {
  const program = visit.groupProgram ? t('{0}, träff {1}', visit.groupProgram.name ?? t('gruppprogram'), visit.groupProgram.sessionNumber) : null;
  const interpreters = visit.patients.filter((p) => p.interpreter).map((p) => t('{0}: tolk på {1}', p.name ?? p.initials, p.interpreter.language));
  const participation = new Map((visit.participants ?? []).map((p) => [p.patientId, p.participation]));
  const status = visit.status === 'cancelled'
    ? [VISIT_STATUS('cancelled'), visit.cancelCategory ? ` (${CATEGORY(visit.cancelCategory)})` : '', visit.cancelReason ? `: ${visit.cancelReason}` : '']
    : VISIT_STATUS(visit.status);
  const row = (term, ...value) => [h('dt', {}, term), h('dd', {}, ...value)];
  return h(
    'dl',
    { class: `visit-details visit-${visit.status}` },
    row(t('Vad'), visitText(visit), program ? ` – ${program}` : ''),
    row(t('När'), when(visit)),
    row(t('Längd'), t('{0} minuter', minutesOf(visit))),
    row(t('Rum'), visit.room?.name ?? t('inget rum')),
    row(t('Behandlare'), visit.staff.map((s) => (s.discipline ? `${s.name} (${PART(s.discipline)})` : s.name)).join(', ') || t('ingen')),
    row(
      visit.patients.length > 1 ? t('Patienter') : t('Patient'),
      visit.patients.length
        ? h('ul', { class: 'visit-patients' }, visit.patients.map((p) => h('li', {}, p.name ?? p.initials, participation.get(p.id) && participation.get(p.id) !== 'booked' ? ` – ${VISIT_STATUS(participation.get(p.id))}` : '')))
        : t('ingen'),
    ),
    row(t('Status'), status),
    interpreters.length ? row(t('Tolk'), interpreters.join(', ')) : null,
  );
}

/**
 * The visit's details and everything that can be done with it, in one element: attendance once it
 * has begun; for a coordinator cancelling (then the cancellation list), moving, and finding another
 * time. `onChange()` after a change; `done()` when the change ends the visit's screen (a move).
 */
function visitPanel(visit, { onChange, done }) {
  const panel = h('div', { class: 'visit-panel' });
  const work = h('div', { class: 'visit-work' });
  const actions = h('div', { class: 'visit-actions', role: 'group', 'aria-label': t('Vad vill du göra?') });
  const redraw = () => {
    panel.replaceChildren(...present(details(visit), attendance(visit, { onRecorded: () => { redraw(); onChange(); } }), actions, work));
    actions.replaceChildren(...present(actionButtons()));
  };
  const open = (content, focusFirst = true) => {
    work.replaceChildren(content);
    if (focusFirst) content.querySelector('input, select, textarea, button, [tabindex="-1"]')?.focus();
  };
  const upcoming = Date.parse(visit.start) > Date.now();
  function actionButtons() {
    if (!coordinating()) return [];
    if (visit.status === 'cancelled') {
      return upcoming ? [h('button', { type: 'button', onclick: () => open(cancellationList(visit, { onChange })) }, t('Visa återbudslistan'))] : [];
    }
    if (visit.status !== 'booked' || !upcoming) return [];
    return [
      h('button', { type: 'button', onclick: () => open(cancelForm(visit, { onCancelled })) }, t('Avboka')),
      h('button', { type: 'button', onclick: () => open(moveForm(visit, { onMoved })) }, t('Flytta')),
      visit.patients.length === 1
        ? h('button', { type: 'button', onclick: () => open(findTimePanel({ patient: visit.patients[0], kind: visit.kind === 'follow_up_visit' ? 'follow_up_visit' : 'individual_visit', onChange })) }, t('Hitta en tid för patienten'))
        : null,
    ];
  }
  async function onCancelled(cancelled) {
    Object.assign(visit, { status: 'cancelled', cancelReason: cancelled.cancelReason, cancelCategory: cancelled.cancelCategory });
    redraw();
    say(t('Besöket {0} är avbokat. Återbudslistan för den lediga tiden visas nedan.', when(visit)));
    open(cancellationList(visit, { onChange }));
    onChange();
  }
  function onMoved(moved) {
    say(t('Besöket är flyttat till {0}.', when(moved)));
    onChange();
    done(moved);
  }
  redraw();
  return panel;
}

/** Attendance buttons for each patient of a visit that has begun and was not cancelled. */
function attendance(visit, { onRecorded }) {
  if (visit.status === 'cancelled' || Date.parse(visit.start) > Date.now() || !visit.patients.length) return null;
  const error = errorParagraph();
  const record = (patient, participation) => async () => {
    error.textContent = '';
    try {
      const updated = await api(`/appointments/${visit.id}/attendance`, { method: 'POST', body: { patientId: patient.id, participation } });
      visit.participants = updated.participants;
      visit.status = updated.status;
      say(participation === 'attended' ? t('{0} är registrerad som närvarande.', patient.name ?? patient.initials) : t('{0} är registrerad som utebliven.', patient.name ?? patient.initials));
      onRecorded();
    } catch (problem) {
      error.textContent = problemText(problem);
    }
  };
  return h(
    'section',
    { class: 'visit-attendance', 'aria-label': t('Närvaro') },
    h('h3', {}, t('Närvaro')),
    h('ul', {}, visit.patients.map((p) =>
      h('li', {}, h('span', {}, p.name ?? p.initials), ' ',
        h('button', { type: 'button', onclick: record(p, 'attended'), 'aria-label': t('{0} närvarande', p.name ?? p.initials) }, t('Närvarande')), ' ',
        h('button', { type: 'button', onclick: record(p, 'no_show'), 'aria-label': t('{0} uteblev', p.name ?? p.initials) }, t('Uteblev'))))),
    error,
  );
}

// ---- cancelling, and filling the freed time -----------------------------------------------------------

function cancelForm(visit, { onCancelled }) {
  const category = h('select', { name: 'category', required: true },
    ['patient_cancelled', 'unit_cancelled', 'illness'].map((code) => h('option', { value: code }, CATEGORY(code))));
  const reason = h('textarea', { name: 'reason', rows: 2, required: true, maxlength: 500 });
  const error = errorParagraph();
  const form = h(
    'form',
    {
      class: 'visit-form',
      onsubmit: async (event) => {
        event.preventDefault();
        clearProblems(form, error);
        if (!reason.value.trim()) {
          error.textContent = t('Skriv varför besöket avbokas.');
          reason.focus();
          return;
        }
        try {
          onCancelled(await api(`/appointments/${visit.id}/cancel`, { method: 'POST', body: { category: category.value, reason: reason.value.trim() } }));
        } catch (problem) {
          showProblems(form, problem, error);
        }
      },
    },
    h('h3', {}, t('Avboka besöket')),
    labelled(t('Vem eller vad avbokar'), category),
    labelled(t('Orsak'), reason),
    h('button', { type: 'submit' }, t('Bekräfta avbokningen')),
    error,
  );
  return form;
}

/**
 * The cancellation list for a cancelled visit's time: waiting patients who can come at short notice
 * and are free then, in queue order, and a way to book one of them into it. A freed assessment visit
 * gives a waiting patient a whole assessment planned around it (the proposal is shown first).
 */
function cancellationList(visit, { onChange }) {
  const headingId = nextId('fill');
  const section = h('section', { class: 'cancellation-list', 'aria-labelledby': headingId },
    h('h3', { id: headingId, tabindex: '-1' }, t('Återbudslista för {0}', when(visit))),
    h('p', {}, t('Hämtar väntande patienter …')));
  void (async () => {
    try {
      const { candidates } = await api(`/appointments/${visit.id}/cancellation-candidates`);
      section.replaceChildren(section.firstChild, ...present(candidateList(visit, candidates, { onChange, section })));
    } catch (problem) {
      section.replaceChildren(section.firstChild, h('p', { class: 'error', role: 'alert' }, problemText(problem)));
    }
  })();
  return section;
}

function candidateList(visit, candidates, { onChange, section }) {
  if (!candidates.length) return [h('p', {}, t('Ingen på väntelistan kan ta tiden: ingen som kan komma med kort varsel är ledig då.'))];
  const result = h('div', { class: 'fill-result', 'aria-live': 'polite' });
  const feedback = visit.kind === 'feedback_conversation';
  const book = (candidate, button, error) => async () => {
    error.textContent = '';
    button.disabled = true;
    try {
      if (visit.kind === 'assessment_visit' && !candidate.assessmentId) {
        await proposeFromFreed(visit, candidate, { result, onChange, section });
      } else {
        const booked = await api(`/appointments/${visit.id}/cancellation-candidates/book`, { method: 'POST', body: { referralId: candidate.referralId } });
        filled(section, visit, candidate, booked.id);
        say(t('{0} är bokad på den lediga tiden {1}.', candidate.patientName, when(visit)));
        onChange();
      }
    } catch (problem) {
      error.textContent = problemText(problem);
    } finally {
      button.disabled = false;
    }
  };
  return [
    h('p', {}, t('Väntande patienter som kan komma med kort varsel och är lediga då, i tur och ordning: först den vars vårdgaranti går ut först, sedan prioritet, sedan hur länge remissen har väntat.')),
    feedback ? h('p', { class: 'note' }, t('Ett återkopplingssamtal hör till en patients egen bedömning och kan inte ges till någon som väntar.')) : null,
    h('ol', { class: 'candidates' }, candidates.map((candidate) => {
      const error = errorParagraph();
      const label = visit.kind === 'assessment_visit' && !candidate.assessmentId ? t('Föreslå bedömning för {0}', candidate.patientName) : t('Boka {0} på tiden', candidate.patientName);
      const button = h('button', { type: 'button' }, label);
      button.addEventListener('click', book(candidate, button, error));
      return h('li', {},
        h('strong', {}, candidate.patientName),
        h('p', {}, rankWords(candidate)),
        candidate.assessmentId ? h('p', {}, t('Har en bokad bedömning som saknar det här besöket.')) : null,
        feedback && !candidate.assessmentId ? null : button,
        error);
    })),
    result,
  ];
}

/** Why a candidate is where they are in the list, in words. */
function rankWords(candidate) {
  const days = candidate.daysLeft >= 0 ? t('{0} dagar kvar', candidate.daysLeft) : t('{0} dagar över', -candidate.daysLeft);
  return t('Nr {0} i kön. Vårdgarantin går ut {1} ({2}, {3}). Prioritet {4}. Remissen kom {5}.', candidate.position, longDate(candidate.careGuaranteeDeadline), days, STANDING(candidate.status), candidate.priority, longDate(candidate.receivedDate));
}

/** The freed time is filled: say so where the list was, with a link to the new visit. */
function filled(section, visit, candidate, bookedId) {
  section.replaceChildren(
    section.firstChild,
    h('p', { class: 'filled' }, t('Tiden är fylld: {0} har fått {1}.', candidate.patientName, when(visit)), ' ', h('a', { href: `#/visit/${bookedId}` }, t('Öppna det nya besöket'))),
  );
  // Filled, the time has no cancellation list left to show.
  section.closest('.visit-panel')?.querySelector('.visit-actions')?.replaceChildren();
  section.firstChild.focus();
}

/** A whole assessment for a waiting patient, planned around the freed visit: shown, then booked. */
async function proposeFromFreed(visit, candidate, { result, onChange, section }) {
  const [proposal, names] = await Promise.all([
    api('/assessments/proposals', { method: 'POST', body: { referralId: candidate.referralId, freedAppointmentId: visit.id } }),
    namesOf(visit.siteId),
  ]);
  const headingId = nextId('proposal');
  if (!proposal.feasible) {
    result.replaceChildren(h('section', { class: 'proposal', 'aria-labelledby': headingId },
      h('h4', { id: headingId, tabindex: '-1' }, t('Ingen bedömning ryms runt tiden för {0}', candidate.patientName)),
      h('ul', {}, proposal.reasons.map((reason) => h('li', {}, t('{0}: {1}', PART(reason.discipline), problemInLanguage(reason)))))));
    result.querySelector('h4').focus();
    return;
  }
  const error = errorParagraph();
  const bookButton = h('button', { type: 'button' }, t('Boka bedömningen för {0}', candidate.patientName));
  bookButton.addEventListener('click', async () => {
    error.textContent = '';
    bookButton.disabled = true;
    try {
      const assessment = await api('/assessments', { method: 'POST', body: { referralId: candidate.referralId, visits: proposal.visits } });
      const inFreedTime = assessment.visits.find((v) => Date.parse(v.start) === Date.parse(visit.start) && v.status === 'booked') ?? assessment.visits[0];
      result.replaceChildren();
      filled(section, visit, candidate, inFreedTime.id);
      say(t('Bedömningen för {0} är bokad.', candidate.patientName));
      onChange();
    } catch (problem) {
      error.textContent = problemText(problem);
      bookButton.disabled = false;
    }
  });
  result.replaceChildren(h(
    'section',
    { class: 'proposal', 'aria-labelledby': headingId },
    h('h4', { id: headingId, tabindex: '-1' }, t('Förslag: bedömning för {0}', candidate.patientName)),
    h('p', {}, t('Den lediga tiden blir det första besöket; resten planeras runt den.')),
    h('ul', {}, proposal.visits.map((v) =>
      h('li', { class: Date.parse(v.start) === Date.parse(visit.start) ? 'freed' : null },
        t('{0}: {1}–{2} ({3} minuter), {4}, {5}', PART(v.part), localWhen(v.start), clock(v.end), minutesOf(v), v.staffIds.map((id) => staffName(names, id)).join(t(' och ')), roomName(names, v.roomId))))),
    h('p', {}, proposal.meetsCareGuarantee ? t('Första besöket ryms inom vårdgarantin.') : t('Första besöket ligger {0} dagar efter vårdgarantin.', proposal.daysLate)),
    bookButton,
    error,
  ));
  result.querySelector('h4').focus();
}

// ---- moving --------------------------------------------------------------------------------------------

/**
 * Date, time, clinician and room for a move, then the preview of what it takes. The controls are
 * named as the API's fields they give (the time gives `start`), so a refusal shows at its control.
 */
function moveForm(visit, { onMoved }) {
  const preview = h('div', { class: 'move-preview', 'aria-live': 'polite' });
  const date = h('input', { type: 'date', name: 'date', required: true, value: visit.start.slice(0, 10) });
  const time = h('input', { type: 'time', name: 'start', required: true, step: 300, value: clock(visit.start) });
  const staff = h('select', { name: 'staffIds' });
  const room = h('select', { name: 'roomId' });
  const error = errorParagraph();
  const form = h(
    'form',
    {
      class: 'visit-form',
      onsubmit: async (event) => {
        event.preventDefault();
        clearProblems(form, error);
        preview.replaceChildren();
        const start = siteInstant(date.value, time.value);
        const place = { start, end: plusMinutes(start, minutesOf(visit)), staffIds: [staff.value, ...visit.staff.slice(1).map((s) => s.id)], roomId: room.value || null };
        if (visit.kind === 'group_session') delete place.staffIds;
        try {
          await showPreview(preview, visit, place, { onMoved });
        } catch (problem) {
          showProblems(form, problem, error);
        }
      },
    },
    h('h3', {}, t('Flytta besöket')),
    h('div', { class: 'visit-fields' },
      labelled(t('Dag'), date),
      labelled(t('Tid'), time),
      visit.kind === 'group_session' ? null : labelled(t('Behandlare'), staff),
      labelled(t('Rum'), room)),
    h('button', { type: 'submit' }, t('Visa vad flytten innebär')),
    error,
    preview,
  );
  void namesOf(visit.siteId).then((names) => {
    const first = visit.staff[0];
    const discipline = first?.discipline ?? names.staff.get(first?.id)?.discipline;
    const colleagues = [...names.staff.values()].filter((s) => s.active !== false && (!discipline || s.discipline === discipline));
    if (first && !colleagues.some((s) => s.id === first.id)) colleagues.unshift({ id: first.id, name: first.name });
    staff.replaceChildren(...colleagues.map((s) => h('option', { value: s.id, selected: s.id === first?.id }, s.name)));
    room.replaceChildren(h('option', { value: '' }, t('inget rum')), ...[...names.rooms.values()].filter((r) => r.active !== false).map((r) => h('option', { value: r.id, selected: r.id === visit.room?.id }, r.name)));
  });
  return form;
}

/**
 * POST /appointments/:id/move-preview for the place, shown in words: what moves, from when to when,
 * and why the others move too. The confirm button makes the move. A move that does not fit is
 * thrown as the API's refusal of it would be, for the caller to show where its controls are.
 */
async function showPreview(container, visit, place, { onMoved, onGiveUp }) {
  const [answer, names] = await Promise.all([api(`/appointments/${visit.id}/move-preview`, { method: 'POST', body: place }), namesOf(visit.siteId)]);
  if (!answer.fits) throw refusedMove(answer.problems);
  const headingId = nextId('preview');
  const what = (move) => (move.assessmentPart === 'feedback' ? t('Återkopplingssamtalet') : move.requested ? t('Besöket') : KIND(move.kind));
  const changes = (move) => [
    move.to.staffIds.join() !== move.from.staffIds.join() ? t(' Behandlare: {0}.', move.to.staffIds.map((id) => staffName(names, id)).join(t(' och '))) : '',
    move.to.roomId !== move.from.roomId ? t(' Rum: {0}.', roomName(names, move.to.roomId)) : '',
  ].join('');
  const lines = answer.moves.map((move) =>
    h('li', { class: move.requested ? 'requested' : 'also' },
      move.requested
        ? t('{0} flyttas från {1} till {2}.', what(move), when(move.from), when(move.to))
        : t('{0} flyttas också, från {1} till {2}, eftersom {3}.', what(move), when(move.from), when(move.to), whyWords(move.why)),
      changes(move)));
  const alsoMove = answer.moves.filter((m) => !m.requested).map((m) => m.appointmentId);
  const error = errorParagraph();
  const confirm = h('button', { type: 'button', class: 'primary' }, alsoMove.length ? t('Flytta båda') : t('Flytta besöket'));
  confirm.addEventListener('click', async () => {
    error.textContent = '';
    confirm.disabled = true;
    try {
      const moved = await api(`/appointments/${visit.id}`, { method: 'PATCH', body: { ...place, alsoMove } });
      onMoved(moved);
    } catch (problem) {
      confirm.disabled = false;
      error.textContent = problem.data?.alsoMove
        ? t('Något har ändrats sedan förslaget: fler besök behöver flyttas. Visa flytten igen.')
        : refusalText(problem, (words) => t('Tiden hann bli upptagen: {0}. Välj en annan tid.', words));
      error.focus?.();
    }
  });
  container.replaceChildren(h('section', { class: 'preview', 'aria-labelledby': headingId },
    h('h4', { id: headingId, tabindex: '-1' }, t('Så blir flytten')),
    h('ul', {}, lines),
    h('div', { class: 'visit-actions' }, confirm, onGiveUp ? h('button', { type: 'button', onclick: onGiveUp }, t('Avbryt')) : null),
    error));
  container.querySelector('h4').focus();
}

// ---- booking -------------------------------------------------------------------------------------------

/** POST /appointments for one patient at a time and place. */
async function book({ kind, start, end, staffIds, roomId, patient }) {
  return api('/appointments', { method: 'POST', body: { kind, siteId: session.siteId, start, end, staffIds, roomId: roomId ?? null, patientIds: [patient.id] } });
}

const kindSelect = (value) => h('select', { name: 'kind' }, BOOKABLE_KINDS.map((code) => h('option', { value: code, selected: code === value }, KIND(code))));

/**
 * Find a time: the first free times for a discipline, a clinician or this patient from a day on
 * (GET /appointments/free-slots), and choosing one books it. Without `patient` a patient is picked
 * in the panel (by personal number, name or phone). `onChange(booked)` after booking.
 */
export function findTimePanel({ patient = null, kind = 'individual_visit', onChange = () => undefined } = {}) {
  const headingId = nextId('find');
  let chosen = patient;
  const kinds = kindSelect(BOOKABLE_KINDS.includes(kind) ? kind : 'individual_visit');
  const discipline = h('select', { name: 'discipline' }, h('option', { value: '' }, t('Välj yrke')), DISCIPLINES.map((code) => h('option', { value: code }, DISCIPLINE(code))));
  const clinician = h('select', { name: 'staffId' }, h('option', { value: '' }, t('Vem som helst')));
  const from = h('input', { type: 'date', name: 'from', required: true, value: siteTomorrow() });
  const results = h('div', { class: 'free-slots', 'aria-live': 'polite' });
  const error = errorParagraph();
  const picker = patientPicker({ label: t('Patient (personnummer, namn eller telefon)'), onPick: (p) => (chosen = p) });
  // With a patient given, the search is there for choosing someone else.
  const forPatient = patient
    ? h('p', { class: 'for-patient' }, t('För {0}.', patient.name ?? patient.initials), ' ',
        h('button', { type: 'button', class: 'link', onclick: (event) => {
          chosen = null;
          event.target.parentElement.replaceWith(picker);
          picker.querySelector('input').focus();
        } }, t('Välj en annan patient')))
    : picker;
  void namesOf().then((names) => {
    const staff = [...names.staff.values()].filter((s) => s.active !== false).sort((a, b) => a.name.localeCompare(b.name));
    clinician.append(...staff.map((s) => h('option', { value: s.id }, `${s.name} (${PART(s.discipline)})`)));
  });
  const choose = (slot, button, slotError) => async () => {
    slotError.textContent = '';
    if (!chosen) {
      slotError.textContent = t('Välj först vilken patient besöket gäller.');
      picker.querySelector('input')?.focus();
      return;
    }
    button.disabled = true;
    try {
      const booked = await book({ kind: kinds.value, start: slot.start, end: slot.end, staffIds: [slot.staffId], roomId: slot.roomId, patient: chosen });
      results.replaceChildren(h('p', { class: 'filled' }, t('Bokat: {0} hos {1} för {2}.', when(booked), slot.staffName, chosen.name), ' ', h('a', { href: `#/visit/${booked.id}` }, t('Öppna besöket'))));
      say(t('Besöket är bokat {0} hos {1}.', when(booked), slot.staffName));
      onChange(booked);
    } catch (problem) {
      button.disabled = false;
      slotError.textContent = refusalText(problem, (words) => t('Tiden hann bli upptagen: {0}. Sök igen.', words));
    }
  };
  /**
   * The first free times from a day on: one a clinician a day, so the list spans days rather than
   * one morning in steps of a quarter; later ones on asking.
   */
  const search = async (fromDate) => {
    const query = new window.URLSearchParams({ kind: kinds.value, from: fromDate, limit: '20' });
    if (discipline.value) query.set('discipline', discipline.value);
    if (clinician.value) query.set('staffId', clinician.value);
    if (chosen) query.set('patientId', chosen.id);
    try {
      const [found, names] = await Promise.all([api(`/appointments/free-slots?${query}`), namesOf()]);
      const seen = new Set();
      const slots = found.filter((slot) => {
        const key = `${slot.start.slice(0, 10)} ${slot.staffId}`;
        return seen.has(key) ? false : (seen.add(key), true);
      }).slice(0, 8);
      const last = found.at(-1)?.start.slice(0, 10);
      const later = last ? new Date(Date.parse(`${last}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10) : null;
      results.replaceChildren(
        ...present(
          slots.length
            ? h('ul', { class: 'slots', 'aria-label': t('Första lediga tider') }, slots.map((slot) => {
                const slotError = errorParagraph();
                const button = h('button', { type: 'button' }, t('Boka {0}, {1}, {2}', when(slot), slot.staffName, roomName(names, slot.roomId)));
                button.addEventListener('click', choose(slot, button, slotError));
                return h('li', {}, button, slotError);
              }))
            : h('p', {}, t('Inga lediga tider de närmaste veckorna. Prova ett annat yrke, en annan behandlare eller en senare dag.')),
          slots.length && later ? h('button', { type: 'button', class: 'link', onclick: () => void search(later) }, t('Visa tider från {0}', longDate(later))) : null,
        ),
      );
      results.querySelector('button')?.focus();
    } catch (problem) {
      showProblems(form, problem, error);
    }
  };
  const form = h(
    'form',
    {
      class: 'visit-form',
      onsubmit: async (event) => {
        event.preventDefault();
        clearProblems(form, error);
        if (!discipline.value && !clinician.value) {
          error.textContent = t('Välj ett yrke eller en behandlare.');
          discipline.focus();
          return;
        }
        await search(from.value);
      },
    },
    h('h3', { id: headingId }, t('Hitta en tid')),
    forPatient,
    h('div', { class: 'visit-fields' },
      labelled(t('Slags besök'), kinds),
      labelled(t('Yrke'), discipline),
      labelled(t('Behandlare'), clinician),
      labelled(t('Från och med'), from)),
    h('button', { type: 'submit' }, t('Sök lediga tider')),
    error,
    results,
  );
  return h('section', { class: 'find-time', 'aria-labelledby': headingId }, form);
}

/**
 * The form to book at a free time: kind, staff and room from the slot, the patient chosen. The
 * controls are named as the API's fields they give (the length gives `end`), so a refusal shows at
 * its control; a time booked meanwhile is told as that.
 */
function bookForm(slot, { onBooked }) {
  let chosen = null;
  const kinds = kindSelect(slot.kind ?? 'individual_visit');
  const staff = h('select', { name: 'staffIds' });
  const room = h('select', { name: 'roomId' });
  const lengths = [30, 45, 60, 90];
  const slotMinutes = minutesOf(slot);
  const length = h('select', { name: 'end' }, [...new Set([slotMinutes, ...lengths])].sort((a, b) => a - b).map((n) => h('option', { value: n, selected: n === slotMinutes }, t('{0} minuter', n))));
  const picker = patientPicker({ label: t('Patient (personnummer, namn eller telefon)'), onPick: (p) => (chosen = p) });
  const error = errorParagraph();
  void namesOf().then((names) => {
    const members = [...names.staff.values()].filter((s) => s.active !== false).sort((a, b) => a.name.localeCompare(b.name));
    staff.replaceChildren(...members.map((s) => h('option', { value: s.id, selected: s.id === slot.staffId }, `${s.name} (${PART(s.discipline)})`)));
    room.replaceChildren(h('option', { value: '' }, t('inget rum')), ...[...names.rooms.values()].filter((r) => r.active !== false).map((r) => h('option', { value: r.id, selected: r.id === slot.roomId }, r.name)));
  });
  const form = h(
    'form',
    {
      class: 'visit-form',
      onsubmit: async (event) => {
        event.preventDefault();
        clearProblems(form, error);
        if (!chosen) {
          error.textContent = t('Välj först vilken patient besöket gäller.');
          picker.querySelector('input').focus();
          return;
        }
        try {
          onBooked(await book({ kind: kinds.value, start: slot.start, end: plusMinutes(slot.start, Number(length.value)), staffIds: [staff.value], roomId: room.value || null, patient: chosen }), chosen);
        } catch (problem) {
          if (problem.status === 409) error.textContent = refusalText(problem, (words) => t('Tiden hann bli upptagen: {0}. Välj en annan tid.', words));
          else showProblems(form, problem, error);
        }
      },
    },
    h('p', {}, t('Tid: {0}', localWhen(slot.start))),
    picker,
    h('div', { class: 'visit-fields' },
      labelled(t('Slags besök'), kinds),
      labelled(t('Längd'), length),
      labelled(t('Behandlare'), staff),
      labelled(t('Rum'), room)),
    h('button', { type: 'submit' }, t('Boka besöket')),
    error,
  );
  return form;
}

// ---- the interface the other screens call ----------------------------------------------------------

/**
 * Opens the visit's dialog. `appointment` is a visit as the calendars answer it (GET
 * /sites/:id/calendar, /staff/:id/calendar); `onChange()` is called after anything changed it.
 */
export function openVisit(appointment, { onChange = () => undefined } = {}) {
  const visit = { ...appointment, siteId: appointment.siteId ?? session.siteId };
  const { heading, body, close } = openDialog(visitText(visit));
  body.append(h('p', {}, t('Hämtar besöket …')));
  void withRecord(visit).then((full) => {
    body.replaceChildren(
      visitPanel(full, { onChange, done: close }),
      h('p', {}, h('a', { href: `#/visit/${visit.id}`, onclick: close }, t('Öppna besöket som en sida'))),
    );
    heading.focus?.();
  });
}

/**
 * Moves the visit to `place` ({start, end, staffIds?, roomId?}, ISO instants), showing the move's
 * preview first (what else must move, or the problems) and asking before it moves anything.
 * `onCancel()` when the user gives up (a dragged visit goes back).
 */
export function moveVisit(appointment, place, { onChange = () => undefined, onCancel = () => undefined } = {}) {
  const visit = { ...appointment, siteId: appointment.siteId ?? session.siteId };
  let moved = false;
  const { body, close } = openDialog(t('Flytta besök: {0}', visitText(visit)), { onClose: () => moved || onCancel() });
  const container = h('div', { class: 'move-preview', 'aria-live': 'polite' }, h('p', {}, t('Hämtar förslaget …')));
  body.append(details(visit), container);
  const to = { start: place.start, end: place.end ?? plusMinutes(place.start, minutesOf(visit)) };
  if (place.staffIds && visit.kind !== 'group_session') to.staffIds = place.staffIds;
  if (place.roomId !== undefined) to.roomId = place.roomId;
  showPreview(container, visit, to, {
    onMoved: (result) => {
      moved = true;
      say(t('Besöket är flyttat till {0}.', when(result)));
      onChange(result);
      close();
    },
    onGiveUp: close,
  }).catch((problem) => {
    // Dropped on the schedule, the move has no form: its problems are listed, each field in words.
    const headingId = nextId('refused');
    container.replaceChildren(h('section', { class: 'preview problems', 'aria-labelledby': headingId },
      h('h4', { id: headingId, tabindex: '-1' }, t('Flytten går inte till {0}', localWhen(to.start))),
      h('ul', {}, problemsOf(problem).map((worded) => h('li', {}, problemLine(worded)))),
      h('button', { type: 'button', onclick: close }, t('Lämna besöket där det är'))));
    container.querySelector('h4').focus();
  });
}

/** Books a new visit at a free time ({start, end, staffId?, roomId?}) for a patient chosen there. */
export function bookAt(slot, { onChange = () => undefined } = {}) {
  const { body, close } = openDialog(t('Boka besök {0}', localWhen(slot.start)));
  const form = bookForm(slot, {
    onBooked: (booked, patient) => {
      say(t('Besöket är bokat {0} för {1}.', when(booked), patient.name));
      onChange(booked);
      close();
    },
  });
  const other = h('button', {
    type: 'button',
    class: 'link',
    onclick: () => {
      const panel = findTimePanel({ onChange: (booked) => onChange(booked) });
      body.replaceChildren(panel);
      panel.querySelector('input, select')?.focus();
    },
  }, t('Hitta en annan tid i stället'));
  body.append(form, other);
  form.querySelector('input')?.focus();
}

/** The visit at #/visit/<id>. */
export async function visitPage(id) {
  const visit = await loadVisit(id);
  const back = h('p', {}, h('a', { href: coordinating() ? '#/schedule' : session.me.role === 'clinician' ? '#/week' : '#/' }, coordinating() ? t('Till teamets schema') : t('Till min vecka')));
  show(`${visitText(visit)} ${localWhen(visit.start)}`, visitPanel(visit, {
    onChange: () => undefined,
    done: (moved) => void visitPage(moved.id),
  }), back);
}

