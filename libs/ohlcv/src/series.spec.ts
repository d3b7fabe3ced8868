import type { Candle } from './candle';
import { InvalidSeriesError } from './errors';
import { toCandleSeries } from './series';
import { loadSampleCandles } from './testing';

const day = (date: string, close = 100): Candle => ({
  date,
  symbol: 'ETH',
  open: 100,
  high: Math.max(100, close) + 1,
  low: Math.min(100, close) - 1,
  close,
  volume: 10,
});

function thrown(fn: () => unknown): InvalidSeriesError {
  try {
    fn();
  } catch (error) {
    if (error instanceof InvalidSeriesError) return error;
    throw error;
  }
  throw new Error('expected an InvalidSeriesError');
}

describe('toCandleSeries', () => {
  it('returns a frozen copy of a valid real series', () => {
    // Prepare
    const eth = loadSampleCandles('ETH', { from: '2023-01-01', to: '2023-12-31' });

    // Act
    const series = toCandleSeries(eth);

    // Assert
    expect(series).toEqual(eth);
    expect(series).not.toBe(eth);
    expect(Object.isFrozen(series)).toBe(true);
    expect(series).toHaveLength(365);
  });

  it('accepts gaps between days (gaps are reported by findGaps, not refused)', () => {
    expect(toCandleSeries([day('2024-01-01'), day('2024-01-05')])).toHaveLength(2);
    expect(toCandleSeries([])).toHaveLength(0);
  });

  it.each<[string, Candle[], number, RegExp]>([
    [
      'a repeated day',
      [day('2024-01-01'), day('2024-01-02'), day('2024-01-02')],
      2,
      /row 2 .*not after row 1/,
    ],
    [
      'days out of order',
      [day('2024-01-02'), day('2024-01-01')],
      1,
      /row 1 \(ETH 2024-01-01\).*strictly increase/,
    ],
    [
      'a second symbol',
      [day('2024-01-01'), { ...day('2024-01-02'), symbol: 'BTC' }],
      1,
      /symbol BTC.*series is ETH/,
    ],
    [
      'a low above the close',
      [day('2024-01-01'), { ...day('2024-01-02', 90), low: 95 }],
      1,
      /low 95 is above/,
    ],
    ['a negative volume', [{ ...day('2024-01-01'), volume: -2 }], 0, /row 0 .*volume -2 is negative/],
  ])('refuses %s, naming the first offending row', (_name, candles, index, message) => {
    const error = thrown(() => toCandleSeries(candles));

    expect(error.code).toBe('OHLCV_INVALID_SERIES');
    expect(error.kind).toBe('input');
    expect(error.index).toBe(index);
    expect(error.message).toMatch(message);
  });
});
