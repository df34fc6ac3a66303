import { csvTable, CsvProblem, parseCsv } from './csv';

/** The code and parameters of the CsvProblem that reading throws (a client words them). */
function refusal(read: () => unknown): { code: string; params: object } {
  try {
    read();
  } catch (error) {
    if (error instanceof CsvProblem) return { code: error.problem.code, params: error.problem.params };
    throw error;
  }
  throw new Error('read without a problem');
}

describe('parseCsv (RFC 4180)', () => {
  it('reads quoted fields with commas, line breaks and doubled quotes, over CRLF and LF', () => {
    expect(parseCsv('a,b\r\n"x, y","say ""hi""\nthere"\n1,\n')).toEqual([
      ['a', 'b'],
      ['x, y', 'say "hi"\nthere'],
      ['1', ''],
    ]);
  });

  it('keeps a last record without a line break and skips blank lines', () => {
    expect(parseCsv('a\n\n"b"')).toEqual([['a'], ['b']]);
  });

  it('refuses an unclosed quote and text after a closing quote, naming the record', () => {
    expect(() => parseCsv('a\n"b')).toThrow('record 2: a quoted field is not closed');
    expect(refusal(() => parseCsv('a\n"b'))).toEqual({ code: 'validation.csv_unclosed_quote', params: { record: 2 } });
    expect(refusal(() => parseCsv('"a"b'))).toEqual({ code: 'validation.csv_text_after_quote', params: { record: 1 } });
    expect(refusal(() => parseCsv('x\na"b"'))).toEqual({ code: 'validation.csv_quote_inside_field', params: { record: 2 } });
  });
});

describe('csvTable', () => {
  const known = ['name', 'phone', 'email'] as const;
  it('maps rows to their columns, leaving empty cells out', () => {
    expect(csvTable('name,email\nAnna,\nBo,bo@example.se', known, ['name']).rows).toEqual([{ name: 'Anna' }, { name: 'Bo', email: 'bo@example.se' }]);
  });

  it('names an unknown, a doubled or a missing column, and a row of the wrong width', () => {
    expect(() => csvTable('name,fax\n', known, ['name'])).toThrow('record 1: column "fax" is not known; known columns: name, phone, email');
    expect(refusal(() => csvTable('name,fax\n', known, ['name']))).toEqual({ code: 'validation.csv_unknown_column', params: { record: 1, column: 'fax', known: 'name, phone, email' } });
    expect(refusal(() => csvTable('name,name\n', known, ['name']))).toEqual({ code: 'validation.csv_column_twice', params: { record: 1, column: 'name' } });
    expect(refusal(() => csvTable('phone\n', known, ['name']))).toEqual({ code: 'validation.csv_column_required', params: { record: 1, column: 'name' } });
    expect(refusal(() => csvTable('', known, ['name']))).toEqual({ code: 'validation.csv_no_header', params: { record: 1 } });
    expect(() => csvTable('name\nA\nA,B', known, ['name'])).toThrow('record 3: has 2 fields; the header has 1');
    expect(refusal(() => csvTable('name\nA\nA,B', known, ['name']))).toEqual({ code: 'validation.csv_field_count', params: { record: 3, count: 2, columns: 1 } });
  });
});
