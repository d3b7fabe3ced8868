import { christoffersenTest, kupiecTest } from './coverage-tests';
import { MetricsError } from './errors';
import { normalCdf } from './normal';

/** A hit sequence of length n with `misses` misses (placed first: Kupiec ignores the order). */
function hitsWith(n: number, misses: number): boolean[] {
  return Array.from({ length: n }, (_, i) => i >= misses);
}

/** The miss indicators 1/0 as a hit sequence. */
function fromMisses(misses: number[]): boolean[] {
  return misses.map((m) => m === 0);
}

describe('kupiecTest', () => {
  it('matches a hand computation: 3 misses out of 10 at a nominal 90 %', () => {
    // LR = -2 [3 ln 0.1 + 7 ln 0.9 - 3 ln 0.3 - 7 ln 0.7]; χ²(1) p-value = 2 (1 - Φ(√LR))
    const lr = -2 * (3 * Math.log(0.1) + 7 * Math.log(0.9) - 3 * Math.log(0.3) - 7 * Math.log(0.7));

    const result = kupiecTest(hitsWith(10, 3), 0.9);

    expect(result.statistic).toBeCloseTo(lr, 12);
    expect(result.pValue).toBeCloseTo(2 * normalCdf(-Math.sqrt(lr)), 12);
    expect([result.n, result.misses, result.observedCoverage, result.degreesOfFreedom]).toEqual([
      10, 3, 0.7, 1,
    ]);
  });

  // Kupiec (1995), reproduced in Jorion, "Value at Risk", table "nonrejection regions for the number of
  // failures N" at the 95 % level: e.g. "p = 0.05, T = 255: 6 < N < 21".
  it.each([
    [0.01, 510, 2, 10],
    [0.01, 1000, 5, 16],
    [0.025, 255, 3, 11],
    [0.025, 510, 7, 20],
    [0.025, 1000, 16, 35],
    [0.05, 255, 7, 20],
    [0.05, 510, 17, 35],
    [0.05, 1000, 38, 64],
    [0.075, 255, 12, 27],
    [0.075, 510, 28, 50],
    [0.075, 1000, 60, 91],
    [0.1, 255, 17, 35],
    [0.1, 510, 39, 64],
    [0.1, 1000, 82, 119],
  ])('with failure rate %f over %i days does not reject %i to %i failures at 5 %', (p, n, low, high) => {
    const accepted: number[] = [];
    for (let misses = 0; misses <= n; misses++) {
      if (kupiecTest(hitsWith(n, misses), 1 - p).pValue > 0.05) accepted.push(misses);
    }

    expect([accepted[0], accepted[accepted.length - 1], accepted.length]).toEqual([
      low,
      high,
      high - low + 1,
    ]);
  });

  it('agrees with the table cell "p = 0.01, T = 255: N < 7" on its upper bound; zero failures are rejected', () => {
    // The table shows no lower bound there; the two-sided LR for 0 failures is -2 × 255 ln 0.99 = 5.13 > 3.84.
    expect(kupiecTest(hitsWith(255, 6), 0.99).pValue).toBeGreaterThan(0.05);
    expect(kupiecTest(hitsWith(255, 7), 0.99).pValue).toBeLessThan(0.05);
    expect(kupiecTest(hitsWith(255, 0), 0.99).statistic).toBeCloseTo(-2 * 255 * Math.log(0.99), 12);
  });

  it('gives statistic 0 and p-value 1 at exactly nominal coverage, and refuses empty input', () => {
    const exact = kupiecTest(hitsWith(50, 10), 0.8);
    expect(exact.statistic).toBeCloseTo(0, 12);
    expect(exact.pValue).toBeCloseTo(1, 5);
    expect(() => kupiecTest([], 0.8)).toThrow(MetricsError);
    expect(() => kupiecTest([true], 1)).toThrow(/nominalCoverage 1/);
  });
});

describe('christoffersenTest', () => {
  it('finds no dependence when the miss probability does not depend on yesterday (hand-counted)', () => {
    // misses 0 0 1 1 0 0 0 1 0 0: n00 = 4, n01 = 2, n10 = 2, n11 = 1, so π01 = π11 = π = 1/3: LR_ind = 0.
    const result = christoffersenTest(fromMisses([0, 0, 1, 1, 0, 0, 0, 1, 0, 0]), 0.8);

    expect(result.transitions).toEqual({ n00: 4, n01: 2, n10: 2, n11: 1 });
    expect(result.independence.statistic).toBeCloseTo(0, 14);
    expect(result.independence.pValue).toBeCloseTo(1, 12);
  });

  it('matches a hand computation on clustered misses, with LR_cc = LR_pof + LR_ind and χ²(2) = e^(-x/2)', () => {
    // misses 000111000111: n00 = 4, n01 = 2, n10 = 1, n11 = 4; π01 = 1/3, π11 = 4/5, π = 6/11.
    const misses = [0, 0, 0, 1, 1, 1, 0, 0, 0, 1, 1, 1];
    const ind =
      2 *
      (4 * Math.log(2 / 3) +
        2 * Math.log(1 / 3) +
        Math.log(1 / 5) +
        4 * Math.log(4 / 5) -
        5 * Math.log(5 / 11) -
        6 * Math.log(6 / 11));
    const pof = -2 * (6 * Math.log(0.2) + 6 * Math.log(0.8) - 12 * Math.log(0.5));

    const result = christoffersenTest(fromMisses(misses), 0.8);

    expect(result.transitions).toEqual({ n00: 4, n01: 2, n10: 1, n11: 4 });
    expect(result.independence.statistic).toBeCloseTo(ind, 12);
    expect(result.independence.pValue).toBeCloseTo(2 * normalCdf(-Math.sqrt(ind)), 12);
    expect(result.conditionalCoverage.statistic).toBeCloseTo(pof + ind, 12);
    expect(result.conditionalCoverage.pValue).toBeCloseTo(Math.exp(-(pof + ind) / 2), 12);
    expect(result.conditionalCoverage.degreesOfFreedom).toBe(2);
  });

  it('rejects independence for long runs of misses that a Kupiec test alone accepts', () => {
    // 20 % misses, all in blocks of 10: right proportion, clustered.
    const misses = Array.from({ length: 500 }, (_, t) => (t % 50 < 10 ? 1 : 0));

    const result = christoffersenTest(fromMisses(misses), 0.8);

    expect(kupiecTest(fromMisses(misses), 0.8).pValue).toBeGreaterThan(0.999);
    expect(result.independence.pValue).toBeLessThan(1e-10);
    expect(result.conditionalCoverage.pValue).toBeLessThan(1e-10);
  });

  it('handles sequences without any miss or without any hit (0 ln 0 = 0), and needs two outcomes', () => {
    const allHits = christoffersenTest(Array(30).fill(true), 0.9);
    const allMisses = christoffersenTest(Array(30).fill(false), 0.9);

    expect(allHits.independence).toMatchObject({ statistic: 0, pValue: 1 });
    expect(allMisses.independence).toMatchObject({ statistic: 0, pValue: 1 });
    expect(allHits.conditionalCoverage.statistic).toBeCloseTo(-2 * 30 * Math.log(0.9), 12);
    expect(() => christoffersenTest([true], 0.9)).toThrow(/at least 2 outcomes, got 1/);
  });
});
