import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CsvFormatError, InvalidSeriesError, OHLCV_ERROR_CODES, OhlcvError } from './errors';

describe('ohlcv errors', () => {
  it('carry a stable code, a kind, the message and the cause', () => {
    const cause = new Error('root');

    const csv = new CsvFormatError('line 3: bad', { cause });
    const series = new InvalidSeriesError('row 2 bad', 2);

    expect(csv).toBeInstanceOf(OhlcvError);
    expect([csv.name, csv.code, csv.kind, csv.message, csv.cause]).toEqual([
      'CsvFormatError',
      'OHLCV_CSV_FORMAT',
      'input',
      'line 3: bad',
      cause,
    ]);
    expect([series.name, series.code, series.kind, series.index]).toEqual([
      'InvalidSeriesError',
      'OHLCV_INVALID_SERIES',
      'input',
      2,
    ]);
  });

  it('are all documented in the README', () => {
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');

    for (const code of Object.keys(OHLCV_ERROR_CODES)) expect(readme).toContain(`\`${code}\``);
  });
});
