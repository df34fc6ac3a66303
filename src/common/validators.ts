import { IsEmail, ValidateBy, ValidateIf, ValidationOptions } from 'class-validator';
import { DateTime } from 'luxon';
import { problemText } from '../core/problem-codes';
import { isValidLocalDate, isValidTimeZone, LOCAL_TIME_PATTERN } from '../core/time/local-time';
import { DateWindow, describeWindow, isInstantInWindow, isInWindow, todayAnywhere } from '../core/time/date-windows';

/** An instant must carry its offset: a bare local time is ambiguous around daylight-saving changes. */
const INSTANT_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * An ISO 8601 instant with offset inside `window` (see DATE_WINDOWS): every instant the API takes
 * is bounded, so a year 0001 or 9999 is a 400 naming the field, never a plan or loop over it.
 */
export function IsInstant(window: DateWindow, options?: ValidationOptions): PropertyDecorator {
  const wellFormed = (value: unknown): value is string => typeof value === 'string' && INSTANT_WITH_OFFSET.test(value) && DateTime.fromISO(value).isValid;
  return ValidateBy(
    {
      name: 'isInstant',
      validator: {
        validate: (value) => wellFormed(value) && isInstantInWindow(new Date(value), window, todayAnywhere()),
        defaultMessage: (args) =>
          wellFormed(args?.value)
            ? `must be an instant ${describeWindow(window, todayAnywhere())}`
            : 'must be an ISO 8601 instant with offset, e.g. 2026-03-30T09:00:00+02:00',
      },
    },
    options,
  );
}

/** A local date YYYY-MM-DD inside `window` (see DATE_WINDOWS). */
export function IsLocalDate(window: DateWindow, options?: ValidationOptions): PropertyDecorator {
  const wellFormed = (value: unknown): value is string => typeof value === 'string' && isValidLocalDate(value);
  return ValidateBy(
    {
      name: 'isLocalDate',
      validator: {
        validate: (value) => wellFormed(value) && isInWindow(value, window, todayAnywhere()),
        defaultMessage: (args) => (wellFormed(args?.value) ? `must be a date ${describeWindow(window, todayAnywhere())}` : 'must be a date YYYY-MM-DD'),
      },
    },
    options,
  );
}

/**
 * A validator of a text's form under its own constraint name, which names its problem code (see
 * constraintProblem in validation.ts), with the code's English as its message: no message is parsed.
 */
function textOfForm(name: string, pattern: RegExp, message: string, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy({ name, validator: { validate: (value) => typeof value === 'string' && pattern.test(value), defaultMessage: () => message } }, options);
}

export function IsLocalTime(options?: ValidationOptions): PropertyDecorator {
  return textOfForm('isLocalTime', LOCAL_TIME_PATTERN, problemText('validation.time_format'), options);
}

/** E.164: a plus, the country code and the number, at most 15 digits, e.g. +46701234567. */
export function IsPhoneNumber(): PropertyDecorator {
  return textOfForm('isPhoneNumber', /^\+[1-9]\d{6,14}$/, problemText('validation.phone_format'));
}

/**
 * An HSA-id, the national identity of health-care staff: SE, the organisation number of the
 * issuer (10 digits), a hyphen and the person's part, 31 characters at most (e.g. SE2321000016-1A2B).
 */
export function IsHsaId(): PropertyDecorator {
  return textOfForm('isHsaId', /^SE\d{10}-[A-Za-z0-9]{1,18}$/, problemText('validation.hsa_id_format'));
}

/** class-validator's isEmail (its constraint name gives the code), in the code's words. */
export function IsEmailAddress(): PropertyDecorator {
  return IsEmail({}, { message: problemText('validation.email_format') });
}

export function IsTimeZone(): PropertyDecorator {
  return ValidateBy({
    name: 'isTimeZone',
    validator: {
      validate: (value) => typeof value === 'string' && isValidTimeZone(value),
      defaultMessage: () => 'must be an IANA time zone such as Europe/Stockholm',
    },
  });
}

/**
 * May be left out, but is not null when given. class-validator's IsOptional lets null past every
 * other check: a null setting was stored (a site's care guarantee) or reached a NOT NULL column.
 */
export function Optional(): PropertyDecorator {
  return ValidateIf((_object, value) => value !== undefined);
}

/**
 * May be left out, or null where null means something the service does (`roomId: null` books
 * without a room). Type the property `X | null`: the API document then says it is nullable.
 */
export function OptionalOrNull(): PropertyDecorator {
  return ValidateIf((_object, value) => value !== undefined && value !== null);
}
