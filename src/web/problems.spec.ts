import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROBLEM_TEMPLATES, problemAt, problemText, templateParams } from '../core/problem-codes';

/** problems.js as the browser runs it, with i18n's t and labels in Swedish (no English loaded) and words.js's PART. */
function loadProblems(): { WORDINGS: Record<string, (params: object) => string>; problemInLanguage: (problem: unknown) => string; fieldInWords: (field?: string) => string | null } {
  const t = (text: string, ...values: unknown[]) => text.replace(/\{(\d)\}/g, (placeholder, i) => (Number(i) < values.length ? String(values[Number(i)]) : placeholder));
  const labels = (map: Record<string, string>) => (code: string, ...values: unknown[]) => (code in map ? t(map[code], ...values) : code);
  const module = (file: string) => readFileSync(join(__dirname, file), 'utf8').replace(/^import .*$/gm, '').replace(/^export /gm, '');
  const { PART } = new Function('labels', `${module('words.js')}\nreturn { PART };`)(labels);
  return new Function('t', 'labels', 'PART', `${module('problems.js')}\nreturn { WORDINGS, problemInLanguage, fieldInWords };`)(t, labels, PART);
}

const ENGLISH = /\b(the|is|are|must|not|be|booked|already|room|patient|staff|session|of|and|with|at|this|from|to)\b/i;

describe('the API problem codes in the web app', () => {
  const { WORDINGS, problemInLanguage, fieldInWords } = loadProblems();
  const english: Record<string, string> = JSON.parse(readFileSync(join(__dirname, 'en', 'problems.json'), 'utf8'));

  it('has codes in lower_snake with a dot namespace, whose templates name only word parameters', () => {
    for (const [code, template] of Object.entries(PROBLEM_TEMPLATES)) {
      expect(code).toMatch(/^[a-z_]+(\.[a-z_]+)*$/);
      for (const name of templateParams(template)) expect(name).toMatch(/^[a-zA-Z]+$/);
      // Every brace of a template is a parameter, so the filled text never shows a stray one.
      expect(template.replace(/\{\w+\}/g, '')).not.toMatch(/[{}]/);
    }
    expect(problemText('booking.staff_absent', { staff: 'Anna', reason: 'sjuk', date: '2026-11-24', start: '09:00', end: '10:00' })).toBe('Anna is absent (sjuk) 2026-11-24 09:00–10:00');
    expect(problemAt('roomId', 'booking.room_booked', { room: 'Gymmet' })).toEqual({ field: 'roomId', problem: 'room Gymmet is already booked at this time', code: 'booking.room_booked', params: { room: 'Gymmet' } });
  });

  it('words every code of the catalogue in Swedish, with its English in en/problems.json or a shared dictionary', () => {
    const missing = Object.keys(PROBLEM_TEMPLATES).filter((code) => typeof WORDINGS[code] !== 'function');
    expect(missing).toEqual([]);
    expect(Object.keys(WORDINGS).filter((code) => !(code in PROBLEM_TEMPLATES))).toEqual([]);
    expect(english['{0} är frånvarande ({1}) {2}']).toBe('{0} is absent ({1}) {2}');
  });

  it('words real API answers without an English word, naming who and what is in the way', () => {
    const conflict = { statusCode: 409, code: 'booking.conflict', details: [{ field: 'roomId', problem: 'room Gymmet is already booked at this time', code: 'booking.room_booked', params: { room: 'Gymmet' } }] };
    const absent = { field: 'staffIds', problem: 'Anna Berg is absent (sjuk) 2026-11-24 09:00–10:00', code: 'booking.staff_absent', params: { staff: 'Anna Berg', reason: 'sjuk', date: '2026-11-24', start: '09:00', end: '10:00' } };
    const tooLong = { field: 'name', problem: 'must be shorter than or equal to 200 characters', code: 'validation.too_long', params: { max: 200 } };
    const roomBusy = { field: 'sessions.3', problem: 'room Gymmet is booked 2026-09-03 09:00–10:30', code: 'group.room_busy', params: { room: 'Gymmet', roomId: 'c58618b7-0000-4000-8000-000000000000', date: '2026-09-03', start: '09:00', end: '10:30' } };
    const state = { statusCode: 409, code: 'state.appointment', params: { status: 'cancelled' }, message: 'the appointment is cancelled' };
    const worded = [problemInLanguage(conflict.details[0]), problemInLanguage(absent), problemInLanguage(tooLong), problemInLanguage(roomBusy), problemInLanguage(state)];
    expect(worded).toEqual([
      'rummet Gymmet är redan bokat den tiden',
      'Anna Berg är frånvarande (sjuk) 2026-11-24 kl. 09:00–10:00',
      'högst 200 tecken',
      'rummet Gymmet är bokat 2026-09-03 kl. 09:00–10:30',
      'Besöket har status: avbokad.',
    ]);
    for (const text of worded) expect(text).not.toMatch(ENGLISH);
    expect(worded.join(' ')).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}/);
    // A code it does not know, or an old answer with words only, is never shown in the API's English.
    expect(problemInLanguage({ field: 'x', problem: 'the moon is not aligned', code: 'cosmos.misaligned', params: {} })).toBe('Uppgiften godtogs inte.');
    expect(problemInLanguage({ field: 'x', problem: 'a new rule', code: 'booking.new_rule', params: {} })).toBe('tiden går inte att boka');
  });

  it('names a field in words by its own last name, for a problem told away from its control, and leaves out a field it has no word for', () => {
    expect(['start', 'visits.2.start', 'staffIds', 'referrer.name', 'alsoMove', undefined].map(fieldInWords)).toEqual(['tid', 'tid', 'behandlare', 'namn', null, null]);
  });
});
