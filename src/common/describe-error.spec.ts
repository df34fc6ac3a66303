import { describeError } from './describe-error';

describe('describeError', () => {
  it('never gives undefined or a blank, whatever was thrown', () => {
    for (const thrown of [undefined, null, '', new Error(''), new AggregateError([])]) {
      const text = describeError(thrown);
      expect(text).not.toMatch(/undefined|^\s*$/);
    }
  });

  it('names the cause: the message, a code when the message is empty, the errors of an AggregateError', () => {
    expect(describeError(new Error('disk full'))).toBe('disk full');
    expect(describeError(Object.assign(new Error(''), { code: 'ECONNREFUSED' }))).toBe('ECONNREFUSED');
    const refused = (address: string) => Object.assign(new Error(`connect ECONNREFUSED ${address}`), { code: 'ECONNREFUSED' });
    expect(describeError(new AggregateError([refused('::1:5432'), refused('127.0.0.1:5432')], ''))).toBe(
      'connect ECONNREFUSED ::1:5432; connect ECONNREFUSED 127.0.0.1:5432',
    );
    expect(describeError(new Error('migration failed', { cause: new Error('relation "x" exists') }))).toBe('migration failed (relation "x" exists)');
    expect(describeError({ code: 42 })).toBe('{"code":42}');
  });
});
