import { FieldProblem, problem } from './api-errors';

/** Request bodies larger than this are refused (413) before they are parsed. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** No request of the API nests deeper than a handful of levels; 32 leaves room and stops stack overflows. */
export const MAX_NESTING = 32;

/**
 * The longest list any request may hold: the batch's referral list (see BatchBookingDto). Each DTO
 * bounds its own lists more tightly; this bound holds before any of them runs, so no validator
 * (ArrayUnique is quadratic) ever works through a list longer than this.
 */
export const MAX_LIST_LENGTH = 5000;

export const NUL_PROBLEM = 'must not contain the NUL character (\\u0000)';

/**
 * The first problem in parsed input (a body, a query or a path parameter) that must stop it before
 * validation: a NUL character, which PostgreSQL cannot store in text; a list longer than
 * MAX_LIST_LENGTH; nesting deeper than MAX_NESTING. Iterative, so no input can overflow the stack.
 * Fields are named as the validation problems name them (`referrer.name`, `reasons.3`); `root` is
 * the name of a single parameter (`id`, `from`), empty for a whole body or query.
 */
export function inputProblem(input: unknown, root = ''): FieldProblem | undefined {
  const pending: { value: unknown; path: string; depth: number }[] = [{ value: input, path: root, depth: 0 }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { value, path, depth } = next;
    const field = path || 'body';
    if (typeof value === 'string') {
      if (value.includes('\0')) return problem(field, 'validation.nul_character');
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_NESTING) return problem(field, 'validation.too_deep', { max: MAX_NESTING });
    if (Array.isArray(value) && value.length > MAX_LIST_LENGTH) return problem(field, 'validation.list_too_long', { max: MAX_LIST_LENGTH });
    // Pushed in reverse so the first problem in reading order is the one reported.
    const entries = Object.entries(value);
    for (let index = entries.length - 1; index >= 0; index -= 1) {
      const [key, item] = entries[index];
      const itemPath = path ? `${path}.${key}` : key;
      if (key.includes('\0')) return problem(itemPath, 'validation.nul_character');
      pending.push({ value: item, path: itemPath, depth: depth + 1 });
    }
  }
  return undefined;
}
