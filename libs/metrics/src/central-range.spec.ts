import { centralRangeLevels, meanRangeWidth, rangeCoverage, rangeHits } from './central-range';
import { MetricsError } from './errors';

describe('central ranges', () => {
  it('gives the bounding levels of a nominal coverage exactly', () => {
    expect(centralRangeLevels(0.8)).toEqual([0.1, 0.9]);
    expect(centralRangeLevels(0.9)).toEqual([0.05, 0.95]);
    expect(centralRangeLevels(0.5)).toEqual([0.25, 0.75]);
    expect(() => centralRangeLevels(1)).toThrow(MetricsError);
  });

  it('counts hits with the bounds included, their fraction and the mean width', () => {
    const actuals = [1, 5, 2, 0, -1];
    const lower = [0, 0, 0, 0, 0];
    const upper = [2, 2, 2, 3, 4];

    expect(rangeHits(actuals, lower, upper)).toEqual([true, false, true, true, false]);
    expect(rangeCoverage(actuals, lower, upper)).toBeCloseTo(0.6, 15);
    expect(meanRangeWidth(lower, upper)).toBeCloseTo(2.6, 15);
  });

  it('refuses inverted ranges and mismatched series, naming the range', () => {
    expect(() => rangeHits([1, 2], [0, 3], [1, 2])).toThrow(/range 1 is inverted: lower 3 > upper 2/);
    expect(() => rangeCoverage([1], [0, 0], [1, 1])).toThrow(/actuals has 1 values but the ranges are 2/);
    expect(() => meanRangeWidth([], [])).toThrow(/empty/);
  });
});
