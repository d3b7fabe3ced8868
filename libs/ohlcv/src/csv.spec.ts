import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Candle } from './candle';
import { formatCandlesCsv, parseCandlesCsv } from './csv';
import { dayToEpochMs } from './days';
import { CsvFormatError } from './errors';
import { loadSampleCandles, sampleDataDir } from './testing';

const candle: Candle = {
  date: '2024-01-01',
  symbol: 'BTC',
  open: 10,
  high: 12,
  low: 9,
  close: 11,
  volume: 5,
};

function formatError(fn: () => unknown): CsvFormatError {
  try {
    fn();
  } catch (error) {
    if (error instanceof CsvFormatError) return error;
    throw error;
  }
  throw new Error('expected a CsvFormatError');
}

describe('formatCandlesCsv', () => {
  it('writes the standard header, LF line ends and a trailing newline', () => {
    expect(formatCandlesCsv([candle])).toBe(
      'date,symbol,open,high,low,close,volume\n2024-01-01,BTC,10,12,9,11,5\n',
    );
    expect(formatCandlesCsv([])).toBe('date,symbol,open,high,low,close,volume\n');
  });

  it('round-trips awkward doubles bit-for-bit', () => {
    const awkward: Candle = {
      ...candle,
      open: 0.1 + 0.2,
      high: 1e21 + 12345,
      low: 1.2345e-7,
      close: 457.3340148925781,
      volume: Number.MAX_SAFE_INTEGER,
    };

    const back = parseCandlesCsv(formatCandlesCsv([awkward])).candles[0];

    expect(back).toEqual(awkward);
    expect(Object.is(back.open, 0.30000000000000004)).toBe(true);
  });

  it('round-trips the whole real BTC history exactly', () => {
    const btc = loadSampleCandles('BTC');

    const back = parseCandlesCsv(formatCandlesCsv(btc));

    expect(back.format).toBe('standard');
    expect(back.problems).toEqual([]);
    expect(back.candles).toEqual(btc);
  });
});

describe('parseCandlesCsv', () => {
  it('reads the Yahoo file as a plain split of its lines would (Close before Open)', () => {
    // Prepare
    const text = readFileSync(join(sampleDataDir(), 'yahoo', 'XRP-USD_1d.csv'), 'utf8');
    const expected = text
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => {
        const [date, close, high, low, open, volume] = line.split(',');
        return { date, symbol: 'XRP', open: +open, high: +high, low: +low, close: +close, volume: +volume };
      });

    // Act
    const parsed = parseCandlesCsv(text, { symbol: 'XRP' });

    // Assert
    expect(parsed.format).toBe('yahoo');
    expect(parsed.problems).toEqual([]);
    expect(parsed.candles).toEqual(expected);
  });

  it('reads CryptoCompare columns: epoch seconds to UTC day, volume from volumeto (quote volume)', () => {
    const text = [
      'TIME,high,low,open,volumefrom,volumeto,close,conversionType',
      `${dayToEpochMs('2024-02-10') / 1000},48146.17,46905.32,47153.53,350.5,16398681570,47771.28,direct`,
      `${dayToEpochMs('2024-02-11') / 1000 + 3600},48535.94,47617.41,47768.97,400,19315867136,48293.92,direct`,
    ].join('\n');

    const parsed = parseCandlesCsv(text, { symbol: 'BTC' });

    expect(parsed.format).toBe('cryptocompare');
    expect(parsed.problems).toEqual([]);
    expect(parsed.candles).toEqual([
      {
        date: '2024-02-10',
        symbol: 'BTC',
        open: 47153.53,
        high: 48146.17,
        low: 46905.32,
        close: 47771.28,
        volume: 16398681570,
      },
      {
        date: '2024-02-11',
        symbol: 'BTC',
        open: 47768.97,
        high: 48535.94,
        low: 47617.41,
        close: 48293.92,
        volume: 19315867136,
      },
    ]);
  });

  it('reads the original system export with a date column and its own symbol column', () => {
    const text = 'date,symbol,open,high,low,close,volumefrom,volumeto\n2024-02-10,ETH,1,2,0.5,1.5,3,4.5\n';

    const parsed = parseCandlesCsv(text);

    expect(parsed.format).toBe('cryptocompare');
    expect(parsed.candles).toEqual([
      { date: '2024-02-10', symbol: 'ETH', open: 1, high: 2, low: 0.5, close: 1.5, volume: 4.5 },
    ]);
  });

  it('accepts any column order and case, a BOM, CRLF, quoted fields and extra columns', () => {
    const text =
      '\uFEFFVolume,Close,"Symbol",Note,Date,Low,High,Open\r\n7,"1,5",SOL,"a, b",2024-01-03,1,2,1.2\r\n';

    const parsed = parseCandlesCsv(text.replace('"1,5"', '1.5'));
    const withComma = parseCandlesCsv(text);

    expect(parsed.format).toBe('standard');
    expect(parsed.candles).toEqual([
      { date: '2024-01-03', symbol: 'SOL', open: 1.2, high: 2, low: 1, close: 1.5, volume: 7 },
    ]);
    expect(withComma.problems).toEqual([{ line: 2, detail: 'close "1,5" is not a number' }]);
  });

  it('reports, and skips, rows with non-numeric fields or the wrong field count, with line and field', () => {
    // Prepare
    const text = [
      'date,symbol,open,high,low,close,volume',
      '2024-01-01,BTC,10,12,9,11,5',
      '2024-01-02,BTC,10,12,9,null,5',
      '2024-01-03,BTC,10,12,9,11',
      '',
      '2024-01-04,BTC,0x10,Infinity,9,NaN,',
      '2024-01-05,BTC,10,8,9,11,5',
    ].join('\n');

    // Act
    const parsed = parseCandlesCsv(text);

    // Assert: the bad OHLC order of 2024-01-05 is left to validateCandles.
    expect(parsed.candles.map((c) => c.date)).toEqual(['2024-01-01', '2024-01-05']);
    expect(parsed.problems).toEqual([
      { line: 3, detail: 'close "null" is not a number' },
      { line: 4, detail: 'expected 7 fields as in the header, found 6' },
      {
        line: 6,
        detail:
          'open "0x10" is not a number; high "Infinity" is not a number; close "NaN" is not a number; ' +
          'volume "" is not a number',
      },
    ]);
  });

  it('passes malformed dates through for validateCandles to reject, but rejects unusable epoch times', () => {
    const standard = parseCandlesCsv('date,symbol,open,high,low,close,volume\n2024-13-01,BTC,1,1,1,1,1\n');
    const epoch = parseCandlesCsv('time,open,high,low,close,volumeto\nsoon,1,1,1,1,1\n1e20,1,1,1,1,1\n', {
      symbol: 'BTC',
    });

    expect(standard.candles[0].date).toBe('2024-13-01');
    expect(epoch.candles).toEqual([]);
    expect(epoch.problems).toEqual([
      { line: 2, detail: 'time "soon" is not a number' },
      { line: 3, detail: 'time "1e20" is out of the range of epoch seconds' },
    ]);
  });

  it('reports rows whose symbol differs from the expected one', () => {
    const text =
      'date,symbol,open,high,low,close,volume\n2024-01-01,BTC,1,1,1,1,1\n2024-01-02,ETH,1,1,1,1,1\n';

    const parsed = parseCandlesCsv(text, { symbol: 'BTC' });

    expect(parsed.candles).toHaveLength(1);
    expect(parsed.problems).toEqual([{ line: 3, detail: 'symbol "ETH" is not the expected "BTC"' }]);
  });

  it('refuses a header without the needed columns, naming them', () => {
    const binanceHeader = 'datetime,open,high,low,close,volume,close_time,quote_asset_volume\n';

    const missing = formatError(() => parseCandlesCsv(binanceHeader, { symbol: 'BTC' }));
    const noVolumeTo = formatError(() => parseCandlesCsv('time,open,high,low,close,volumefrom\n'));

    expect(missing.code).toBe('OHLCV_CSV_FORMAT');
    expect(missing.kind).toBe('input');
    expect(missing.message).toMatch(/line 1 .*lacks column\(s\) date for the yahoo format/);
    expect(noVolumeTo.message).toMatch(/lacks column\(s\) volumeto for the cryptocompare format/);
  });

  it('refuses a file without a symbol column when no symbol is given, an empty text and repeated columns', () => {
    expect(formatError(() => parseCandlesCsv('Date,Open,High,Low,Close,Volume\n')).message).toMatch(
      /no symbol column and no symbol option/,
    );
    expect(formatError(() => parseCandlesCsv('\n\n')).message).toMatch(/empty/);
    expect(
      formatError(() => parseCandlesCsv('date,symbol,open,high,low,close,close,volume\n')).message,
    ).toMatch(/repeats column\(s\) close/);
  });
});
