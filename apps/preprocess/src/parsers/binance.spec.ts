import { loadBinanceSampleRows } from '@cf/ohlcv/testing';
import { binanceFixture, binanceSampleKlines } from '../test-support/raw-fixtures';
import { parseBinance, parseBinanceDecimal } from './binance';

const facts = { fetchedAt: '2024-02-12T00:05:00.000Z', from: '2018-01-01', to: '2024-02-11' };

describe('parseBinance', () => {
  it('reads the real BTCUSDT klines: open time at midnight, decimal strings exactly, volume := quote volume', () => {
    const { key, envelope } = binanceFixture('BTC', binanceSampleKlines(), facts);
    const fileRows = loadBinanceSampleRows();

    const { candles, problems } = parseBinance(envelope, key, '');

    expect(problems).toEqual([]);
    expect(candles).toHaveLength(2233);
    // Independent reading of the same file: column positions of the CSV, JS number parsing.
    candles.forEach(({ candle }, i) => {
      const f = fileRows[i];
      expect(candle).toEqual({
        date: f[0],
        symbol: 'BTC',
        open: Number(f[1]),
        high: Number(f[2]),
        low: Number(f[3]),
        close: Number(f[4]),
        volume: Number(f[7]),
      });
    });
  });

  it('parses decimal strings strictly', () => {
    expect(parseBinanceDecimal('open', '13715.65000000')).toEqual({ value: 13715.65 });
    expect(parseBinanceDecimal('open', '1e3')).toEqual({ value: 1000 });
    expect(parseBinanceDecimal('open', '-2.5')).toEqual({ value: -2.5 });
    expect(parseBinanceDecimal('open', 'NaN')).toEqual({ value: NaN });
    expect(parseBinanceDecimal('open', 'Infinity')).toEqual({ value: Infinity });
    for (const text of ['', ' 1', '1,5', '0x10', '1.2.3', 'abc']) {
      expect(parseBinanceDecimal('open', text)).toEqual({
        issue: { reason: 'not-a-number', detail: `open ${JSON.stringify(text)} is not a decimal number` },
      });
    }
    expect(parseBinanceDecimal('open', 1.5)).toMatchObject({ issue: { reason: 'wrong-type' } });
    expect(parseBinanceDecimal('open', null)).toMatchObject({ issue: { reason: 'wrong-type' } });
  });

  it('quarantines klines that are not daily, not at midnight, short or malformed, keeping the good ones', () => {
    const [good, next] = binanceSampleKlines().slice(-2);
    const openTime = good[0] as number;
    const rows = [
      good,
      [openTime + 60_000, ...good.slice(1, 6), openTime + 60_000 + 86_399_999, ...good.slice(7)],
      [...good.slice(0, 6), openTime + 3_599_999, ...good.slice(7)],
      good.slice(0, 7),
      { openTime },
      [...good.slice(0, 2), 'n/a', ...good.slice(3)],
      next,
    ];
    const { key, envelope } = binanceFixture('BTC', rows, facts);

    const { candles, problems } = parseBinance(envelope, key, '');

    expect(candles.map((c) => c.at)).toEqual(['[0]', '[6]']);
    expect(problems.map((p) => [p.at, p.reasons])).toEqual([
      ['[1]', ['not-midnight-utc']],
      ['[2]', ['not-daily-interval']],
      ['[3]', ['wrong-shape']],
      ['[4]', ['wrong-shape']],
      ['[5]', ['not-a-number']],
    ]);
    expect(problems[4].detail).toBe('high "n/a" is not a decimal number');
    expect(problems[4].row).toEqual(rows[5]);
  });

  it('quarantines the whole object for an error body or a body that is not an array', () => {
    const { key, envelope } = binanceFixture('BTC', [], facts);
    const error = parseBinance({ ...envelope, body: { code: -1121, msg: 'Invalid symbol.' } }, key, 'e');
    expect(error.problems.map((p) => [p.at, p.reasons, p.detail])).toEqual([
      ['object', ['provider-error'], 'Binance error: {"code":-1121,"msg":"Invalid symbol."}'],
    ]);
    expect(parseBinance({ ...envelope, body: 'klines' }, key, '').problems[0].reasons).toEqual([
      'bad-body-shape',
    ]);
  });
});
