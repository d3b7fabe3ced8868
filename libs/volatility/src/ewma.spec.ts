import { EWMA_MIN_CLOSES, ewmaNextVariance, forecastEwma } from './ewma';
import { logReturns } from './log-returns';

const closes = Array.from(
  { length: 200 },
  (_, t) => 100 * Math.exp(0.03 * Math.sin(t * 0.7) + 0.01 * Math.cos(t * 2.3)),
);

describe('EWMA', () => {
  it('matches a plain recursion seeded with the mean of the first 30 squared returns', () => {
    const r = logReturns(closes);
    let v = r.slice(0, 30).reduce((s, x) => s + x * x, 0) / 30;
    for (const x of r) v = 0.94 * v + 0.06 * x * x;

    const forecast = forecastEwma(closes, 7);

    expect(forecast.variances[0]).toBeCloseTo(v, 16);
    expect(forecast.variances.map((x) => x / v)).toEqual(
      [1, 2, 3, 4, 5, 6, 7].map((h) => expect.closeTo(h, 12)),
    );
    expect(forecast.distributions.every((d) => d.family === 'normal')).toBe(true);
  });

  it('does not depend on later data: the variance at a day is the same in a longer series', () => {
    const r = logReturns(closes);

    const prefix = ewmaNextVariance(r.slice(0, 120), 0.94);
    const again = ewmaNextVariance(r.slice(0, 120), 0.94);

    expect(prefix).toBe(again);
    expect(forecastEwma(closes.slice(0, 121), 1).variances[0]).toBe(prefix);
  });

  it('reacts faster with a smaller λ after a shock', () => {
    const shocked = [...closes, closes[199] * 1.2];

    const fast = forecastEwma(shocked, 1, { lambda: 0.8 }).variances[0];
    const slow = forecastEwma(shocked, 1, { lambda: 0.97 }).variances[0];

    expect(fast).toBeGreaterThan(slow);
  });

  it('refuses λ outside (0, 1), a bad horizon and a short history', () => {
    expect(() => forecastEwma(closes, 7, { lambda: 1 })).toThrow(/lambda 1 is not in \(0, 1\)/);
    expect(() => forecastEwma(closes, 0)).toThrow(/horizon 0/);
    expect(() => forecastEwma(closes.slice(0, EWMA_MIN_CLOSES - 1), 7)).toThrow(/at least 32 closes/);
  });
});
