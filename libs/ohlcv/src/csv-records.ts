import { CsvFormatError } from './errors';

/** One CSV record with the 1-based line it starts on. */
export interface CsvRecord {
  readonly line: number;
  readonly fields: string[];
}

/**
 * Splits CSV text into records (RFC 4180: `"` quotes, `""` escapes, commas and line breaks inside quotes).
 * Tolerates a leading BOM and CRLF, LF or CR line ends; skips blank lines; trims unquoted fields.
 * Throws {@link CsvFormatError} on an unterminated quote, naming the line it opened on.
 */
export function readCsvRecords(text: string): CsvRecord[] {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let fieldQuoted = false;
  let recordQuoted = false;
  let inQuotes = false;
  let line = 1;
  let recordLine = 1;
  let quoteLine = 1;

  const endField = (): void => {
    fields.push(fieldQuoted ? field : field.trim());
    field = '';
    fieldQuoted = false;
  };
  const endRecord = (): void => {
    endField();
    if (recordQuoted || fields.length > 1 || fields[0] !== '') records.push({ line: recordLine, fields });
    fields = [];
    recordQuoted = false;
  };

  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (inQuotes) {
      if (ch === '"' && source[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') {
        inQuotes = false;
      } else {
        if (ch === '\n' || (ch === '\r' && source[i + 1] !== '\n')) line++;
        field += ch;
      }
    } else if (ch === '"' && !fieldQuoted && field.trim() === '') {
      inQuotes = true;
      fieldQuoted = true;
      recordQuoted = true;
      quoteLine = line;
      field = '';
    } else if (ch === ',') {
      endField();
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && source[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else if (!(fieldQuoted && /\s/.test(ch))) {
      // Whitespace between a closing quote and the next comma is padding, not data.
      field += ch;
    }
  }
  if (inQuotes) throw new CsvFormatError(`CSV quote opened on line ${quoteLine} is never closed`);
  endRecord();
  return records;
}

/** A value written as a CSV field, quoted only when it holds a comma, quote or line break. */
export function quoteCsvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
