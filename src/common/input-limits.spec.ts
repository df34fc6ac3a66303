import { inputProblem, MAX_LIST_LENGTH, MAX_NESTING, NUL_PROBLEM } from './input-limits';

/** `[[[ ... ]]]` `levels` deep, built without recursion. */
function nested(levels: number): unknown {
  let value: unknown = [];
  for (let level = 1; level < levels; level += 1) value = [value];
  return value;
}

describe('inputProblem', () => {
  it('passes ordinary input', () => {
    expect(inputProblem({ name: 'Anna', referrer: { name: 'Dr. Ek' }, reasons: ['a', 'b'], count: 3, flag: null })).toBeUndefined();
    expect(inputProblem('2027-01-04T09:00:00+01:00', 'from')).toBeUndefined();
  });

  it('names the field holding a NUL character, however deep, and the first one in reading order', () => {
    expect(inputProblem({ username: 'a\u0000b' })).toEqual({ field: 'username', problem: NUL_PROBLEM, code: 'validation.nul_character', params: {} });
    expect(inputProblem({ referrer: { unit: 'x', name: 'Dr.\u0000' } })).toEqual({ field: 'referrer.name', problem: NUL_PROBLEM, code: 'validation.nul_character', params: {} });
    expect(inputProblem({ reasons: ['ok', 'no\u0000', 'nor\u0000'], later: '\u0000' })).toEqual({ field: 'reasons.1', problem: NUL_PROBLEM, code: 'validation.nul_character', params: {} });
    expect(inputProblem({ ['na\u0000me']: 'x' })).toEqual({ field: 'na\u0000me', problem: NUL_PROBLEM, code: 'validation.nul_character', params: {} });
  });

  it('names a single parameter by its own name', () => {
    expect(inputProblem('abc\u0000', 'id')).toEqual({ field: 'id', problem: NUL_PROBLEM, code: 'validation.nul_character', params: {} });
  });

  it('refuses a list longer than the longest any request needs, naming it', () => {
    expect(inputProblem({ referralIds: Array(MAX_LIST_LENGTH).fill('x') })).toBeUndefined();
    expect(inputProblem({ referralIds: Array(MAX_LIST_LENGTH + 1).fill('x') })).toEqual({
      field: 'referralIds',
      problem: `must contain no more than ${MAX_LIST_LENGTH} elements`,
      code: 'validation.list_too_long',
      params: { max: MAX_LIST_LENGTH },
    });
  });

  it('refuses nesting past the limit without overflowing the stack, even 100,000 levels deep', () => {
    expect(inputProblem({ plan: nested(MAX_NESTING - 1) })).toBeUndefined();
    const problem = inputProblem({ plan: nested(MAX_NESTING) });
    expect(problem).toEqual({ field: `plan${'.0'.repeat(MAX_NESTING - 1)}`, problem: `must not nest deeper than ${MAX_NESTING} levels`, code: 'validation.too_deep', params: { max: MAX_NESTING } });
    expect(inputProblem({ plan: nested(100_000) })?.problem).toBe(`must not nest deeper than ${MAX_NESTING} levels`);
    expect(inputProblem(nested(100_000))?.field).toMatch(/^0(\.0)+$/);
  });
});
