import { parseBinanceDecimal, parseBinanceRows } from './binance-rows';
import type { ProviderRows } from './provider-rows';
import { binanceSampleKlines, loadBinanceSampleRows } from './testing';

function parse(rows: readonly unknown[]): Extract<ProviderRows, { ok: true }> {
  const page = parseBinanceRows(rows, 'BTC');
  if (!page.ok) throw new Error(`refused: ${page.detail}`);
  return page;
}

describe('parseBinanceRows', () => {
  it('reads the real BTCUSDT klines: open time at midnight, decimal strings exactly, volume := quote volume', () => {
    const fileRows = loadBinanceSampleRows();

    const { rows, problems } = parse(binanceSampleKlines());

    expect(problems).toEqual([]);
    expect(rows).toHaveLength(2233);
    // Independent reading of the same file: column positions of the CSV, JS number parsing.
    rows.forEach(({ candle }, i) => {
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

  it('refuses klines that are not daily, not at midnight, in seconds, short or malformed, keeping the good ones', () => {
    const [good, next] = binanceSampleKlines().slice(-2);
    const openTime = good[0];
    const rows = [
      good,
      [openTime + 60_000, ...good.slice(1, 6), openTime + 60_000 + 86_399_999, ...good.slice(7)],
      [...good.slice(0, 6), openTime + 3_599_999, ...good.slice(7)],
      good.slice(0, 7),
      { openTime },
      [...good.slice(0, 2), 'n/a', ...good.slice(3)],
      [openTime / 1000, ...good.slice(1, 6), (openTime + 86_399_999) / 1000, ...good.slice(7)],
      next,
    ];

    const { rows: candles, problems } = parse(rows);

    expect(candles.map((c) => c.at)).toEqual(['[0]', '[7]']);
    expect(problems.map((p) => [p.at, p.reasons])).toEqual([
      ['[1]', ['not-midnight-utc']],
      ['[2]', ['not-daily-interval']],
      ['[3]', ['wrong-shape']],
      ['[4]', ['wrong-shape']],
      ['[5]', ['not-a-number']],
      ['[6]', ['wrong-time-unit']],
    ]);
    expect(problems[4].detail).toBe('high "n/a" is not a decimal number');
    expect(problems[4].row).toEqual(rows[5]);
    expect(problems[5].detail).toBe(
      `openTime ${openTime / 1000} is epoch seconds (2024-02-10T00:00:00.000Z); expected epoch milliseconds, not converted`,
    );
  });

  it('refuses an error body, or a body that is not an array saying what it is', () => {
    expect(parseBinanceRows({ code: -1121, msg: 'Invalid symbol.' }, 'BTC')).toEqual({
      ok: false,
      reason: 'provider-error',
      detail: 'Binance error: {"code":-1121,"msg":"Invalid symbol."}',
    });
    expect(parseBinanceRows('klines', 'BTC')).toEqual({
      ok: false,
      reason: 'bad-body-shape',
      detail: 'the body is a string "klines"; expected an array of klines [[openTime, open, ...], ...]',
    });
  });
});
