import { DateTime } from 'luxon';
import { isValidLocalDate } from '../time/local-time';

/**
 * A FHIR date search parameter (`date=ge2027-01-11&date=lt2027-01-18`) as the instants it allows:
 * each value is a local date in the site's zone (the whole day) or an instant with its offset,
 * after an optional prefix; repeats narrow each other. A bound not asked for is left out.
 */
export interface InstantWindow {
  /** The first instant allowed (ms), inclusive. */
  from?: number;
  /** The first instant no longer allowed (ms), exclusive. */
  to?: number;
}

const PREFIXED = /^(eq|ge|gt|le|lt)?(.+)$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** The window the values allow together, or undefined when one of them is not a date search value. */
export function dateSearchWindow(values: readonly string[], zone: string): InstantWindow | undefined {
  let window: InstantWindow = {};
  for (const value of values) {
    const [, prefix = 'eq', text] = PREFIXED.exec(value) ?? [];
    const meant = text === undefined ? undefined : valueInterval(text, zone);
    if (!meant) return undefined;
    window = narrowed(window, prefixWindow(prefix, meant));
  }
  return window;
}

/** The interval a value stands for at its precision: a local day, or the second (minute) of an instant. */
function valueInterval(text: string, zone: string): { start: number; end: number } | undefined {
  if (isValidLocalDate(text)) {
    const day = DateTime.fromISO(text, { zone }).startOf('day');
    return { start: day.toMillis(), end: day.plus({ days: 1 }).toMillis() };
  }
  const match = INSTANT.exec(text);
  const instant = match ? DateTime.fromISO(text, { setZone: true }) : undefined;
  if (!match || !instant?.isValid) return undefined;
  return { start: instant.toMillis(), end: instant.toMillis() + (match[1] ? 1000 : 60_000) };
}

function prefixWindow(prefix: string, { start, end }: { start: number; end: number }): InstantWindow {
  switch (prefix) {
    case 'ge':
      return { from: start };
    case 'gt':
      return { from: end };
    case 'le':
      return { to: end };
    case 'lt':
      return { to: start };
    default:
      return { from: start, to: end };
  }
}

function narrowed(a: InstantWindow, b: InstantWindow): InstantWindow {
  const from = a.from === undefined ? b.from : b.from === undefined ? a.from : Math.max(a.from, b.from);
  const to = a.to === undefined ? b.to : b.to === undefined ? a.to : Math.min(a.to, b.to);
  return { ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) };
}
