import { ema, logReturns, logVolumeChange, pctChange, rollingStd, rsi, sma } from './indicators';
import { expectFeaturesError, sampleCandles } from './test-support/sample-candles';

// References: "hand-derived" values were worked out step by step in Python float64 (math.fsum for sums) from
// the first rows of sample-data/yahoo/BTC-USD_1d.csv; "second implementation" checks use a formula written
// differently (prefix sums, closed-form EWM weights, the sum-of-squares variance) over 400 real closes.

const btcCloses = sampleCandles('BTC').map((c) => c.close);
const slice = btcCloses.slice(2000, 2400);

function expectClose(actual: number, expected: number, relTol: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(relTol * Math.max(1, Math.abs(expected)));
}

function expectSeriesClose(actual: number[], expected: number[], relTol: number): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((v, i) => {
    if (Number.isNaN(expected[i])) expect(v).toBeNaN();
    else expectClose(v, expected[i], relTol);
  });
}

function leadingNaNs(values: number[]): number {
  const first = values.findIndex((v) => !Number.isNaN(v));
  return first < 0 ? values.length : first;
}

describe('indicators on real BTC closes, hand-derived (relative tolerance 1e-12)', () => {
  it('gives the returns, averages, volatility and RSI of the first days of the history', () => {
    const closes = btcCloses.slice(0, 20);

    const pct = pctChange(closes);
    const log = logReturns(closes);
    const sma7 = sma(closes, 7);
    const sma14 = sma(closes, 14);
    const ema7 = ema(closes, 7);
    const std7 = rollingStd(log, 7);
    const rsi14 = rsi(closes, 14);

    expectClose(pct[1], -0.07192557601231186, 1e-12);
    expectClose(log[1], -0.07464335114905024, 1e-12);
    expectClose(sma7[6], 417.4625723702567, 1e-12);
    expectClose(sma14[13], 407.1824275425502, 1e-12);
    expect(ema7[0]).toBe(closes[0]);
    expectClose(ema7[1], 449.11051177978516, 1e-12);
    expectClose(ema7[2], 435.53188133239746, 1e-12);
    expectClose(ema7[13], 393.79783616147006, 1e-12);
    expectClose(std7[7], 0.056556514002857224, 1e-12);
    expectClose(std7[14], 0.026353800886092658, 1e-12);
    expectClose(rsi14[14], 13.47273978294642, 1e-12);
  });
});

describe('indicators against a second implementation on 400 real closes', () => {
  it('computes simple and log returns, undefined on the first day (abs tolerance 1e-12)', () => {
    const pct = pctChange(slice);
    const log = logReturns(slice);

    const refPct = slice.map((c, i) => (i === 0 ? NaN : (c - slice[i - 1]) / slice[i - 1]));
    const refLog = slice.map((c, i) => (i === 0 ? NaN : Math.log(c) - Math.log(slice[i - 1])));
    expectSeriesClose(pct, refPct, 1e-12);
    expectSeriesClose(log, refLog, 1e-12);
  });

  it('computes SMA like prefix-sum differences, NaN for the first n - 1 days (rel tolerance 1e-10)', () => {
    const prefix = [0];
    slice.forEach((c) => prefix.push(prefix[prefix.length - 1] + c));

    for (const n of [1, 7, 14]) {
      const actual = sma(slice, n);

      const ref = slice.map((_, t) => (t < n - 1 ? NaN : (prefix[t + 1] - prefix[t + 1 - n]) / n));
      expectSeriesClose(actual, ref, 1e-10);
      expect(leadingNaNs(actual)).toBe(n - 1);
    }
  });

  it('computes EMA (adjust=false) like the closed-form weighted sum, defined from day 0 (rel tolerance 1e-10)', () => {
    const n = 7;
    const alpha = 2 / (n + 1);

    const actual = ema(slice, n);

    // ema[t] = (1 - a)^t x[0] + sum_{i=1..t} a (1 - a)^(t - i) x[i]
    const ref = slice.map((_, t) => {
      let sum = (1 - alpha) ** t * slice[0];
      for (let i = 1; i <= t; i++) sum += alpha * (1 - alpha) ** (t - i) * slice[i];
      return sum;
    });
    expectSeriesClose(actual, ref, 1e-10);
    expect(leadingNaNs(actual)).toBe(0);
  });

  it('computes the rolling sample std (ddof 1) like the sum-of-squares formula (rel tolerance 1e-8)', () => {
    const log = logReturns(slice);

    const actual = rollingStd(log, 7);

    const ref = log.map((_, t) => {
      if (t < 7) return NaN; // log[0] is NaN, so the first full window ends at t = 7
      const w = log.slice(t - 6, t + 1);
      const sum = w.reduce((a, b) => a + b, 0);
      const sumSq = w.reduce((a, b) => a + b * b, 0);
      return Math.sqrt((sumSq - (sum * sum) / 7) / 6);
    });
    expectSeriesClose(actual, ref, 1e-8);
  });

  it('computes RSI 14 like closed-form Wilder averages, NaN for the first 14 days (abs tolerance 1e-9)', () => {
    const n = 14;
    const a = 1 / n;

    const actual = rsi(slice, n);

    const changes = slice.map((c, t) => (t === 0 ? 0 : c - slice[t - 1]));
    // avg[t] = (1 - a)^(t - 1) x[1] + sum_{i=2..t} a (1 - a)^(t - i) x[i]; rsi = 100 * gain / (gain + loss)
    const average = (t: number, pick: (d: number) => number): number => {
      let sum = (1 - a) ** (t - 1) * pick(changes[1]);
      for (let i = 2; i <= t; i++) sum += a * (1 - a) ** (t - i) * pick(changes[i]);
      return sum;
    };
    const ref = slice.map((_, t) => {
      if (t < n) return NaN;
      const gain = average(t, (d) => Math.max(d, 0));
      const loss = average(t, (d) => Math.max(-d, 0));
      return (100 * gain) / (gain + loss);
    });
    actual.forEach((v, t) => (t < n ? expect(v).toBeNaN() : expect(Math.abs(v - ref[t])).toBeLessThan(1e-9)));
  });
});

describe('indicator edge cases', () => {
  it('gives the textbook sample standard deviation of a small series', () => {
    // mean 5, squared deviations sum to 32: sample std sqrt(32 / 7), population std would be 2
    const actual = rollingStd([2, 4, 4, 4, 5, 5, 7, 9], 8);

    expect(actual.slice(0, 7).every(Number.isNaN)).toBe(true);
    expect(actual[7]).toBeCloseTo(Math.sqrt(32 / 7), 14);
  });

  it('gives RSI 100 after only gains, 0 after only losses and 50 on a flat series', () => {
    const up = Array.from({ length: 20 }, (_, t) => 100 + t);
    const down = Array.from({ length: 20 }, (_, t) => 100 - t);
    const flat = new Array<number>(20).fill(100);

    expect(rsi(up, 14).slice(14)).toEqual(new Array(6).fill(100));
    expect(rsi(down, 14).slice(14)).toEqual(new Array(6).fill(0));
    expect(rsi(flat, 14).slice(14)).toEqual(new Array(6).fill(50));
    expect(rsi(up, 14).slice(0, 14).every(Number.isNaN)).toBe(true);
  });

  it('makes NaN visible: a NaN inside a rolling window is NaN, and it stays in recursive indicators', () => {
    const values = [1, 2, NaN, 4, 5, 6, 7];

    expect(sma(values, 2)).toEqual([NaN, 1.5, NaN, NaN, 4.5, 5.5, 6.5]);
    expect(ema(values, 3).slice(2).every(Number.isNaN)).toBe(true);
  });

  it('guards the log volume change against zero volume', () => {
    const actual = logVolumeChange([0, 0, 1e9, 0, 2e9, 4e9]);

    expect(actual[0]).toBeNaN();
    expect(actual[1]).toBe(0);
    expect(actual[2]).toBeCloseTo(Math.log(1e9 + 1), 12);
    expect(actual[3]).toBeCloseTo(-Math.log(1e9 + 1), 12);
    expect(actual[5]).toBeCloseTo(Math.log(2), 9);
  });

  it('returns arrays of the input length, empty for empty input', () => {
    for (const out of [
      pctChange([]),
      logReturns([]),
      sma([], 3),
      ema([], 3),
      rollingStd([], 3),
      rsi([], 3),
    ]) {
      expect(out).toEqual([]);
    }
    expect(sma([1, 2], 7)).toEqual([NaN, NaN]);
  });

  it('rejects a period that is not a usable integer, naming it', () => {
    const code = 'FEATURES_INVALID_ARGUMENT';
    expectFeaturesError(() => sma(slice, 0), code, /^SMA period must be an integer >= 1, got 0$/);
    expectFeaturesError(() => ema(slice, 2.5), code, /EMA span must be an integer >= 1, got 2.5/);
    expectFeaturesError(
      () => rollingStd(slice, 1),
      code,
      /rolling std period must be an integer >= 2, got 1/,
    );
    expectFeaturesError(() => rsi(slice, NaN), code, /RSI period must be an integer >= 1, got NaN/);
  });

  it('does not mutate its input (frozen arrays would throw)', () => {
    const input = Object.freeze([...slice.slice(0, 50)]);

    for (const f of [pctChange, logReturns, logVolumeChange, (v: readonly number[]) => rsi(v)]) f(input);
    sma(input, 7);
    ema(input, 7);
    rollingStd(input, 7);

    expect(input).toEqual(slice.slice(0, 50));
  });
});
