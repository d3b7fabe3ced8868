import { MetricsError } from './errors';
import { averagePinballLoss, pinballLoss, pinballLosses } from './pinball';

describe('pinballLoss', () => {
  it('weighs an outcome above the quantile by the level and one below by 1 - level', () => {
    expect(pinballLoss(105, 100, 0.9)).toBeCloseTo(4.5, 12);
    expect(pinballLoss(95, 100, 0.9)).toBeCloseTo(0.5, 12);
    expect(pinballLoss(95, 100, 0.1)).toBeCloseTo(4.5, 12);
    expect(pinballLoss(100, 100, 0.3)).toBe(0);
    expect(pinballLoss(3, 1, 0.5)).toBe(1); // half the absolute error at the median
  });

  it('is minimized in sample by the empirical quantile (brute force over a grid)', () => {
    const values = [4.1, -2, 7.5, 0.3, 3.3, 9.9, -5.2, 1.1, 6.4, 2.2];
    const level = 0.25; // n × level = 2.5, so the minimizer is the 3rd smallest value, 0.3

    let best = { q: Number.NaN, loss: Infinity };
    for (let q = -6; q <= 11; q += 0.01) {
      const loss = values.reduce((s, y) => s + pinballLoss(y, q, level), 0);
      if (loss < best.loss) best = { q, loss };
    }

    expect(best.q).toBeCloseTo(0.3, 6);
  });

  it('refuses levels outside (0, 1) and non-finite inputs', () => {
    expect(() => pinballLoss(1, 1, 1)).toThrow(/level 1 is not a probability/);
    expect(() => pinballLoss(Number.NaN, 1, 0.5)).toThrow(MetricsError);
  });
});

describe('averagePinballLoss and pinballLosses', () => {
  it('average the per-level losses of each outcome', () => {
    const levels = [0.1, 0.5, 0.9];

    const one = averagePinballLoss(105, [90, 100, 110], levels);
    const series = pinballLosses(
      [105, 80],
      [
        [90, 100, 110],
        [85, 95, 105],
      ],
      levels,
    );

    expect(one).toBeCloseTo((1.5 + 2.5 + 0.5) / 3, 12);
    expect(series[0]).toBeCloseTo(one, 15);
    expect(series[1]).toBeCloseTo((0.9 * 5 + 0.5 * 15 + 0.1 * 25) / 3, 12);
  });

  it('names the forecast whose quantiles do not match the levels', () => {
    expect(() => pinballLosses([1, 2], [[0, 1], [0]], [0.1, 0.9])).toThrow(
      /quantiles\[1\] has 1 values but levels has 2/,
    );
    expect(() =>
      pinballLosses(
        [1],
        [
          [0, 1],
          [0, 1],
        ],
        [0.1, 0.9],
      ),
    ).toThrow(/1 values but quantiles has 2/);
    expect(() => averagePinballLoss(1, [], [])).toThrow(/levels is empty/);
  });
});
