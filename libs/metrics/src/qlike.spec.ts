import { normalQuantile } from './normal';
import { qlikeLoss, qlikeLosses } from './qlike';

describe('QLIKE', () => {
  it('is 0 for a perfect forecast and x - ln x - 1 of the ratio otherwise', () => {
    expect(qlikeLoss(4e-4, 4e-4)).toBe(0);
    expect(qlikeLoss(4e-4, 2e-4)).toBeCloseTo(1 - Math.log(2), 14);
    expect(qlikeLoss(1e-4, 4e-4)).toBeCloseTo(0.25 - Math.log(0.25) - 1, 14);
  });

  it('penalizes under-prediction more than over-prediction by the same factor', () => {
    expect(qlikeLoss(4e-4, 2e-4)).toBeGreaterThan(qlikeLoss(4e-4, 8e-4));
  });

  it('is minimized in expectation by the true variance under the noisy squared-return proxy', () => {
    const sd = 0.03;
    // r ~ N(0, sd²) by its quantiles at 20 000 midpoint levels; proxy r².
    const proxies = Array.from({ length: 20_000 }, (_, i) => (sd * normalQuantile((i + 0.5) / 20_000)) ** 2);
    const expectedLoss = (h: number): number =>
      proxies.reduce((s, p) => s + qlikeLoss(p, h), 0) / proxies.length;

    let best = { h: 0, loss: Infinity };
    for (let f = 0.8; f <= 1.2; f += 0.002) {
      const loss = expectedLoss(f * sd * sd);
      if (loss < best.loss) best = { h: f * sd * sd, loss };
    }

    expect(best.h / (sd * sd)).toBeCloseTo(1, 2);
  });

  it('refuses a zero proxy (an unchanged close) naming the point', () => {
    expect(qlikeLosses([1e-4, 4e-4], [2e-4, 4e-4])).toEqual([qlikeLoss(1e-4, 2e-4), 0]);
    expect(() => qlikeLosses([1e-4, 0], [1e-4, 1e-4])).toThrow(/proxies\[1\] 0 is not a finite number > 0/);
    expect(() => qlikeLoss(1e-4, -1)).toThrow(/variance forecast -1/);
  });
});
