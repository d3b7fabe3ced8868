import { addDays, daysBetween, type Candle } from '@cf/ohlcv';
import { computeFeatures } from './feature-sets';
import { returnsToPrices } from './targets';
import { expectFeaturesError, sampleCandles, syntheticCandles } from './test-support/sample-candles';
import { buildWindows, latestWindow } from './windows';

const btc = sampleCandles('BTC').slice(0, 400);
const frame = computeFeatures(btc, 'scale-free');
const F = frame.names.length;

function windowX(set: { x: Float32Array; window: number; featureCount: number }, i: number): Float32Array {
  const stride = set.window * set.featureCount;
  return set.x.subarray(i * stride, (i + 1) * stride);
}

describe('buildWindows', () => {
  it('cuts [count, window, features] inputs and [count, horizon] targets, the origin last in each window', () => {
    const set = buildWindows(frame, { window: 60, horizon: 7 });

    const count = frame.rows.length - 60 - 7 + 1;
    expect(set).toMatchObject({
      symbol: 'BTC',
      featureSet: 'scale-free',
      count,
      window: 60,
      horizon: 7,
      featureCount: F,
    });
    expect(set.hasTargets).toBe(true);
    expect(set.x).toHaveLength(count * 60 * F);
    expect(set.y).toHaveLength(count * 7);
    expect(set.originDates).toEqual(frame.dates.slice(59, 59 + count));
    expect(set.originCloses).toEqual(frame.closes.slice(59, 59 + count));
    expect(set.symbols).toEqual(new Array(count).fill('BTC'));
    const i = 100; // window of origin row 159: rows 100..159, each rounded to float32
    expect(Array.from(windowX(set, i))).toEqual(
      Array.from(Float32Array.from(frame.rows.slice(100, 160).flat())),
    );
  });

  it('targets the simple returns of the next horizon closes, which compound back to those closes', () => {
    const set = buildWindows(frame, { window: 30, horizon: 7 });

    for (const i of [0, 57, set.count - 1]) {
      const o = frame.dates.indexOf(set.originDates[i]);
      const closes = frame.closes.slice(o, o + 8);
      const expected = closes.slice(1).map((c, k) => c / closes[k] - 1);
      expect(Array.from(set.y.subarray(i * 7, i * 7 + 7))).toEqual(Array.from(Float32Array.from(expected)));
      expect(set.targetCloses[i]).toEqual(closes.slice(1));
      const path = returnsToPrices(set.originCloses[i], set.y.subarray(i * 7, i * 7 + 7));
      // float32 targets: relative error below 1e-6 after 7 compounding steps
      path.forEach((p, k) => expect(Math.abs(p / closes[k + 1] - 1)).toBeLessThan(1e-6));
    }
  });

  it('never looks ahead: changing every candle after an origin leaves that window unchanged', () => {
    const origin = frame.dates[200];
    const altered: Candle[] = btc.map((c) =>
      c.date > origin
        ? { ...c, open: c.open * 3, high: c.high * 5, low: c.low * 2, close: c.close * 4, volume: 7 }
        : c,
    );

    const original = buildWindows(frame, { window: 60, horizon: 7 });
    const changed = buildWindows(computeFeatures(altered, 'scale-free'), { window: 60, horizon: 7 });

    const i = original.originDates.indexOf(origin);
    expect(changed.originDates[i]).toBe(origin);
    expect(windowX(changed, i)).toEqual(windowX(original, i));
    expect(changed.y.subarray(i * 7, i * 7 + 7)).not.toEqual(original.y.subarray(i * 7, i * 7 + 7));
    // every day of the window is on or before its origin, every target day after it
    expect(daysBetween(frame.dates[200 - 59], origin)).toBe(59);
  });

  it('skips every window or target span that would cross a missing day', () => {
    const candles = syntheticCandles('2024-01-01', 120, (t) => 100 * Math.exp(0.01 * Math.sin(t)));
    const missing = '2024-03-01';
    const withGap = candles.filter((c) => c.date !== missing);
    const gapped = computeFeatures(withGap, 'scale-free');

    const set = buildWindows(gapped, { window: 10, horizon: 3 });

    // Before the gap: rows 2024-01-15..2024-02-29 (46 rows) -> 46 - 10 - 3 + 1 windows;
    // after it the warm-up restarts: rows 2024-03-16..2024-04-29 (45 rows) -> 45 - 10 - 3 + 1 windows.
    expect(set.count).toBe(34 + 33);
    for (let i = 0; i < set.count; i++) {
      const first = addDays(set.originDates[i], -9);
      const last = addDays(set.originDates[i], 3);
      expect(missing < first || missing > last).toBe(true);
    }
    expect(set.originDates).toContain('2024-02-26');
    expect(set.originDates).not.toContain('2024-02-27');
    expect(set.originDates[34]).toBe('2024-03-25');
  });

  it('without targets also gives the last origins, whose future is unknown', () => {
    const set = buildWindows(frame, { window: 60, horizon: 7, includeTargets: false });

    expect(set.count).toBe(frame.rows.length - 60 + 1);
    expect(set.hasTargets).toBe(false);
    expect(set.y).toHaveLength(0);
    expect(set.targetCloses).toEqual([]);
    expect(set.originDates[set.count - 1]).toBe(frame.dates[frame.dates.length - 1]);
  });

  it('rejects a window or horizon that is not a positive integer, and a ragged frame', () => {
    const ragged = { ...frame, rows: [...frame.rows.slice(0, 5), [1, 2], ...frame.rows.slice(6)] };

    expectFeaturesError(
      () => buildWindows(frame, { window: 0, horizon: 7 }),
      'FEATURES_INVALID_ARGUMENT',
      /window must be an integer >= 1, got 0/,
    );
    expectFeaturesError(
      () => buildWindows(frame, { window: 60, horizon: 1.5 }),
      'FEATURES_INVALID_ARGUMENT',
      /horizon .* got 1.5/,
    );
    expectFeaturesError(
      () => buildWindows(ragged, { window: 60, horizon: 7 }),
      'FEATURES_MISMATCH',
      /row 5 \(\S+\) has 2 values for 8 names/,
    );
  });

  it('does not mutate the frame', () => {
    const before = JSON.stringify(frame);

    buildWindows(frame, { window: 20, horizon: 7 });
    latestWindow(frame, 20);

    expect(JSON.stringify(frame)).toBe(before);
  });
});

describe('latestWindow', () => {
  it('is bit for bit the last window buildWindows gives without targets', () => {
    const all = buildWindows(frame, { window: 60, horizon: 7, includeTargets: false });

    const latest = latestWindow(frame, 60);

    expect(latest).toBeDefined();
    expect(latest!.x).toEqual(windowX(all, all.count - 1));
    expect(latest!.originDate).toBe(btc[btc.length - 1].date);
    expect(latest!.originClose).toBe(btc[btc.length - 1].close);
  });

  it('is undefined with too few rows or when the last window would cross a missing day', () => {
    const candles = syntheticCandles('2024-01-01', 60, (t) => 50 + t);
    const synthetic = computeFeatures(candles, 'scale-free'); // 46 rows
    const drop =
      (i: number) =>
      <T>(_: T, j: number) =>
        j !== i;
    const gapInside = {
      ...synthetic,
      dates: synthetic.dates.filter(drop(43)),
      closes: synthetic.closes.filter(drop(43)),
      rows: synthetic.rows.filter(drop(43)),
    };

    expect(latestWindow(synthetic, 47)).toBeUndefined();
    expect(latestWindow(synthetic, 46)).toBeDefined();
    expect(latestWindow(gapInside, 3)).toBeUndefined();
    expect(latestWindow(gapInside, 2)?.originDate).toBe('2024-02-29');
  });

  it("ends on the frame's last row, which after a recent gap is before the last candle", () => {
    const candles = syntheticCandles('2024-01-01', 60, (t) => 50 + t);
    const recentGap = candles.filter((c) => c.date !== '2024-02-25'); // 2024-02-26..29 are warm-up again

    const latest = latestWindow(computeFeatures(recentGap, 'price-levels'), 5);

    expect(latest?.originDate).toBe('2024-02-24');
  });
});
