import { LocalDate } from '../time/local-time';
import { readPersonalNumber } from './personal-number';

/** What one search text can mean at the reception desk: a personal number, part of a name, a phone number. */
export interface PatientSearchTerms {
  /** 12 digits as stored, when the text is a valid personal number in any written form. */
  personalNumber: string | null;
  /** Part of the name, matched without regard to case. */
  namePart: string;
  /** The digits of a phone number as stored (E.164 without `+`), when the text is one. */
  phoneDigits: string | null;
}

/** A phone number as people write it: digits, spaces, hyphens, brackets and a leading plus. */
const PHONE_LIKE = /^\+?[\d\s\-()]+$/;
/** Fewer digits than this match too many numbers to be a search for one. */
const MIN_PHONE_DIGITS = 4;

/**
 * The terms of a search text. Phones are stored in E.164 (+46701234567); a Swedish number written
 * the national way (070-123 45 67) is compared as 46701234567, and 00 before a country code as +.
 */
export function patientSearchTerms(text: string, today?: LocalDate): PatientSearchTerms {
  const trimmed = text.trim();
  const check = readPersonalNumber(trimmed, today);
  return { personalNumber: check.valid ? check.normalized : null, namePart: trimmed, phoneDigits: phoneDigitsOf(trimmed) };
}

function phoneDigitsOf(text: string): string | null {
  if (!PHONE_LIKE.test(text)) return null;
  const digits = text.replace(/\D/g, '');
  if (digits.length < MIN_PHONE_DIGITS) return null;
  if (text.startsWith('+') || digits.startsWith('00')) return digits.replace(/^00/, '');
  return digits.startsWith('0') ? `46${digits.slice(1)}` : digits;
}
