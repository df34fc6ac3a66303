import { CodedProblem, problemAt } from '../core/problem-codes';
import { COMMON_PASSWORDS } from './common-passwords';

/** Length is what makes a chosen password hard to guess; twelve characters is the floor. */
export const PASSWORD_MIN_LENGTH = 12;
/** Bounds the work of hashing a request's password; nothing is silently cut off below it. */
export const PASSWORD_MAX_LENGTH = 256;

/**
 * Why a new password may not be used, as a problem with the field `password`, or undefined when it
 * may: too short or too long, containing the username, or one of the first passwords an attacker
 * tries. Lengths count JavaScript characters, as the request validation does. Applies to every
 * password a person chooses (the API and the CLI); only the development demo logins bypass it.
 */
export function passwordProblem(password: string, username: string): CodedProblem | undefined {
  if (password.length < PASSWORD_MIN_LENGTH) return problemAt('password', 'password.too_short', { min: PASSWORD_MIN_LENGTH });
  if (password.length > PASSWORD_MAX_LENGTH) return problemAt('password', 'password.too_long', { max: PASSWORD_MAX_LENGTH });
  const lower = password.toLowerCase();
  if (username && lower.includes(username.toLowerCase())) return problemAt('password', 'password.contains_username');
  if (isCommon(lower)) return problemAt('password', 'password.too_common');
  return undefined;
}

/**
 * A common password, possibly dressed up: with digits or symbols after it ("password123!") or
 * repeated ("sommarsommar", "abcabcabcabc"), or one character over and over.
 */
function isCommon(lower: string): boolean {
  const stem = lower.replace(/[\d\W_]+$/u, '');
  return [lower, stem].some((candidate) => COMMON_PASSWORDS.has(candidate) || isRepetitionOfWeak(candidate));
}

/** "abcabc…", "12341234…", "aaaa…" or a common password written twice or more. */
function isRepetitionOfWeak(text: string): boolean {
  const unit = /^(.+?)\1+$/su.exec(text)?.[1];
  return unit !== undefined && ([...unit].length <= 4 || COMMON_PASSWORDS.has(unit));
}
