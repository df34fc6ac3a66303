import { DEMO_CONTENTS } from './demo-referral';
import { correctedContents, interpreterLanguageOf, interpreterProblems, missingContents, missingFields } from './referral-contents';

describe('referral contents: the interpreter answer', () => {
  it('is required content, answered either way', () => {
    const { interpreterNeeded: _answer, ...unanswered } = DEMO_CONTENTS;
    expect(missingFields(unanswered)).toEqual(['interpreterNeeded']);
    expect(missingContents(unanswered)).toEqual(['interpreter need yes/no']);
    expect(missingFields({ ...DEMO_CONTENTS, interpreterNeeded: false })).toEqual([]);
    expect(missingFields({ ...DEMO_CONTENTS, interpreterNeeded: true, interpreterLanguage: 'arabiska' })).toEqual([]);
  });

  it('holds a language exactly when an interpreter is needed', () => {
    const problem = (contents: Parameters<typeof interpreterProblems>[0]) => interpreterProblems(contents).map((p) => `${p.field} ${p.problem}`);
    expect(problem({ interpreterNeeded: true, interpreterLanguage: 'arabiska' })).toEqual([]);
    expect(problem({ interpreterNeeded: false })).toEqual([]);
    expect(problem({})).toEqual([]); // unanswered: missing, not wrong
    expect(problem({ interpreterNeeded: true })).toEqual(['interpreterLanguage is required when interpreterNeeded is true']);
    expect(problem({ interpreterNeeded: true, interpreterLanguage: ' ' })).toEqual(['interpreterLanguage is required when interpreterNeeded is true']);
    expect(problem({ interpreterNeeded: false, interpreterLanguage: 'arabiska' })).toEqual(['interpreterLanguage is given only when interpreterNeeded is true']);
    expect(problem({ interpreterLanguage: 'arabiska' })).toEqual(['interpreterLanguage is given only when interpreterNeeded is true']);
  });

  it('gives the language only when needed, trimmed', () => {
    expect(interpreterLanguageOf({ interpreterNeeded: true, interpreterLanguage: ' tigrinja ' })).toBe('tigrinja');
    expect(interpreterLanguageOf({ interpreterLanguage: 'tigrinja' })).toBeNull();
    expect(interpreterLanguageOf({ interpreterNeeded: false })).toBeNull();
  });

  it('drops the stored language when a correction says no interpreter is needed', () => {
    const stored = { interpreterNeeded: true, interpreterLanguage: 'arabiska', painLocation: 'nacke' };
    expect(correctedContents(stored, { interpreterNeeded: false })).toEqual({ interpreterNeeded: false, painLocation: 'nacke' });
    expect(correctedContents(stored, { interpreterLanguage: 'persiska' })).toEqual({ ...stored, interpreterLanguage: 'persiska' });
    expect(correctedContents(stored, { painLocation: 'rygg' })).toEqual({ ...stored, painLocation: 'rygg' });
  });
});
