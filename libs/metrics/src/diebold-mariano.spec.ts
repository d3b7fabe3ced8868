import { loadSampleCandles } from '@cf/ohlcv/testing';
import { driftPath } from './baselines';
import { dieboldMariano } from './diebold-mariano';
import { MetricsError } from './errors';

/** Closed-form CDF of Student's t with 4 degrees of freedom. */
function tCdf4(t: number): number {
  const q = 1 + (t * t) / 4;
  return 0.5 + (3 / 8) * (t / Math.sqrt(q)) * (1 - (t * t) / (12 * q));
}

/** Two-sided p-value of Student's t by Simpson integration of its density from 0 to |t| (independent of the lib). */
function tTwoSidedBySimpson(t: number, df: number): number {
  const logC = lgammaBySum(df + 1) - lgammaBySum(df) - 0.5 * Math.log(df * Math.PI); // Γ((ν+1)/2) / (√(νπ) Γ(ν/2))
  const density = (x: number) => Math.exp(logC - ((df + 1) / 2) * Math.log1p((x * x) / df));
  const steps = 20_000;
  const width = Math.abs(t) / steps;
  let sum = density(0) + density(Math.abs(t));
  for (let i = 1; i < steps; i++) sum += (i % 2 === 1 ? 4 : 2) * density(i * width);
  return 1 - 2 * ((sum * width) / 3);
}

/** ln Γ(k / 2) for a positive integer k, by the recurrences Γ(1) = 1, Γ(1/2) = √π, Γ(x + 1) = x Γ(x). */
function lgammaBySum(k: number): number {
  let x = k % 2 === 0 ? 1 : 0.5;
  let value = k % 2 === 0 ? 0 : 0.5 * Math.log(Math.PI);
  while (x < k / 2) {
    value += Math.log(x);
    x += 1;
  }
  return value;
}

/** A second, plain Diebold-Mariano: the long-run variance as a double sum over all pairs |s - t| < h. */
function plainDm(eA: number[], eB: number[], h: number): { statistic: number; pValue: number } {
  const n = eA.length;
  const d = eA.map((e, i) => Math.abs(e) - Math.abs(eB[i]));
  const dBar = d.reduce((s, v) => s + v, 0) / n;
  let pairs = 0;
  for (let s = 0; s < n; s++) {
    for (let t = 0; t < n; t++) if (Math.abs(s - t) < h) pairs += (d[s] - dBar) * (d[t] - dBar);
  }
  const variance = pairs / (n * n);
  const statistic = (dBar / Math.sqrt(variance)) * Math.sqrt((n + 1 - 2 * h + (h * (h - 1)) / n) / n);
  return { statistic, pValue: tTwoSidedBySimpson(statistic, n - 1) };
}

describe('dieboldMariano', () => {
  it('matches a worked case with h = 1: d = [1, 2, 0, 3, 4] gives DM* = 2√2, df = 4', () => {
    // d̄ = 2, γ0 = (1 + 0 + 4 + 1 + 4) / 5 = 2, V = γ0 / n = 0.4, DM = 2 / √0.4, HLN = √(4/5) → 2√2.
    const eA = [2, -3, 1, -4, 5];
    const eB = [1, 1, -1, 1, 1];

    const result = dieboldMariano(eA, eB, 1);

    expect(result.n).toBe(5);
    expect(result.statistic).toBeCloseTo(2 * Math.SQRT2, 12);
    expect(result.pValue).toBeCloseTo(2 * (1 - tCdf4(2 * Math.SQRT2)), 12);
    expect(result.pValue).toBeCloseTo(0.04742, 5);
  });

  it('matches a worked case with h = 2: d = [1, 2, 4, 3, 5] gives DM* = 3 exactly, df = 4', () => {
    // d̄ = 3; deviations [-2, -1, 1, 0, 2]; γ0 = 10/5 = 2; γ1 = (2 - 1 + 0 + 0)/5 = 0.2;
    // V = (γ0 + 2γ1) / n = 2.4 / 5 = 0.48; DM = 3 / √0.48; HLN factor √((5 + 1 - 4 + 2·1/5) / 5) = √0.48.
    const eA = [-2, 3, 5, -4, 6];
    const eB = [1, -1, 1, 1, -1];

    const result = dieboldMariano(eA, eB, 2);

    expect(result.statistic).toBeCloseTo(3, 12);
    expect(result.pValue).toBeCloseTo(2 * (1 - tCdf4(3)), 12);
    expect(result.pValue).toBeCloseTo(0.039942, 5);
  });

  it('agrees with a plain double-sum implementation on real BTC errors: persistence vs 30-day drift, h = 7', () => {
    // Prepare: source sample-data/yahoo/BTC-USD_1d.csv, forecast origins through 2023.
    const closes = loadSampleCandles('BTC', { from: '2022-12-01', to: '2023-12-31' }).map((c) => c.close);
    const h = 7;
    const persistence: number[] = [];
    const drift: number[] = [];
    for (let t = 29; t + h < closes.length; t++) {
      persistence.push(closes[t + h] - closes[t]);
      drift.push(closes[t + h] - driftPath(closes.slice(t - 29, t + 1), h)[h - 1]);
    }

    // Act
    const result = dieboldMariano(drift, persistence, h);

    // Assert: statistic to 1e-9 relative; p-value to 1e-8 (Simpson with 20 000 steps).
    const reference = plainDm(drift, persistence, h);
    expect(result.n).toBe(persistence.length);
    expect(Math.abs(result.statistic - reference.statistic)).toBeLessThan(
      1e-9 * Math.abs(reference.statistic),
    );
    expect(Math.abs(result.pValue - reference.pValue)).toBeLessThan(1e-8);
  });

  it('is antisymmetric: swapping the forecasts negates the statistic and keeps the p-value', () => {
    const eA = [0.5, -1.2, 2.2, 0.1, -0.9, 1.7, 0.3, -2.5];
    const eB = [1.1, -0.4, 1.9, -0.8, 1.6, 0.2, -1.3, 0.7];

    const ab = dieboldMariano(eA, eB, 3);
    const ba = dieboldMariano(eB, eA, 3);

    expect(ba.statistic).toBeCloseTo(-ab.statistic, 12);
    expect(ba.pValue).toBeCloseTo(ab.pValue, 12);
  });

  it('is negative when A is the better forecast', () => {
    const eA = [0.1, -0.2, 0.15, 0.05, -0.1, 0.2];
    const eB = [1, -2, 1.5, 0.7, -1.1, 2.2];

    expect(dieboldMariano(eA, eB, 1).statistic).toBeLessThan(0);
  });

  it('gives documented results, not NaN, when the loss differential is constant', () => {
    const same = dieboldMariano([1, -2, 3], [-1, 2, -3], 1);
    const alwaysWorse = dieboldMariano([2, 3, 4], [1, 2, 3], 2);
    const alwaysBetter = dieboldMariano([1, 2, 3], [2, 3, 4], 1);

    expect(same).toEqual({ statistic: 0, pValue: 1, n: 3 });
    expect(alwaysWorse).toEqual({ statistic: Infinity, pValue: 0, n: 3 });
    expect(alwaysBetter).toEqual({ statistic: -Infinity, pValue: 0, n: 3 });
  });

  it('falls back to h = 1 when the h-step long-run variance is not positive, as R dm.test does', () => {
    // d = [1, 0, 1, 0, 1, 0]: γ0 = 0.25, γ1 = -1.25/6, so γ0 + 2γ1 < 0 for h = 2.
    // With h = 1: V = 0.25/6, DM = 0.5/√V = √6, HLN = √(5/6) → DM* = √5.
    const eA = [1, 0, 1, 0, 1, 0];
    const eB = [0, 0, 0, 0, 0, 0];

    const result = dieboldMariano(eA, eB, 2);

    expect(result).toEqual(dieboldMariano(eA, eB, 1));
    expect(result.statistic).toBeCloseTo(Math.sqrt(5), 12);
    expect(Math.abs(result.pValue - tTwoSidedBySimpson(Math.sqrt(5), 5))).toBeLessThan(1e-9);
  });

  it('refuses too few errors for the horizon, mismatched lengths and non-finite errors', () => {
    const codeOf = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        return error instanceof MetricsError ? error.code : 'other';
      }
      return 'none';
    };

    expect(codeOf(() => dieboldMariano([1], [2], 1))).toBe('METRICS_TOO_SHORT');
    expect(codeOf(() => dieboldMariano([1, 2, 3], [2, 1, 0], 3))).toBe('METRICS_TOO_SHORT');
    expect(codeOf(() => dieboldMariano([1, 2], [1], 1))).toBe('METRICS_LENGTH_MISMATCH');
    expect(codeOf(() => dieboldMariano([1, Infinity], [1, 2], 1))).toBe('METRICS_NON_FINITE');
    expect(codeOf(() => dieboldMariano([1, 2], [1, 3], 0))).toBe('METRICS_INVALID_ARGUMENT');
  });
});
