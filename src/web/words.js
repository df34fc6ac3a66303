// The unit's words for the disciplines, shared by every screen: as a title ("Fysioterapeut") and
// inside a sentence, where an assessment's parts (the feedback conversation too) are named.
import { labels } from './i18n.js';

export const DISCIPLINES = ['nurse', 'physician', 'physiotherapist', 'psychologist', 'occupational_therapist'];

export const DISCIPLINE = labels({
  nurse: 'Sjuksköterska',
  physician: 'Läkare',
  physiotherapist: 'Fysioterapeut',
  psychologist: 'Psykolog',
  occupational_therapist: 'Arbetsterapeut',
});

export const PART = labels({
  nurse: 'sjuksköterska',
  physician: 'läkare',
  physiotherapist: 'fysioterapeut',
  psychologist: 'psykolog',
  occupational_therapist: 'arbetsterapeut',
  feedback: 'återkoppling',
});
