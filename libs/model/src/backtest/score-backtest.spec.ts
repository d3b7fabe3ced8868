import { dieboldMariano } from '@cf/metrics';
import type { BacktestForecast } from './backtest-forecast';
import { scoreBacktest } from './score-backtest';

const DATES = ['2024-01-01', '2024-01-02', '2024-01-03'];

function forecasts(
  symbol: string,
  originCloses: number[],
  actual: number[][],
  predicted: number[][],
): BacktestForecast[] {
  return DATES.map((origin, i) => ({
    model: 'm',
    symbol,
    cutoff: '2023-12-31',
    origin,
    originClose: originCloses[i],
    returns: predicted[i].map((p, k) => p / (k === 0 ? originCloses[i] : predicted[i][k - 1]) - 1),
    predicted: predicted[i],
    actual: actual[i],
  }));
}

// Horizon 2. A: a model; B: forecasts equal to persistence (the origin close).
const A = forecasts(
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
const B = forecasts(
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

describe('scoreBacktest', () => {
  it('scores each symbol and horizon day next to persistence on the same origins (hand-computed)', () => {
    const scores = scoreBacktest('m', [...B, ...A].reverse(), 2);

    const a = scores.bySymbol['A'];
    // Model |errors| day 1: 8, 7, 16; day 2: 1, 9, 8. Persistence day 1: 10, 5, 15; day 2: 5, 10, 5.
    expect(a.byHorizonDay[0]).toMatchObject({ n: 3, directionalAccuracy: 1 / 3 });
    expect(a.byHorizonDay[0].mae).toBeCloseTo(31 / 3, 12);
    expect(a.byHorizonDay[0].persistenceMae).toBeCloseTo(10, 12);
    expect(a.byHorizonDay[0].ratio).toBeCloseTo(31 / 30, 12);
    expect(a.byHorizonDay[1].ratio).toBeCloseTo(18 / 20, 12);
    expect(a.byHorizonDay[1].directionalAccuracy).toBeCloseTo(2 / 3, 12);
    expect(a.overall.mae).toBeCloseTo(49 / 6, 12);
    expect(a.overall.persistenceMae).toBeCloseTo(50 / 6, 12);
    expect(a.overall.ratio).toBeCloseTo(0.98, 12);
    expect(a.overall.directionalAccuracy).toBeCloseTo(0.5, 12);
    expect(a.byHorizonDay[1].dieboldMariano).toEqual(
      pick(dieboldMariano([104 - 105, 111 - 120, 108 - 100], [100 - 105, 110 - 120, 105 - 100], 2)),
    );
    expect(a.overall.dieboldMariano).toEqual(pick(dieboldMariano([4.5, 8, 12], [7.5, 7.5, 10], 2)));

    // Persistence's own forecasts: ratio exactly 1, identical errors (DM statistic 0, p-value 1); a flat forecast
    // is right only on an unchanged close (B day 1, origin 3).
    const b = scores.bySymbol['B'];
    expect(b.overall.ratio).toBe(1);
    expect(b.byHorizonDay.map((d) => d.ratio)).toEqual([1, 1]);
    expect(b.byHorizonDay.map((d) => d.directionalAccuracy)).toEqual([1 / 3, 0]);
    expect(b.overall.dieboldMariano).toEqual({ statistic: 0, pValue: 1 });
  });

  it('averages the per-symbol ratios (each asset once) and tests the average on scaled errors', () => {
    const scores = scoreBacktest('m', [...A, ...B], 2);

    const { overall, byHorizonDay } = scores.average;
    expect(overall).toMatchObject({ symbols: 2, n: 6 });
    expect(overall.ratio).toBeCloseTo((0.98 + 1) / 2, 12);
    expect(byHorizonDay[0].ratio).toBeCloseTo((31 / 30 + 1) / 2, 12);
    expect(byHorizonDay[1].ratio).toBeCloseTo((0.9 + 1) / 2, 12);
    expect(overall.directionalAccuracy).toBeCloseTo((0.5 + 1 / 6) / 2, 12);

    // Second implementation: per date, mean over symbols and days of |error| / that symbol-day's persistence MAE.
    const pMae: Record<string, number[]> = { A: [10, 20 / 3], B: [2 / 3, 4 / 3] };
    const model: number[] = [];
    const persistence: number[] = [];
    DATES.forEach((_, i) => {
      let m = 0;
      let p = 0;
      for (const f of [A[i], B[i]]) {
        for (const k of [0, 1]) {
          m += Math.abs(f.predicted[k] - f.actual[k]) / pMae[f.symbol][k];
          p += Math.abs(f.originClose - f.actual[k]) / pMae[f.symbol][k];
        }
      }
      model.push(m / 4);
      persistence.push(p / 4);
    });
    const expected = dieboldMariano(model, persistence, 2);
    expect(overall.dieboldMariano?.statistic).toBeCloseTo(expected.statistic, 10);
    expect(overall.dieboldMariano?.pValue).toBeCloseTo(expected.pValue, 10);
  });

  it('leaves the Diebold-Mariano test out when there are too few forecasts for the horizon', () => {
    const scores = scoreBacktest('m', A.slice(0, 1), 2);

    expect(scores.bySymbol['A'].overall.dieboldMariano).toBeNull();
    expect(scores.average.overall.dieboldMariano).toBeNull();
  });
});

function pick(result: { statistic: number; pValue: number }): { statistic: number; pValue: number } {
  return { statistic: result.statistic, pValue: result.pValue };
}
