import type { HumanName } from '@medplum/fhirtypes';

/**
 * Our registers keep a person's name as one text ("Anna Maria Andersson"), so FHIR's parts are read
 * from it: the last word is the family name, with the lower-case particles before it ("von Linné",
 * "de la Cruz"), and the words before are given names. The text stays whole beside them, so a name
 * the rule splits wrongly is still shown as written. One word is a text alone: we do not guess.
 */
export function humanName(name: string): HumanName {
  const words = name.trim().split(/\s+/);
  if (words.length < 2) return { text: name.trim() };
  let familyStart = words.length - 1;
  while (familyStart > 1 && isParticle(words[familyStart - 1])) familyStart--;
  return { text: words.join(' '), family: words.slice(familyStart).join(' '), given: words.slice(0, familyStart) };
}

/** "von", "af", "de", "la": a word of a family name that begins in lower case. */
function isParticle(word: string): boolean {
  return word !== word.toUpperCase() && word[0] === word[0].toLowerCase();
}

/**
 * FHIR's string search on a name: the whole name or any of its words starts with the value, without
 * regard to case or accents ("and" finds "Andersson", "linne" finds "von Linné").
 */
export function nameMatches(name: string, value: string): boolean {
  const wanted = folded(value.trim());
  if (!wanted) return false;
  const whole = folded(name.trim());
  return whole.startsWith(wanted) || whole.split(/\s+/).some((word) => word.startsWith(wanted));
}

function folded(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}
