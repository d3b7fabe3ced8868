import { garmanKlassVariances, parkinsonVariances, rangeVariances } from './range-variance';
import { simulateDays } from './test-support/simulate';

const day = { open: [101], high: [110], low: [100], close: [108] };

describe('range-based daily variances', () => {
  it('match the Parkinson and Garman-Klass formulas by hand', () => {
    const u = Math.log(1.1);
    const c = Math.log(108 / 101);

    expect(parkinsonVariances(day)[0]).toBeCloseTo((u * u) / (4 * Math.LN2), 16);
    expect(garmanKlassVariances(day)[0]).toBeCloseTo(0.5 * u * u - (2 * Math.LN2 - 1) * c * c, 16);
    expect(rangeVariances(day, 'garman-klass')).toEqual(garmanKlassVariances(day));
  });

  it('estimate the daily variance of a Brownian log price, a little low on a discrete grid, and beat r² in precision', () => {
    const variance = 4e-4;
    const days = simulateDays(Array(1000).fill(variance), 1000, 21);
    const squaredReturns = days.close.map((c, i) => Math.log(c / days.open[i]) ** 2);
    const stats = (values: number[]): { mean: number; relativeVariance: number } => {
      const mean = values.reduce((s, v) => s + v, 0) / values.length;
      const second = values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length;
      return { mean: mean / variance, relativeVariance: second / (variance * variance) };
    };

    const parkinson = stats(parkinsonVariances(days));
    const garmanKlass = stats(garmanKlassVariances(days));
    const returns = stats(squaredReturns);

    // 1000 steps a day: the observed range is about 3 % narrower than the continuous one, so about 6 % low.
    expect(parkinson.mean).toBeGreaterThan(0.88);
    expect(parkinson.mean).toBeLessThan(1.0);
    expect(garmanKlass.mean).toBeGreaterThan(0.88);
    expect(garmanKlass.mean).toBeLessThan(1.0);
    expect(returns.mean).toBeGreaterThan(0.9);
    expect(returns.mean).toBeLessThan(1.1);
    // Var(r²) = 2 v²; Parkinson ≈ 0.41 v², Garman-Klass ≈ 0.27 v² (Garman & Klass 1980)
    expect(garmanKlass.relativeVariance).toBeLessThan(parkinson.relativeVariance);
    expect(parkinson.relativeVariance).toBeLessThan(0.6);
    expect(returns.relativeVariance).toBeGreaterThan(1.5);
  });

  it('refuse inconsistent days, mismatched lengths and an unknown estimator, naming them', () => {
    expect(() => parkinsonVariances({ ...day, low: [111] })).toThrow(
      /day 0: open 101, high 110, low 111, close 108/,
    );
    expect(() => garmanKlassVariances({ ...day, close: [112] })).toThrow(/day 0/);
    expect(() => parkinsonVariances({ ...day, high: [110, 111] })).toThrow(
      /high has 2 values but close has 1/,
    );
    expect(() => parkinsonVariances({ ...day, open: [-1] })).toThrow(/open\[0\] is -1/);
    expect(() => rangeVariances(day, 'rogers' as 'parkinson')).toThrow(/"rogers" is not/);
  });
});
