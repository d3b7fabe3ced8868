import { addDays } from '@cf/ohlcv';
import { loadSampleCandles } from '@cf/ohlcv/testing';
import { driftPath } from './baselines';
import { MetricsError } from './errors';
import { rollingSummary, trailingDays, type ScoredPoint } from './rolling';

const point = (date: string, actual: number, predicted: number, drift?: number): ScoredPoint => ({
  date,
  reference: 100,
  actual,
  predicted,
  persistence: 100,
  ...(drift === undefined ? {} : { drift }),
});

describe('trailingDays', () => {
  it('keeps endDay - days < date <= endDay, in input order', () => {
    const points = ['2024-02-04', '2024-02-11', '2024-02-05', '2024-02-12', '2024-02-08'].map((date) => ({
      date,
    }));

    expect(trailingDays(points, '2024-02-11', 7).map((p) => p.date)).toEqual([
      '2024-02-11',
      '2024-02-05',
      '2024-02-08',
    ]);
    expect(trailingDays(points, '2024-03-01', 30).map((p) => p.date)).toEqual([
      '2024-02-04',
      '2024-02-11',
      '2024-02-05',
      '2024-02-12',
      '2024-02-08',
    ]);
  });

  it('refuses a malformed end day or a non-positive window', () => {
    expect(() => trailingDays([], '2024-02-30', 7)).toThrow(MetricsError);
    expect(() => trailingDays([], '2024-02-11', 0)).toThrow(/days 0/);
  });
});

describe('rollingSummary', () => {
  it('summarises the window by hand-computed numbers', () => {
    // Prepare: in the window, model errors 4, 6, 8; persistence errors 5, 10, 5; drift errors 1, 1, 1;
    // directions (up/up, down/down, up/down) give 2 hits of 3.
    const points = [
      point('2024-02-01', 105, 103, 104),
      point('2024-02-09', 105, 101, 104),
      point('2024-02-10', 90, 96, 91),
      point('2024-02-11', 95, 103, 96),
    ];

    // Act
    const summary = rollingSummary(points, '2024-02-11', 7);

    // Assert: the 2024-02-01 point is outside the window and must not count.
    expect(summary).toEqual({
      days: 7,
      from: '2024-02-05',
      to: '2024-02-11',
      n: 3,
      mae: 6,
      persistenceMae: expect.closeTo(20 / 3, 12),
      driftMae: 1,
      ratioToPersistence: expect.closeTo(18 / 20, 12),
      directionalAccuracy: 2 / 3,
    });
  });

  it('omits drift MAE unless every point has a drift forecast, and says null for a flat window', () => {
    const mixed = [point('2024-02-10', 101, 102, 101), point('2024-02-11', 102, 103)];
    const flat = [point('2024-02-11', 100, 103)];

    expect(rollingSummary(mixed, '2024-02-11', 7)).not.toHaveProperty('driftMae');
    expect(rollingSummary(flat, '2024-02-11', 7)).toMatchObject({
      persistenceMae: 0,
      ratioToPersistence: null,
    });
    expect(rollingSummary(flat, '2024-03-11', 7)).toBeUndefined();
  });

  it('matches plain loops on 30 days of real BTC one-step forecasts (drift as the model)', () => {
    // Prepare: source sample-data/yahoo/BTC-USD_1d.csv; the "model" is a 14-day drift, one step ahead.
    const candles = loadSampleCandles('BTC', { from: '2023-10-01', to: '2024-02-11' });
    const points: ScoredPoint[] = [];
    for (let t = 14; t + 1 < candles.length; t++) {
      const history = candles.slice(t - 13, t + 1).map((c) => c.close);
      const reference = candles[t].close;
      const drift = driftPath(history, 1)[0];
      points.push({
        date: candles[t + 1].date,
        reference,
        actual: candles[t + 1].close,
        predicted: drift,
        persistence: reference,
        drift,
      });
    }

    // Act
    const summary = rollingSummary(points, '2024-02-11', 30)!;

    // Assert: each figure recomputed with a loop over the last 30 days (tolerance 1e-12 relative).
    const inWindow = points.filter((p) => p.date >= addDays('2024-02-11', -29));
    let model = 0;
    let naive = 0;
    let hits = 0;
    for (const p of inWindow) {
      model += Math.abs(p.actual - p.predicted);
      naive += Math.abs(p.actual - p.reference);
      if (p.predicted > p.reference === p.actual > p.reference) hits++;
    }
    const close = (a: number, b: number) => Math.abs(a - b) <= 1e-12 * Math.abs(b);
    expect(summary.n).toBe(30);
    expect(inWindow).toHaveLength(30);
    expect(close(summary.mae, model / 30)).toBe(true);
    expect(close(summary.persistenceMae, naive / 30)).toBe(true);
    expect(summary.driftMae).toBe(summary.mae);
    expect(close(summary.ratioToPersistence!, model / naive)).toBe(true);
    expect(summary.directionalAccuracy).toBe(hits / 30);
  });
});
