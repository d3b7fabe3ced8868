import { dieboldMariano } from '@cf/metrics';
import { scorePoints, type ForecastPoint } from './score-forecasts';

const DATES = ['2024-01-01', '2024-01-02', '2024-01-03'];

/** Points of one symbol: per origin, its close, the actual and the predicted closes of days 1..2. */
function points(
  symbol: string,
  originCloses: number[],
  actual: number[][],
  predicted: number[][],
): ForecastPoint[] {
  return DATES.flatMap((origin, i) =>
    [0, 1].map((k) => ({
      symbol,
      origin,
      horizonDay: k + 1,
      originClose: originCloses[i],
      predicted: predicted[i][k],
      actual: actual[i][k],
    })),
  );
}

// Horizon 2. A: a model; B: forecasts equal to persistence (the origin close).
const A = points(
  'A',
  [100, 110, 105],
  [
    [110, 105],
    [105, 120],
    [120, 100],
  ],
  [
    [102, 104],
    [112, 111],
    [104, 108],
  ],
);
const B = points(
  'B',
  [10, 10, 10],
  [
    [11, 9],
    [9, 9],
    [10, 12],
  ],
  [
    [10, 10],
    [10, 10],
    [10, 10],
  ],
);

/** A second, plain implementation of the pooling rule: relative errors, plain means. */
function relative(list: readonly ForecastPoint[], of: 'predicted' | 'originClose'): number[] {
  return list.map((p) => Math.abs(p[of] - p.actual) / p.originClose);
}
const mean = (v: readonly number[]) => v.reduce((a, b) => a + b, 0) / v.length;

describe('scorePoints (the one scorer)', () => {
  it('scores a symbol per horizon day and overall on relative errors, with price-unit MAE for reading', () => {
    const scores = scorePoints('m', [...B, ...A].reverse(), 2);

    const a = scores.bySymbol['A'];
    // Price units: model |errors| day 1: 8, 7, 16; day 2: 1, 9, 8. Persistence day 1: 10, 5, 15; day 2: 5, 10, 5.
    expect(a.byHorizonDay[0]).toMatchObject({ forecasts: 3, points: 3, directionalAccuracy: 1 / 3 });
    expect(a.byHorizonDay[0].mae).toBeCloseTo(31 / 3, 12);
    expect(a.byHorizonDay[0].persistenceMae).toBeCloseTo(10, 12);
    const day1 = A.filter((p) => p.horizonDay === 1);
    expect(a.byHorizonDay[0].ratio).toBeCloseTo(
      mean(relative(day1, 'predicted')) / mean(relative(day1, 'originClose')),
      12,
    );
    expect(a.overall.ratio).toBeCloseTo(
      mean(relative(A, 'predicted')) / mean(relative(A, 'originClose')),
      12,
    );
    expect(a.overall.mae).toBeCloseTo(49 / 6, 12);
    expect(a.overall.directionalAccuracy).toBeCloseTo(0.5, 12);
    expect(a.overall).toMatchObject({ forecasts: 3, points: 6 });
    // DM per day on that day's relative errors in origin order; overall on each origin's mean over its days.
    const day2 = A.filter((p) => p.horizonDay === 2);
    expect(a.byHorizonDay[1].dieboldMariano).toEqual(
      pick(dieboldMariano(relative(day2, 'predicted'), relative(day2, 'originClose'), 2)),
    );
    const perOrigin = (of: 'predicted' | 'originClose') =>
      DATES.map((d) =>
        mean(
          relative(
            A.filter((p) => p.origin === d),
            of,
          ),
        ),
      );
    expect(a.overall.dieboldMariano).toEqual(
      pick(dieboldMariano(perOrigin('predicted'), perOrigin('originClose'), 2)),
    );

    // Persistence's own forecasts: ratio exactly 1, identical errors (DM statistic 0, p-value 1); a flat forecast
    // is right only on an unchanged close (B day 1, origin 3).
    const b = scores.bySymbol['B'];
    expect(b.overall.ratio).toBe(1);
    expect(b.byHorizonDay.map((d) => d.ratio)).toEqual([1, 1]);
    expect(b.byHorizonDay.map((d) => d.directionalAccuracy)).toEqual([1 / 3, 0]);
    expect(b.overall.dieboldMariano).toEqual({ statistic: 0, pValue: 1 });
  });

  it('pools symbols by the same rule: plain means of relative errors, DM on per-origin-day means', () => {
    const scores = scorePoints('m', [...A, ...B], 2);

    const all = [...A, ...B];
    expect(scores.overall.ratio).toBeCloseTo(
      mean(relative(all, 'predicted')) / mean(relative(all, 'originClose')),
      12,
    );
    expect(scores.overall).toMatchObject({ forecasts: 6, points: 12, mae: null, persistenceMae: null });
    expect(scores.overall.directionalAccuracy).toBeCloseTo(4 / 12, 12);
    const perDate = (of: 'predicted' | 'originClose') =>
      DATES.map((d) =>
        mean(
          relative(
            all.filter((p) => p.origin === d),
            of,
          ),
        ),
      );
    const expected = dieboldMariano(perDate('predicted'), perDate('originClose'), 2);
    expect(scores.overall.dieboldMariano?.statistic).toBeCloseTo(expected.statistic, 12);
    expect(scores.overall.dieboldMariano?.pValue).toBeCloseTo(expected.pValue, 12);
    const day1 = all.filter((p) => p.horizonDay === 1);
    expect(scores.byHorizonDay[0].ratio).toBeCloseTo(
      mean(relative(day1, 'predicted')) / mean(relative(day1, 'originClose')),
      12,
    );
  });

  it('gives the same numbers for the same points in any order', () => {
    const forward = scorePoints('m', [...A, ...B], 2);
    const shuffled = scorePoints('m', [...B.slice(3), ...A.reverse(), ...B.slice(0, 3)], 2);

    expect(shuffled).toEqual(forward);
  });

  it('leaves the Diebold-Mariano test out when there are too few forecasts for the horizon', () => {
    const scores = scorePoints(
      'm',
      A.filter((p) => p.origin === DATES[0]),
      2,
    );

    expect(scores.bySymbol['A'].overall.dieboldMariano).toBeNull();
    expect(scores.overall.dieboldMariano).toBeNull();
  });
});

function pick(result: { statistic: number; pValue: number }): { statistic: number; pValue: number } {
  return { statistic: result.statistic, pValue: result.pValue };
}
