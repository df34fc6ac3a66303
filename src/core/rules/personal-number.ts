import { Params, ProblemCode, problemText } from '../problem-codes';
import { DateTime } from 'luxon';
import { DATE_WINDOWS, windowDates, isInWindow, todayAnywhere } from '../time/date-windows';
import { LocalDate } from '../time/local-time';

/**
 * Swedish personal identity number (personnummer) and coordination number (samordningsnummer,
 * day of birth + 60). Stored as 12 digits, shown as YYYYMMDD-NNNN.
 */
const ACCEPTED = /^(\d{8})-?(\d{4})$/;

export type PersonalNumberCheck = { valid: true; normalized: string } | { valid: false; problem: string; code: ProblemCode; params: Params };

const invalid = (code: ProblemCode, params: Params = {}): PersonalNumberCheck => ({ valid: false, problem: problemText(code, params), code, params });

/** `today` (see todayAnywhere) bounds the date of birth: not in the future, not before 1900. */
export function checkPersonalNumber(input: string, today: LocalDate = todayAnywhere()): PersonalNumberCheck {
  const match = ACCEPTED.exec(input.trim());
  if (!match) return invalid('validation.personal_number_format');
  const digits = match[1] + match[2];
  const day = Number(digits.slice(6, 8));
  const birthDay = day > 60 ? day - 60 : day;
  const birth = DateTime.fromObject({
    year: Number(digits.slice(0, 4)),
    month: Number(digits.slice(4, 6)),
    day: birthDay,
  });
  if (!birth.isValid) return invalid('validation.personal_number_birth_date');
  if (!isInWindow(birth.toISODate()!, DATE_WINDOWS.past, today)) {
    return invalid('validation.personal_number_birth_window', windowDates(DATE_WINDOWS.past, today));
  }
  if (!luhnValid(digits.slice(2))) return invalid('validation.personal_number_check_digit');
  return { valid: true, normalized: digits };
}

/** The ten-digit forms: YYMMDD-NNNN (under 100 years old), YYMMDD+NNNN (100 or older), or 10 digits. */
const SHORT = /^(\d{6})([-+]?)(\d{4})$/;

/**
 * A number in any written form people use (the 12-digit forms, or the 10-digit ones with `-`, `+`
 * or nothing), checked as checkPersonalNumber does. A 10-digit number's century is the one that
 * makes the birthday the latest on or before `today`, a century earlier with `+`.
 */
export function readPersonalNumber(input: string, today: LocalDate = todayAnywhere()): PersonalNumberCheck {
  const short = SHORT.exec(input.trim());
  if (!short) return checkPersonalNumber(input, today);
  const [, yymmdd, separator, last] = short;
  const day = Number(yymmdd.slice(4, 6));
  const monthDay = `${yymmdd.slice(2, 4)}${String(day > 60 ? day - 60 : day).padStart(2, '0')}`;
  const [year, todayMonthDay] = [Number(today.slice(0, 4)), today.slice(5, 7) + today.slice(8, 10)];
  let birthYear = year - (year % 100) + Number(yymmdd.slice(0, 2));
  if (birthYear > year || (birthYear === year && monthDay > todayMonthDay)) birthYear -= 100;
  if (separator === '+') birthYear -= 100;
  return checkPersonalNumber(`${birthYear}${yymmdd.slice(2)}${last}`, today);
}

export function formatPersonalNumber(normalized: string): string {
  return `${normalized.slice(0, 8)}-${normalized.slice(8)}`;
}

/** Whether a normalized number is a coordination number (samordningsnummer): its day of birth + 60. */
export function isCoordinationNumber(normalized: string): boolean {
  return Number(normalized.slice(6, 8)) > 60;
}

/** Date of birth (YYYY-MM-DD) of a normalized number; coordination numbers give the real day. */
export function birthDateOf(normalized: string): string {
  const day = Number(normalized.slice(6, 8));
  return `${normalized.slice(0, 4)}-${normalized.slice(4, 6)}-${String(isCoordinationNumber(normalized) ? day - 60 : day).padStart(2, '0')}`;
}

/** The check digit that makes the 9 digits YYMMDDNNN a valid number. */
export function luhnCheckDigit(nineDigits: string): number {
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    let d = Number(nineDigits[i]) * (i % 2 === 0 ? 2 : 1);
    if (d > 9) d -= 9;
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

function luhnValid(tenDigits: string): boolean {
  return luhnCheckDigit(tenDigits.slice(0, 9)) === Number(tenDigits[9]);
}
