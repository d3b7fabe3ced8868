import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { OhlcvError } from './errors';
import {
  BINANCE_SAMPLE_COLUMNS,
  loadBinanceSampleRows,
  loadSampleCandles,
  SAMPLE_SYMBOLS,
  sampleDataDir,
} from './testing';

describe('@cf/ohlcv/testing', () => {
  it('finds the repository sample-data folder as an absolute path', () => {
    const dir = sampleDataDir();

    expect(isAbsolute(dir)).toBe(true);
    for (const symbol of SAMPLE_SYMBOLS)
      expect(existsSync(join(dir, 'yahoo', `${symbol}-USD_1d.csv`))).toBe(true);
  });

  it('loads the row counts and day ranges the sample-data README states', () => {
    expect(loadSampleCandles('BTC')).toHaveLength(3435);
    expect(loadSampleCandles('SOL')[0].date).toBe('2020-04-10');
    expect(loadSampleCandles('ETH').at(-1)?.date).toBe('2024-02-11');
  });

  it('limits to an inclusive day range and tags the symbol', () => {
    const week = loadSampleCandles('BNB', { from: '2024-02-05', to: '2024-02-11' });
    const tail = loadSampleCandles('BNB', { from: '2024-02-10' });

    expect(week.map((c) => c.date)).toEqual([
      '2024-02-05',
      '2024-02-06',
      '2024-02-07',
      '2024-02-08',
      '2024-02-09',
      '2024-02-10',
      '2024-02-11',
    ]);
    expect(week.every((c) => c.symbol === 'BNB')).toBe(true);
    expect(tail).toHaveLength(2);
  });

  it('refuses a symbol it does not bundle', () => {
    expect(() => loadSampleCandles('DOGE')).toThrow(OhlcvError);
    expect(() => loadSampleCandles('DOGE')).toThrow(/DOGE.*BTC, ETH, BNB, XRP, SOL/);
  });

  it('gives the raw Binance rows as text, under the documented columns', () => {
    const text = readFileSync(join(sampleDataDir(), 'binance', 'BTCUSDT_1d.csv'), 'utf8');

    const rows = loadBinanceSampleRows();

    expect(text.split('\n')[0].trim()).toBe(BINANCE_SAMPLE_COLUMNS.join(','));
    expect(rows).toHaveLength(2233);
    expect(rows[0]).toEqual(text.split('\n')[1].trim().split(','));
    expect(rows.every((r) => r.length === BINANCE_SAMPLE_COLUMNS.length)).toBe(true);
  });
});
