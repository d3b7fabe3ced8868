import { logGamma, regularizedIncompleteBeta } from './incomplete-beta';
import { studentTCdf, studentTPdf, studentTQuantile, studentTTwoSidedPValue } from './student-t';

describe('logGamma', () => {
  it('matches factorials and Γ(1/2) = √π', () => {
    let factorial = 1;
    for (let n = 1; n <= 20; n++) {
      expect(Math.abs(logGamma(n) - Math.log(factorial))).toBeLessThan(
        1e-12 * Math.max(1, Math.log(factorial)),
      );
      factorial *= n;
    }
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 13);
    expect(logGamma(0.25) - logGamma(1.25)).toBeCloseTo(Math.log(4), 13);
  });
});

describe('regularizedIncompleteBeta', () => {
  it('matches closed forms: I_x(a, 1) = x^a, I_x(1, b) = 1 - (1 - x)^b, and the symmetry', () => {
    for (const x of [0.01, 0.2, 0.5, 0.77, 0.99]) {
      expect(regularizedIncompleteBeta(x, 3.5, 1)).toBeCloseTo(x ** 3.5, 13);
      expect(regularizedIncompleteBeta(x, 1, 4.2)).toBeCloseTo(1 - (1 - x) ** 4.2, 13);
      expect(regularizedIncompleteBeta(x, 2.5, 7) + regularizedIncompleteBeta(1 - x, 7, 2.5)).toBeCloseTo(
        1,
        13,
      );
    }
    expect(regularizedIncompleteBeta(0, 2, 3)).toBe(0);
    expect(regularizedIncompleteBeta(1, 2, 3)).toBe(1);
  });
});

describe('Student t', () => {
  it.each([
    // two-sided 5 % and 1 % critical values from standard t tables (3 decimals, so tolerance 2e-4)
    [12.706, 1, 0.05],
    [4.303, 2, 0.05],
    [2.776, 4, 0.05],
    [4.604, 4, 0.01],
    [2.228, 10, 0.05],
    [3.169, 10, 0.01],
    [2.042, 30, 0.05],
    [1.984, 100, 0.05],
  ])('t = %f with %i degrees of freedom has two-sided p = %f', (t, df, p) => {
    expect(Math.abs(studentTTwoSidedPValue(t, df) - p)).toBeLessThan(2e-4);
    expect(Math.abs(studentTTwoSidedPValue(-t, df) - p)).toBeLessThan(2e-4);
  });

  it('matches the closed-form CDFs for 1, 2 and 4 degrees of freedom (tolerance 1e-12)', () => {
    for (const t of [-30, -3, -1, -0.2, 0, 0.5, 2, 2.8284, 10]) {
      const cauchy = 0.5 + Math.atan(t) / Math.PI;
      const two = 0.5 + t / (2 * Math.sqrt(2 + t * t));
      const q = 1 + (t * t) / 4;
      const four = 0.5 + (3 / 8) * (t / Math.sqrt(q)) * (1 - (t * t) / (12 * q));
      expect(Math.abs(studentTCdf(t, 1) - cauchy)).toBeLessThan(1e-12);
      expect(Math.abs(studentTCdf(t, 2) - two)).toBeLessThan(1e-12);
      expect(Math.abs(studentTCdf(t, 4) - four)).toBeLessThan(1e-12);
    }
  });

  it('tends to the normal distribution for large degrees of freedom', () => {
    expect(Math.abs(studentTTwoSidedPValue(1.959963984540054, 1e7) - 0.05)).toBeLessThan(1e-6);
    expect(Math.abs(studentTTwoSidedPValue(2.5758293035489, 1e7) - 0.01)).toBeLessThan(1e-6);
  });

  it('gives p = 1 at t = 0 and p = 0 at infinity, and a tiny but positive p far in the tail', () => {
    expect(studentTTwoSidedPValue(0, 5)).toBe(1);
    expect(studentTTwoSidedPValue(Infinity, 5)).toBe(0);
    const far = studentTTwoSidedPValue(50, 30);
    expect(far).toBeGreaterThan(0);
    expect(far).toBeLessThan(1e-25);
  });
});

describe('Student t quantile and density', () => {
  it.each([
    // one-sided upper critical values from standard t tables (3 decimals, so tolerance 6e-4)
    [0.975, 1, 12.706],
    [0.975, 2, 4.303],
    [0.975, 5, 2.571],
    [0.975, 10, 2.228],
    [0.975, 30, 2.042],
    [0.95, 5, 2.015],
    [0.95, 10, 1.812],
    [0.99, 10, 2.764],
    [0.995, 4, 4.604],
  ])('the %f quantile with %i degrees of freedom is %f', (p, df, t) => {
    expect(Math.abs(studentTQuantile(p, df) - t)).toBeLessThan(6e-4);
    expect(Math.abs(studentTQuantile(1 - p, df) + t)).toBeLessThan(6e-4);
  });

  it('matches closed-form quantiles of 1 and 2 degrees of freedom, also for non-table levels (1e-12 relative)', () => {
    for (const p of [0.001, 0.02, 0.3, 0.45, 0.7, 0.999]) {
      const cauchy = Math.tan(Math.PI * (p - 0.5));
      const two = (2 * p - 1) / Math.sqrt(2 * p * (1 - p));
      expect(Math.abs(studentTQuantile(p, 1) / cauchy - 1)).toBeLessThan(1e-12);
      expect(Math.abs(studentTQuantile(p, 2) / two - 1)).toBeLessThan(1e-12);
    }
    expect(studentTQuantile(0.5, 3.7)).toBe(0);
  });

  it('converges right next to the median, where the CDF is flat to rounding', () => {
    for (const p of [0.49975, 0.4999999, 0.5000001, 0.50025]) {
      const t = studentTQuantile(p, 8);
      expect(Math.abs(studentTCdf(t, 8) - p)).toBeLessThan(1e-15);
      expect(Math.sign(t)).toBe(Math.sign(p - 0.5));
    }
  });

  it('inverts its CDF for non-integer degrees of freedom, and its density is the Cauchy density at df = 1', () => {
    for (const df of [2.3, 4.5, 7.25, 60]) {
      for (const p of [0.01, 0.1, 0.4, 0.9, 0.995]) {
        expect(Math.abs(studentTCdf(studentTQuantile(p, df), df) - p)).toBeLessThan(1e-13);
      }
    }
    for (const t of [-4, 0, 0.5, 3]) {
      expect(Math.abs(studentTPdf(t, 1) - 1 / (Math.PI * (1 + t * t)))).toBeLessThan(1e-15);
    }
  });
});
