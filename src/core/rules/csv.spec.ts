import { csvTable, CsvProblem, parseCsv } from './csv';

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
    expect(() => parseCsv('a\n"b')).toThrow(new CsvProblem(2, 'a quoted field is not closed'));
    expect(() => parseCsv('"a"b')).toThrow(CsvProblem);
    expect(() => parseCsv('a"b"')).toThrow(CsvProblem);
  });
});

describe('csvTable', () => {
  const known = ['name', 'phone', 'email'] as const;
  it('maps rows to their columns, leaving empty cells out', () => {
    expect(csvTable('name,email\nAnna,\nBo,bo@example.se', known, ['name']).rows).toEqual([{ name: 'Anna' }, { name: 'Bo', email: 'bo@example.se' }]);
  });

  it('names an unknown, a doubled or a missing column, and a row of the wrong width', () => {
    expect(() => csvTable('name,fax\n', known, ['name'])).toThrow(/column "fax" is not known/);
    expect(() => csvTable('name,name\n', known, ['name'])).toThrow(/column "name" is named twice/);
    expect(() => csvTable('phone\n', known, ['name'])).toThrow(/column "name" is required/);
    expect(() => csvTable('', known, ['name'])).toThrow(/header row is missing/);
    expect(() => csvTable('name\nA,B', known, ['name'])).toThrow(new CsvProblem(2, 'has 2 fields; the header has 1'));
  });
});
