import { CodedProblem, problemAt } from '../problem-codes';

/**
 * RFC 4180 CSV: fields separated by commas, records by CRLF or LF; a field in double quotes may
 * hold commas, line breaks and doubled quotes (""). The first record is the header naming the columns.
 */

/**
 * A CSV text that cannot be read: the problem, at the field `csv` (the text as a whole), with the
 * record it is in (`params.record`, 1 = the header).
 */
export class CsvProblem extends Error {
  constructor(readonly problem: CodedProblem) {
    super(problem.problem);
  }
}

/** The records of a CSV text, each its fields; blank lines between records are skipped. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let wasQuoted = false;
  const endField = () => {
    fields.push(field);
    field = '';
    wasQuoted = false;
  };
  const endRecord = () => {
    endField();
    if (fields.length > 1 || fields[0] !== '') records.push(fields);
    fields = [];
  };
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (quoted) {
      if (char !== '"') field += char;
      else if (text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else quoted = false;
    } else if (char === '"') {
      if (field !== '' || wasQuoted) throw new CsvProblem(problemAt('csv', 'validation.csv_quote_inside_field', { record: records.length + 1 }));
      quoted = wasQuoted = true;
    } else if (char === ',') endField();
    else if (char === '\n' || (char === '\r' && text[i + 1] === '\n')) {
      if (char === '\r') i += 1;
      endRecord();
    } else if (wasQuoted) throw new CsvProblem(problemAt('csv', 'validation.csv_text_after_quote', { record: records.length + 1 }));
    else field += char;
  }
  if (quoted) throw new CsvProblem(problemAt('csv', 'validation.csv_unclosed_quote', { record: records.length + 1 }));
  if (field !== '' || fields.length || wasQuoted) endRecord();
  return records;
}

/**
 * The rows of a CSV text as column → value (empty cells left out), or the problems of its header:
 * a column not known, a required one missing, a name given twice; a row with more or fewer fields than the header.
 */
export function csvTable<Column extends string>(text: string, known: readonly Column[], required: readonly Column[]): { rows: Partial<Record<Column, string>>[] } {
  const [header, ...records] = parseCsv(text);
  if (!header) throw new CsvProblem(problemAt('csv', 'validation.csv_no_header', { record: 1 }));
  const names = header.map((name) => name.trim());
  const unknown = names.find((name) => !(known as readonly string[]).includes(name));
  if (unknown !== undefined) throw new CsvProblem(problemAt('csv', 'validation.csv_unknown_column', { record: 1, column: unknown, known: known.join(', ') }));
  const twice = names.find((name, index) => names.indexOf(name) !== index);
  if (twice !== undefined) throw new CsvProblem(problemAt('csv', 'validation.csv_column_twice', { record: 1, column: twice }));
  const missing = required.find((name) => !names.includes(name));
  if (missing !== undefined) throw new CsvProblem(problemAt('csv', 'validation.csv_column_required', { record: 1, column: missing }));
  const rows = records.map((record, index) => {
    if (record.length !== names.length) throw new CsvProblem(problemAt('csv', 'validation.csv_field_count', { record: index + 2, count: record.length, columns: names.length }));
    const row: Partial<Record<Column, string>> = {};
    names.forEach((name, column) => {
      if (record[column] !== '') row[name as Column] = record[column];
    });
    return row;
  });
  return { rows };
}
