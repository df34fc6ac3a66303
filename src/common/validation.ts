import { ArgumentMetadata, ParseUUIDPipe, ValidationError, ValidationPipe } from '@nestjs/common';
import { badRequest, FieldProblem } from './api-errors';
import { inputProblem } from './input-limits';

/** Flattens class-validator's tree into `workingHours.0.start: must be HH:mm` style problems. */
export function fieldProblems(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    // A null only fails where the field may not be null (see Optional and OptionalOrNull): saying so beats "must be a UUID".
    const messages = Object.values(error.constraints ?? {});
    const own = (error.value === null && messages.length ? ['must not be null'] : messages).map((problem) => ({ field, problem: stripField(problem, error.property) }));
    return [...own, ...fieldProblems(error.children ?? [], field)];
  });
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
  return new ParseUUIDPipe({ exceptionFactory: () => badRequest([{ field, problem: 'must be a UUID' }]) });
}
