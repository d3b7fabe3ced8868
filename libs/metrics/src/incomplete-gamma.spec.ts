import { MetricsError } from './errors';
import { regularizedGammaP, regularizedGammaQ } from './incomplete-gamma';

describe('regularized incomplete gamma', () => {
  it('matches closed forms: P(1, x) = 1 - e^-x, P(2, x) = 1 - e^-x (1 + x), P(1/2, x) = erf(√x) (tolerance 1e-14)', () => {
    // erf by its Taylor series, independent of the library (converges fast for the small arguments used).
    const erf = (z: number): number => {
      let term = z;
      let sum = z;
      for (let n = 1; n < 200; n++) {
        term *= (-z * z) / n;
        sum += term / (2 * n + 1);
      }
      return (2 / Math.sqrt(Math.PI)) * sum;
    };
    for (const x of [1e-6, 0.1, 0.5, 1, 2, 3.5, 8, 20]) {
      expect(Math.abs(regularizedGammaP(1, x) - (1 - Math.exp(-x)))).toBeLessThan(1e-14);
      expect(Math.abs(regularizedGammaQ(2, x) - Math.exp(-x) * (1 + x))).toBeLessThan(1e-14);
      if (x <= 3.5) expect(Math.abs(regularizedGammaP(0.5, x) - erf(Math.sqrt(x)))).toBeLessThan(1e-14);
    }
  });

  it('keeps relative accuracy of a tiny upper tail: Q(1, 700) = e^-700', () => {
    const q = regularizedGammaQ(1, 700);

    expect(Math.abs(q / Math.exp(-700) - 1)).toBeLessThan(1e-12);
  });

  it('has P + Q = 1 on both sides of the series / continued-fraction switch, and the limits at 0 and ∞', () => {
    for (const a of [0.3, 2.5, 10, 50]) {
      for (const x of [0.01, a, a + 0.999, a + 1.001, 3 * a + 5]) {
        expect(regularizedGammaP(a, x) + regularizedGammaQ(a, x)).toBeCloseTo(1, 14);
      }
      expect([regularizedGammaP(a, 0), regularizedGammaQ(a, 0)]).toEqual([0, 1]);
      expect([regularizedGammaP(a, Infinity), regularizedGammaQ(a, Infinity)]).toEqual([1, 0]);
    }
  });

  it('refuses a <= 0 and x < 0 with an error naming them', () => {
    expect(() => regularizedGammaP(0, 1)).toThrow(MetricsError);
    expect(() => regularizedGammaQ(1, -2)).toThrow(/a=1, x=-2/);
  });
});
