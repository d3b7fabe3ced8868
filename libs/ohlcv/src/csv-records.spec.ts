import { CsvFormatError } from './errors';
import { quoteCsvField, readCsvRecords } from './csv-records';

describe('readCsvRecords', () => {
  it('splits quoted fields holding commas, escaped quotes and line breaks, keeping start lines', () => {
    const text = 'a,b,c\n"x, y","say ""hi""",3\n"two\nlines",z,4\n';

    const records = readCsvRecords(text);

    expect(records).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['x, y', 'say "hi"', '3'] },
      { line: 3, fields: ['two\nlines', 'z', '4'] },
    ]);
  });

  it('tolerates a BOM, CRLF line ends, padding and blank lines, counting lines as an editor does', () => {
    const text = '\uFEFFa,b\r\n 1 , "2" \r\n\r\n3,4\r\n';

    expect(readCsvRecords(text)).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
      { line: 4, fields: ['3', '4'] },
    ]);
  });

  it('keeps empty fields and a quoted empty record', () => {
    expect(readCsvRecords('a,,c\n""\n,')).toEqual([
      { line: 1, fields: ['a', '', 'c'] },
      { line: 2, fields: [''] },
      { line: 3, fields: ['', ''] },
    ]);
  });

  it('refuses an unterminated quote, naming the line it opened on', () => {
    expect(() => readCsvRecords('a,b\n1,2\n3,"oops\n5,6\n')).toThrow(CsvFormatError);
    expect(() => readCsvRecords('a,b\n1,2\n3,"oops\n5,6\n')).toThrow(/line 3/);
  });

  it('quotes only the fields that need it, and reads back what it wrote', () => {
    const values = ['plain', 'with,comma', 'with "quote"', 'two\nlines', ''];

    const line = values.map(quoteCsvField).join(',');

    expect(line).toBe('plain,"with,comma","with ""quote""","two\nlines",');
    expect(readCsvRecords(line)[0].fields).toEqual(values);
  });
});
