import { scoreRangeGroup, type RangePoint } from '@cf/forecasting';
import { QUANTILE_LEVELS } from '@cf/ohlcv';
import { rollingRangePoint } from './range-rolling';

describe('rollingRangePoint', () => {
  const model = [-0.1, -0.07, -0.03, 0, 0.03, 0.07, 0.1];
  const naive = [-0.05, -0.04, -0.02, 0, 0.02, 0.04, 0.05];
  // outcomes: 0 inside every range; 0.06 inside the model's 80% only beyond the naive 90%; -0.08 inside the
  // model's 90% but not its 80%; 0.2 outside every range
  const outcomes = [0, 0.06, -0.08, 0.2];
  const points: RangePoint[] = outcomes.map((outcome, i) => ({
    symbol: 'TST',
    origin: `2024-01-0${i + 1}`,
    horizonDay: 1,
    outcome,
    quantiles: model,
    reference: naive,
  }));
  /** Mean pinball loss over points and levels, written out plainly. */
  const pinball = (quantiles: readonly number[]) => {
    let sum = 0;
    for (const y of outcomes)
      QUANTILE_LEVELS.forEach((tau, k) => {
        const u = y - quantiles[k];
        sum += u >= 0 ? tau * u : (tau - 1) * u;
      });
    return sum / (outcomes.length * QUANTILE_LEVELS.length);
  };

  it("draws the 80% and 90% coverage beside the naive ranges', and the pinball skill against them", () => {
    // prepare
    const scores = scoreRangeGroup(points, 1, true);

    // act
    const point = rollingRangePoint('2024-01-30', scores);

    // assert
    expect(point).toMatchObject({
      date: '2024-01-30',
      points: 4,
      coverage: [
        { nominal: 0.8, rate: 2 / 4, naiveRate: 1 / 4 },
        { nominal: 0.9, rate: 3 / 4, naiveRate: 1 / 4 },
      ],
      dieboldMarianoPValue: scores.dieboldMariano?.pValue ?? null,
    });
    expect(point?.pinball).toBeCloseTo(pinball(model), 12);
    expect(point?.naivePinball).toBeCloseTo(pinball(naive), 12);
    expect(point?.skill).toBeCloseTo(1 - pinball(model) / pinball(naive), 12);
  });

  it('has no skill when the naive ranges lose nothing, and no point without ranges', () => {
    // prepare: every outcome exactly at the naive ranges' one value
    const flat = points.map((p) => ({ ...p, outcome: 0, reference: naive.map(() => 0) }));

    // act / assert
    expect(rollingRangePoint('2024-01-30', scoreRangeGroup(flat, 1, true))?.skill).toBeNull();
    expect(rollingRangePoint('2024-01-30', undefined)).toBeUndefined();
  });
});
