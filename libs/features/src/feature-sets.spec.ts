import type { Candle } from '@cf/ohlcv';
import { computeFeatures, FEATURE_DEFINITIONS, FEATURE_SETS, type FeatureSetName } from './feature-sets';
import {
  expectFeaturesError,
  SAMPLE_SYMBOLS,
  sampleCandles,
  syntheticCandles,
} from './test-support/sample-candles';

// Expected numbers were derived step by step in Python float64 from the first rows of
// sample-data/yahoo/BTC-USD_1d.csv (2014-09-17 onwards); relative tolerance 1e-12.

const btc = sampleCandles('BTC');

function expectClose(actual: number, expected: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(expected)));
}

function column(
  frame: { names: readonly string[]; rows: readonly (readonly number[])[] },
  name: string,
  row: number,
) {
  const f = frame.names.indexOf(name);
  expect(f).toBeGreaterThanOrEqual(0);
  return frame.rows[row][f];
}

describe('computeFeatures', () => {
  it("gives the original system's 11 price-level features from the day SMA 14 is first defined", () => {
    const frame = computeFeatures(btc, 'price-levels');

    expect(frame.names).toEqual([
      'open',
      'high',
      'low',
      'close',
      'volume',
      'close_pct_return',
      'log_return',
      'sma_7',
      'sma_14',
      'ema_7',
      'log_return_std_7',
    ]);
    expect(frame.symbol).toBe('BTC');
    expect(frame.featureSet).toBe('price-levels');
    expect(frame.dates[0]).toBe('2014-09-30'); // day index 13: the 14th close
    expect(frame.rows).toHaveLength(btc.length - 13);
    const day = btc[13];
    expect(frame.rows[0].slice(0, 5)).toEqual([day.open, day.high, day.low, day.close, day.volume]);
    expect(frame.closes[0]).toBe(day.close);
    expectClose(column(frame, 'close_pct_return', 0), 0.030567238732558177);
    expectClose(column(frame, 'log_return', 0), 0.03010936786854685);
    expectClose(column(frame, 'sma_14', 0), 407.1824275425502);
    expectClose(column(frame, 'ema_7', 0), 393.79783616147006);
    expectClose(column(frame, 'log_return_std_7', 0), 0.02680297696284293);
  });

  it('gives the 8 scale-free features from the day RSI 14 is first defined', () => {
    const frame = computeFeatures(btc, 'scale-free');

    expect(frame.names).toEqual([
      'log_return',
      'close_to_sma_7',
      'close_to_sma_14',
      'close_to_ema_7',
      'range_to_close',
      'log_return_std_7',
      'rsi_14',
      'log_volume_change',
    ]);
    expect(frame.dates[0]).toBe('2014-10-01'); // day index 14
    expect(frame.rows[0]).toHaveLength(8);
    const expected: Record<string, number> = {
      log_return: -0.008640560327416795,
      close_to_sma_7: -0.019505803561036705,
      close_to_sma_14: -0.045536273844001274,
      close_to_ema_7: -0.019519726446402097,
      range_to_close: 0.02762926187259234,
      log_return_std_7: 0.026353800886092658,
      rsi_14: 0.1347273978294642,
      log_volume_change: -0.2800691111081134,
    };
    for (const [name, value] of Object.entries(expected)) expectClose(column(frame, name, 0), value);
  });

  it.each(Object.keys(FEATURE_SETS) as FeatureSetName[])(
    'computes finite %s features for every day after warm-up on all five real assets',
    (set) => {
      for (const symbol of SAMPLE_SYMBOLS) {
        const candles = sampleCandles(symbol);

        const frame = computeFeatures(candles, set);

        expect(frame.rows).toHaveLength(candles.length - (set === 'scale-free' ? 14 : 13));
        expect(frame.rows.every((row) => row.every(Number.isFinite))).toBe(true);
        expect(frame.dates).toEqual(candles.slice(candles.length - frame.rows.length).map((c) => c.date));
        if (set === 'scale-free') {
          const rsi = frame.names.indexOf('rsi_14');
          expect(frame.rows.every((row) => row[rsi] >= 0 && row[rsi] <= 1)).toBe(true);
        }
      }
    },
  );

  it('is causal: the rows computed from the first k days equal the first rows computed from all days', () => {
    for (const set of ['scale-free', 'price-levels'] as const) {
      const full = computeFeatures(btc, set);
      for (const k of [15, 100, 1234]) {
        const prefix = computeFeatures(btc.slice(0, k), set);

        expect(prefix.rows).toEqual(full.rows.slice(0, prefix.rows.length));
        expect(prefix.dates[prefix.dates.length - 1]).toBe(btc[k - 1].date);
      }
    }
  });

  it('never computes across a missing day: each run of days restarts its own warm-up', () => {
    const candles = syntheticCandles('2024-01-01', 60, (t) => 100 + 10 * Math.sin(t / 3));
    const withGap = [...candles.slice(0, 30), ...candles.slice(31)]; // 2024-01-31 missing

    const frame = computeFeatures(withGap, 'scale-free');

    const before = computeFeatures(candles.slice(0, 30), 'scale-free');
    const after = computeFeatures(candles.slice(31), 'scale-free');
    expect(frame.dates).toEqual([...before.dates, ...after.dates]);
    expect(frame.rows).toEqual([...before.rows, ...after.rows]);
    expect(after.dates[0]).toBe('2024-02-15'); // 14 days of warm-up after 2024-02-01
  });

  it('returns no rows when the candles are all warm-up', () => {
    const frame = computeFeatures(btc.slice(0, 14), 'scale-free');

    expect(frame.rows).toEqual([]);
    expect(frame.dates).toEqual([]);
  });

  it('rejects candles it cannot compute honestly, naming the offending candle', () => {
    const code = 'FEATURES_INVALID_CANDLES';
    const few = btc.slice(0, 20);
    const swapped = [few[0], few[2], few[1], ...few.slice(3)];
    const mixed = [...few.slice(0, 5), { ...few[5], symbol: 'ETH' }];
    const zeroClose: Candle[] = few.map((c, i) => (i === 7 ? { ...c, close: 0 } : c));
    const negativeVolume: Candle[] = few.map((c, i) => (i === 3 ? { ...c, volume: -1 } : c));

    expectFeaturesError(() => computeFeatures([], 'scale-free'), code, /no candles/);
    expectFeaturesError(
      () => computeFeatures(swapped, 'scale-free'),
      code,
      /candle 2 \(BTC 2014-09-18\): not after 2014-09-19/,
    );
    expectFeaturesError(() => computeFeatures([few[0], few[0]], 'scale-free'), code, /not after 2014-09-17/);
    expectFeaturesError(
      () => computeFeatures(mixed, 'scale-free'),
      code,
      /candle 5 \(ETH 2014-09-22\): expected one symbol, BTC/,
    );
    expectFeaturesError(
      () => computeFeatures(zeroClose, 'scale-free'),
      code,
      /candle 7 .*close 0 is not a positive price/,
    );
    expectFeaturesError(() => computeFeatures(negativeVolume, 'price-levels'), code, /volume -1 is not/);
    expectFeaturesError(
      () => computeFeatures(few, 'raw' as FeatureSetName),
      'FEATURES_UNKNOWN_FEATURE_SET',
      /unknown feature set 'raw'; known: scale-free, price-levels/,
    );
  });

  it('does not mutate the candles (they are frozen) and returns fresh arrays', () => {
    const candles = Object.freeze(btc.slice(0, 40));

    const a = computeFeatures(candles, 'price-levels');
    const b = computeFeatures(candles, 'price-levels');

    expect(candles).toEqual(btc.slice(0, 40));
    expect(a).toEqual(b);
    expect(a.rows[0]).not.toBe(b.rows[0]);
  });

  it('defines every feature of every set in the one table, with its formula', () => {
    for (const names of Object.values(FEATURE_SETS)) {
      for (const name of names) expect(FEATURE_DEFINITIONS[name].formula.length).toBeGreaterThan(0);
    }
  });
});
