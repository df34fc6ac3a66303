import { ArgumentMetadata, ParseUUIDPipe, ValidationError, ValidationPipe } from '@nestjs/common';
import { badRequest, FieldProblem, problem } from './api-errors';
import { inputProblem } from './input-limits';

/** Flattens class-validator's tree into `workingHours.0.start: must be HH:mm` style problems, each with its code. */
export function fieldProblems(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const constraints = Object.entries(error.constraints ?? {});
    // A null only fails where the field may not be null (see Optional and OptionalOrNull): saying so beats "must be a UUID".
    const own =
      error.value === null && constraints.length
        ? [problem(field, 'validation.not_null')]
        : constraints.map(([name, message]) => constraintProblem(field, name, stripField(message, error.property)));
    return [...own, ...fieldProblems(error.children ?? [], field)];
  });
}

/** The number in a class-validator message ("must not be greater than 40"), which its constraint fixes the form of. */
const numberIn = (message: string): number | string => {
  const found = /(-?\d+(?:\.\d+)?)/.exec(message)?.[1];
  return found === undefined ? '' : Number(found);
};

/** A window "from 2020-01-01 to 2027-12-31" of our date validators. */
const windowIn = (message: string): { first: string; last: string } => {
  const [, first = '', last = ''] = /from (\S+) to (\S+)/.exec(message) ?? [];
  return { first, last };
};

/**
 * One class-validator constraint as a coded problem: its constraint name gives the code, and its
 * message (whose form the constraint fixes) the limit. The text stays the constraint's own.
 */
function constraintProblem(field: string, name: string, message: string): FieldProblem {
  const coded = (code: Parameters<typeof problem>[1], params: Record<string, string | number> = {}): FieldProblem => ({ ...problem(field, code, params as never), problem: message });
  switch (name) {
    case 'isNotEmpty':
    case 'isDefined':
      return coded('validation.required');
    case 'isLength':
    case 'minLength':
    case 'maxLength':
      // The constraint names both limits only when the value has no length at all: it is no text.
      if (message.includes('longer') && message.includes('shorter')) return coded('validation.not_text');
      return message.includes('shorter') ? coded('validation.too_long', { max: numberIn(message) }) : coded('validation.too_short', { min: numberIn(message) });
    case 'min':
      return coded('validation.too_small', { min: numberIn(message) });
    case 'max':
      return coded('validation.too_large', { max: numberIn(message) });
    case 'arrayMinSize':
      return coded('validation.too_few', { min: numberIn(message) });
    case 'arrayMaxSize':
      return coded('validation.too_many', { max: numberIn(message) });
    case 'arrayUnique':
      return coded('validation.duplicates');
    case 'isInt':
      return coded('validation.not_integer');
    case 'isNumber':
      return coded('validation.not_number');
    case 'isString':
      return coded('validation.not_text');
    case 'isBoolean':
      return coded('validation.not_boolean');
    case 'isArray':
      return coded('validation.not_list');
    case 'nestedValidation':
    case 'isObject':
      return coded('validation.not_object');
    case 'isUuid':
      return coded('validation.not_uuid');
    case 'isIn':
      return coded('validation.not_one_of', { allowed: message.replace(/^.*values: /, '') });
    case 'whitelistValidation':
      return coded('validation.unknown_field');
    case 'isLocalDate':
      return message.includes(' from ') ? coded('validation.date_window', windowIn(message)) : coded('validation.date_format');
    case 'isInstant':
      return message.includes(' from ') ? coded('validation.instant_window', windowIn(message)) : coded('validation.instant_format');
    case 'isTimeZone':
      return coded('validation.time_zone');
    case 'isEmail':
      return coded('validation.email_format');
    case 'isPhoneNumber':
      return coded('validation.phone_format');
    case 'isHsaId':
      return coded('validation.hsa_id_format');
    case 'isLocalTime':
      return coded('validation.time_format');
    case 'isSessionPlan':
      return coded('validation.session_plan', { modules: message.replace(/^.*one or more of (.*) \(at most.*$/, '$1'), max: numberIn(message.replace(/^.*at most/, '')) });
    default:
      // A constraint not coded here yet: its words only, which a client cannot word (src/app/dto-constraints.spec.ts keeps the DTOs' own all coded).
      return coded('unclassified', { text: message });
  }
}

/** class-validator prefixes messages with the property name; the field is already named in `field`. */
function stripField(message: string, property: string): string {
  return message.startsWith(`${property} `) ? message.slice(property.length + 1) : message;
}

/**
 * Every body, query and path parameter passes here first (global pipes run before a parameter's
 * own), so no DTO can forget the input limits, and none of them reaches class-transformer's
 * recursion or PostgreSQL (NUL characters).
 */
class ApiValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const problem = metadata.type === 'custom' ? undefined : inputProblem(value, metadata.data);
    if (problem) throw badRequest([problem]);
    return super.transform(value, metadata);
  }
}

export function createValidationPipe(): ValidationPipe {
  return new ApiValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    // One problem per field is enough to fix it; a cascade of range errors on a string is noise.
    stopAtFirstError: true,
    exceptionFactory: (errors) => badRequest(fieldProblems(errors)),
  });
}

/** Path ids are UUIDs; anything else is a 400 naming the parameter, never a database error. */
export function uuidPipe(field = 'id'): ParseUUIDPipe {
  return new ParseUUIDPipe({ exceptionFactory: () => badRequest([problem(field, 'validation.not_uuid')]) });
}
