/**
 * CSV as RFC 4180 describes it: fields separated by commas, records by CRLF (LF alone is
 * accepted too), fields with commas, quotes or line breaks enclosed in double quotes, and a
 * quote inside a quoted field doubled. A UTF-8 byte order mark at the start is ignored.
 */

/** The text is not valid CSV; `line` is the 1-based line where the problem starts. */
export class CsvSyntaxError extends Error {
  constructor(readonly line: number, readonly problem: 'unterminated_quote' | 'stray_quote') {
    super(`CSV syntax error at line ${line}: ${problem}`);
    this.name = 'CsvSyntaxError';
  }
}

/** Parses CSV text into records of fields. Blank lines are kept as records with one empty field. */
export function parseCsv(input: string): string[][] {
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let line = 1;
  let i = 0;
  let quoted = false;
  let quoteLine = 0;
  let fieldStarted = false;

  const endField = () => {
    record.push(field);
    field = '';
    fieldStarted = false;
  };
  const endRecord = () => {
    endField();
    records.push(record);
    record = [];
  };

  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i += 1;
        const next = text[i];
        if (next !== undefined && next !== ',' && next !== '\r' && next !== '\n') throw new CsvSyntaxError(line, 'stray_quote');
        continue;
      }
      if (c === '\n') line += 1;
      field += c;
      i += 1;
      continue;
    }
    if (c === '"') {
      if (fieldStarted || field.length > 0) throw new CsvSyntaxError(line, 'stray_quote');
      quoted = true;
      quoteLine = line;
      fieldStarted = true;
      i += 1;
      continue;
    }
    if (c === ',') {
      endField();
      i += 1;
      continue;
    }
    if (c === '\r' || c === '\n') {
      endRecord();
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line += 1;
      continue;
    }
    field += c;
    fieldStarted = true;
    i += 1;
  }
  if (quoted) throw new CsvSyntaxError(quoteLine, 'unterminated_quote');
  // A final line break ends the last record; it does not start an empty one.
  if (fieldStarted || field.length > 0 || record.length > 0) endRecord();
  return records;
}

function quoteField(value: string): string {
  return /[",\r\n]/.test(value) || /^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Renders records as CSV with CRLF line ends and a BOM, so that Excel opens it as UTF-8. */
export function writeCsv(records: readonly (readonly string[])[]): string {
  return `\uFEFF${records.map((r) => r.map(quoteField).join(',')).join('\r\n')}\r\n`;
}
