import { Matches, ValidateBy, ValidationOptions } from 'class-validator';
import { DateTime } from 'luxon';
import { isValidLocalDate, isValidTimeZone, LOCAL_TIME_PATTERN } from '../scheduling/local-time';

/** An instant must carry its offset: a bare local time is ambiguous around daylight-saving changes. */
const INSTANT_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

export function IsInstant(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isInstant',
      validator: {
        validate: (value) => typeof value === 'string' && INSTANT_WITH_OFFSET.test(value) && DateTime.fromISO(value).isValid,
        defaultMessage: () => 'must be an ISO 8601 instant with offset, e.g. 2026-03-30T09:00:00+02:00',
      },
    },
    options,
  );
}

export function IsLocalDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isLocalDate',
      validator: {
        validate: (value) => typeof value === 'string' && isValidLocalDate(value),
        defaultMessage: () => 'must be a date YYYY-MM-DD',
      },
    },
    options,
  );
}

export function IsLocalTime(options?: ValidationOptions): PropertyDecorator {
  return Matches(LOCAL_TIME_PATTERN, { message: 'must be a local time HH:mm', ...options });
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
