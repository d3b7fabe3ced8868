import { empiricalQuantiles } from './empirical-quantile';
import { naiveEmpiricalMinCloses, naiveEmpiricalQuantiles } from './naive-empirical';

describe('naiveEmpiricalQuantiles', () => {
  it('takes the overlapping h-day log returns inside the last window + 1 closes', () => {
    const closes = [50, 100, 110, 99, 120, 118, 130];
    const window = 4; // the last 5 closes: 110, 99, 120, 118, 130
    const levels = [0.25, 0.5, 0.75];

    const q = naiveEmpiricalQuantiles(closes, levels, { window, horizon: 3 });

    const last = [110, 99, 120, 118, 130];
    const returnsOf = (h: number): number[] => last.slice(h).map((c, i) => Math.log(c / last[i]));
    expect(returnsOf(1)).toHaveLength(4);
    expect(returnsOf(3)).toHaveLength(2);
    for (const h of [1, 2, 3]) expect(q[h - 1]).toEqual(empiricalQuantiles(returnsOf(h), levels));
  });

  it('reads each day at its own levels when given one set per day', () => {
    const closes = [50, 100, 110, 99, 120, 118, 130];
    const perDay = [[0.25, 0.75], [0.1, 0.9], [0.5]];

    const q = naiveEmpiricalQuantiles(closes, perDay, { window: 4, horizon: 3 });

    perDay.forEach((levels, h) =>
      expect(q[h]).toEqual(naiveEmpiricalQuantiles(closes, levels, { window: 4, horizon: 3 })[h]),
    );
  });

  it('defaults to a 365-day window and 7 horizon days', () => {
    const closes = Array.from({ length: 400 }, (_, t) => 100 * Math.exp(0.02 * Math.sin(t) + 0.001 * t));

    const q = naiveEmpiricalQuantiles(closes, [0.1, 0.9]);
    const explicit = naiveEmpiricalQuantiles(closes.slice(-366), [0.1, 0.9], { window: 365, horizon: 7 });

    expect(q).toHaveLength(7);
    expect(q).toEqual(explicit);
    expect(naiveEmpiricalMinCloses()).toBe(366);
  });

  it('needs window + 1 closes and a window of at least the horizon', () => {
    expect(() => naiveEmpiricalQuantiles([1, 2, 3], [0.5], { window: 3, horizon: 1 })).toThrow(
      /at least 4 closes, got 3/,
    );
    expect(() => naiveEmpiricalQuantiles([1, 2, 3, 4], [0.5], { window: 3, horizon: 5 })).toThrow(/window 3/);
  });
});
