import { VolatilityError } from './errors';
import { logReturns } from './log-returns';

describe('logReturns', () => {
  it('gives ln(c_t / c_{t-1}), one fewer than the closes', () => {
    const returns = logReturns([100, 110, 99]);

    expect(returns).toHaveLength(2);
    expect(returns[0]).toBeCloseTo(Math.log(1.1), 15);
    expect(returns[1]).toBeCloseTo(Math.log(0.9), 15);
    expect(logReturns([5])).toEqual([]);
  });

  it('names the first close that is not a finite price > 0', () => {
    expect(() => logReturns([1, 2, 0, 3])).toThrow(VolatilityError);
    expect(() => logReturns([1, 2, 0, 3])).toThrow(/close\[2\] is 0/);
    expect(() => logReturns([1, Number.NaN])).toThrow(/close\[1\] is NaN/);
    expect(() => logReturns([])).toThrow(/at least 1 closes, got 0/);
  });
});
