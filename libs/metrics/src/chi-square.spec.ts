import { chiSquareCdf, chiSquarePdf, chiSquareQuantile, chiSquareSurvival } from './chi-square';
import { MetricsError } from './errors';
import { normalCdf } from './normal';

describe('chi-square distribution', () => {
  it.each([
    // upper critical values from standard chi-square tables (3 decimals, so tolerance 6e-4)
    [0.95, 1, 3.841],
    [0.95, 2, 5.991],
    [0.95, 5, 11.07],
    [0.95, 10, 18.307],
    [0.95, 30, 43.773],
    [0.99, 1, 6.635],
    [0.99, 10, 23.209],
    [0.05, 10, 3.94],
    [0.5, 3, 2.366],
  ])('the %f quantile with %i degrees of freedom is %f', (p, df, x) => {
    expect(Math.abs(chiSquareQuantile(p, df) - x)).toBeLessThan(6e-4);
  });

  it('matches closed forms for 1, 2 and 4 degrees of freedom (tolerance 1e-14)', () => {
    for (const x of [0.001, 0.3, 1, 3.841458820694124, 9, 25]) {
      expect(Math.abs(chiSquareSurvival(x, 1) - 2 * normalCdf(-Math.sqrt(x)))).toBeLessThan(1e-14);
      expect(Math.abs(chiSquareCdf(x, 2) - (1 - Math.exp(-x / 2)))).toBeLessThan(1e-14);
      expect(Math.abs(chiSquareSurvival(x, 4) - Math.exp(-x / 2) * (1 + x / 2))).toBeLessThan(1e-14);
      expect(Math.abs(chiSquarePdf(x, 2) - 0.5 * Math.exp(-x / 2))).toBeLessThan(1e-15);
    }
  });

  it('inverts its own CDF in both halves and keeps a tiny survival accurate', () => {
    for (const df of [0.5, 1, 3, 7.5, 40]) {
      for (const p of [1e-6, 0.01, 0.3, 0.5, 0.8, 0.999]) {
        const x = chiSquareQuantile(p, df);
        expect(Math.abs(chiSquareCdf(x, df) - p)).toBeLessThan(1e-13);
      }
    }
    expect(Math.abs(chiSquareSurvival(200, 2) / Math.exp(-100) - 1)).toBeLessThan(1e-12);
    expect([chiSquareCdf(0, 3), chiSquareSurvival(-1, 3), chiSquareSurvival(Infinity, 3)]).toEqual([0, 1, 0]);
  });

  it('refuses bad degrees of freedom and levels', () => {
    expect(() => chiSquareCdf(1, 0)).toThrow(MetricsError);
    expect(() => chiSquareQuantile(1, 2)).toThrow(/p 1 is not a probability/);
    expect(() => chiSquareSurvival(Number.NaN, 2)).toThrow(/NaN/);
  });
});
