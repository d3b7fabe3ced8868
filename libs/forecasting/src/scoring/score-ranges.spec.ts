import { QUANTILE_LEVELS } from '@cf/ohlcv';
import { scoreRanges, type RangePoint } from './score-ranges';

// Worked by hand: one asset, three origins, one day ahead; the model's quantiles are symmetric around 0 and
// the reference's twice as wide.
const MODEL = [-0.05, -0.04, -0.02, 0, 0.02, 0.04, 0.05];
const REFERENCE = MODEL.map((q) => 2 * q);
const OUTCOMES = [0.01, -0.045, 0.06];
const POINTS: RangePoint[] = OUTCOMES.map((outcome, i) => ({
  symbol: 'AAA',
  origin: `2024-01-0${i + 1}`,
  horizonDay: 1,
  outcome,
  quantiles: MODEL,
  reference: REFERENCE,
}));

/** Pinball loss written out again, independently of @cf/metrics. */
function pinball(y: number, quantiles: readonly number[]): number {
  const losses = quantiles.map((q, k) => {
    const tau = QUANTILE_LEVELS[k];
    return y >= q ? tau * (y - q) : (1 - tau) * (q - y);
  });
  return losses.reduce((a, b) => a + b, 0) / losses.length;
}

describe('scoreRanges', () => {
  it('scores pinball loss, coverage and width next to the reference on the same points', () => {
    // act
    const { overall, bySymbol } = scoreRanges('persistence+garch', POINTS, 1);

    // assert
    const model = OUTCOMES.map((y) => pinball(y, MODEL));
    const reference = OUTCOMES.map((y) => pinball(y, REFERENCE));
    const sum = (v: number[]) => v.reduce((a, b) => a + b, 0);
    expect(overall.points).toBe(3);
    expect(overall.forecasts).toBe(3);
    expect(overall.pinball).toBeCloseTo(sum(model) / 3, 15);
    expect(overall.referencePinball).toBeCloseTo(sum(reference) / 3, 15);
    expect(overall.pinballRatio).toBeCloseTo(sum(model) / sum(reference), 14);
    expect(overall.crps).toBeCloseTo((2 * sum(model)) / 3, 15);
    // 80% = [q10, q90] = [-0.04, 0.04] holds 0.01 only; 90% = [-0.05, 0.05] holds 0.01 and -0.045
    const [c80, c90] = overall.coverage;
    expect([c80.nominal, c80.rate, c80.referenceRate]).toEqual([0.8, 1 / 3, 1]);
    expect([c90.nominal, c90.rate, c90.referenceRate]).toEqual([0.9, 2 / 3, 1]);
    expect(c80.meanWidth).toBeCloseTo(0.08, 15);
    expect(c90.referenceMeanWidth).toBeCloseTo(0.2, 15);
    // Kupiec: 2 misses in 3 against a miss rate of 0.2: -2 ln(0.2^2 0.8 / ((2/3)^2 (1/3)))
    expect(c80.kupiec?.statistic).toBeCloseTo(-2 * Math.log((0.2 ** 2 * 0.8) / ((2 / 3) ** 2 * (1 / 3))), 10);
    expect(c80.kupiec?.pValue).toBeCloseTo(0.08, 3);
    // Christoffersen's test needs a sequence in time: one asset's one horizon day only
    expect(c90.christoffersen).toBeNull();
    expect(bySymbol.AAA.byHorizonDay[0].coverage[1].christoffersen).toEqual({
      statistic: expect.any(Number),
      pValue: expect.any(Number),
    });
    expect(overall.dieboldMariano).toEqual({ statistic: expect.any(Number), pValue: expect.any(Number) });
  });

  it('gives the same numbers for the same points in any order', () => {
    expect(scoreRanges('m', [...POINTS].reverse(), 1)).toEqual(scoreRanges('m', POINTS, 1));
  });

  it('scores the reference against itself as a ratio of exactly 1 and a test that finds nothing', () => {
    const self = POINTS.map((p) => ({ ...p, quantiles: p.reference }));

    const { overall } = scoreRanges('persistence+naive-empirical', self, 1);

    expect(overall.pinballRatio).toBe(1);
    expect(overall.dieboldMariano).toEqual({ statistic: 0, pValue: 1 });
  });
});
