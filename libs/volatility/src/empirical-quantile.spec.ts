import { empiricalQuantiles } from './empirical-quantile';

describe('empiricalQuantiles (type 7)', () => {
  it('matches R quantile() defaults on small samples', () => {
    // R: quantile(c(3, 1, 4, 1, 5, 9, 2, 6), c(0.05, 0.25, 0.5, 0.9)) = 1, 1.75, 3.5, 6.9
    expect(
      empiricalQuantiles([3, 1, 4, 1, 5, 9, 2, 6], [0.05, 0.25, 0.5, 0.9]).map((q) => +q.toFixed(12)),
    ).toEqual([1, 1.75, 3.5, 6.9]);
    // R: quantile(1:10, 0.1) = 1.9
    expect(empiricalQuantiles([10, 9, 8, 7, 6, 5, 4, 3, 2, 1], [0.1])[0]).toBeCloseTo(1.9, 12);
    expect(empiricalQuantiles([7], [0.01, 0.99])).toEqual([7, 7]);
  });

  it('is monotone in the level and bounded by the sample', () => {
    const values = Array.from({ length: 37 }, (_, i) => Math.sin(i * 2.1) * 10);
    const levels = Array.from({ length: 99 }, (_, i) => (i + 1) / 100);

    const q = empiricalQuantiles(values, levels);

    for (let k = 1; k < q.length; k++) expect(q[k]).toBeGreaterThanOrEqual(q[k - 1]);
    expect(q[0]).toBeGreaterThanOrEqual(Math.min(...values));
    expect(q[98]).toBeLessThanOrEqual(Math.max(...values));
  });

  it('refuses levels outside (0, 1), an empty sample and non-finite values', () => {
    expect(() => empiricalQuantiles([1, 2], [1])).toThrow(/levels\[0\] 1 is not in \(0, 1\)/);
    expect(() => empiricalQuantiles([], [0.5])).toThrow(/no values/);
    expect(() => empiricalQuantiles([1, Infinity], [0.5])).toThrow(/values\[1\] is Infinity/);
  });
});
