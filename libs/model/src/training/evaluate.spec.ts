import { dieboldMariano } from '@cf/metrics';
import { addDays } from '@cf/ohlcv';
import { mulberry32 } from '@cf/core';
import { evaluateForecasts, type SymbolForecasts } from './evaluate';

describe('evaluateForecasts', () => {
  // Hand-computed case, horizon 2: two forecasts of one symbol.
  const hand: SymbolForecasts = {
    symbol: 'BTC',
    originDates: ['2024-01-01', '2024-01-02'],
    originCloses: [100, 110],
    actual: [
      [105, 95],
      [108, 120],
    ],
    predicted: [
      [102, 104],
      [112, 111],
    ],
  };

  it('scores the model and persistence per horizon day and overall (hand-computed)', () => {
    const report = evaluateForecasts([hand], 2);

    // model |errors|: day 1: 3, 4; day 2: 9, 9.  persistence: day 1: 5, 2; day 2: 5, 10.
    expect(report.model.maeByHorizonDay).toEqual([3.5, 9]);
    expect(report.model.mae).toBeCloseTo(6.25, 12);
    expect(report.persistence.maeByHorizonDay).toEqual([3.5, 7.5]);
    expect(report.persistence.mae).toBeCloseTo(5.5, 12);
    expect(report.model.maeRatioToPersistence).toBeCloseTo(6.25 / 5.5, 12);
    expect(report.persistence.maeRatioToPersistence).toBe(1);
    // Directions vs the origin close: day 1 up/up hit, up/down miss; day 2 up/down miss, up/up hit.
    expect(report.model.directionalAccuracyByHorizonDay).toEqual([0.5, 0.5]);
    expect(report.model.directionalAccuracy).toBe(0.5);
    // Persistence predicts no move, which never matches a real move.
    expect(report.persistence.directionalAccuracy).toBe(0);
    expect(report.model.points).toBe(4);
    expect(report.persistence.points).toBe(4);
    // Two forecasts are too few for a Diebold-Mariano test at horizon 2: left out rather than invented.
    expect(report.model.dieboldMariano).toBeUndefined();
    expect(report.persistence.dieboldMariano).toBeUndefined();
    expect(report.bySymbol.BTC).toEqual({ model: report.model, persistence: report.persistence });
  });

  function randomForecasts(
    symbol: string,
    level: number,
    seed: number,
    n: number,
    horizon: number,
  ): SymbolForecasts {
    const next = mulberry32(seed);
    const originCloses: number[] = [];
    const actual: number[][] = [];
    const predicted: number[][] = [];
    for (let i = 0; i < n; i++) {
      const origin = level * (1 + 0.1 * (next() - 0.5));
      originCloses.push(origin);
      actual.push(Array.from({ length: horizon }, (_, k) => origin * (1 + 0.02 * (k + 1) * (next() - 0.5))));
      predicted.push(
        Array.from({ length: horizon }, (_, k) => origin * (1 + 0.015 * (k + 1) * (next() - 0.45))),
      );
    }
    return {
      symbol,
      originDates: Array.from({ length: n }, (_, i) => addDays('2023-01-01', i)),
      originCloses,
      actual,
      predicted,
    };
  }

  /** Diebold-Mariano statistic, written out independently: |e| loss, autocovariances to lag h-1 over n, HLN factor. */
  function dmStatistic(a: number[], b: number[], h: number): number {
    const n = a.length;
    const d = a.map((e, i) => Math.abs(e) - Math.abs(b[i]));
    const m = d.reduce((s, v) => s + v, 0) / n;
    const gamma = (lag: number) => d.slice(lag).reduce((s, v, t) => s + (v - m) * (d[t] - m), 0) / n;
    let variance = gamma(0);
    for (let lag = 1; lag < h; lag++) variance += 2 * gamma(lag);
    return (m / Math.sqrt(variance / n)) * Math.sqrt((n + 1 - 2 * h + (h * (h - 1)) / n) / n);
  }

  it('runs Diebold-Mariano on the last horizon day errors, per symbol and on the per-date mean across symbols', () => {
    const h = 3;
    const btc = randomForecasts('BTC', 40_000, 1, 40, h);
    const eth = randomForecasts('ETH', 2_000, 2, 40, h);

    const report = evaluateForecasts([btc, eth], h);

    const lastDay = (f: SymbolForecasts, path: (i: number) => number) =>
      f.originDates.map((_, i) => path(i) - f.actual[i][h - 1]);
    const btcModel = lastDay(btc, (i) => btc.predicted[i][h - 1]);
    const btcPersistence = lastDay(btc, (i) => btc.originCloses[i]);
    expect(report.bySymbol.BTC.model.dieboldMariano?.statistic).toBeCloseTo(
      dmStatistic(btcModel, btcPersistence, h),
      10,
    );
    expect(report.bySymbol.BTC.model.dieboldMariano?.pValue).toBeCloseTo(
      dieboldMariano(btcModel, btcPersistence, h).pValue,
      12,
    );

    const ethModel = lastDay(eth, (i) => eth.predicted[i][h - 1]);
    const ethPersistence = lastDay(eth, (i) => eth.originCloses[i]);
    const pooledModel = btcModel.map((e, i) => (Math.abs(e) + Math.abs(ethModel[i])) / 2);
    const pooledPersistence = btcPersistence.map((e, i) => (Math.abs(e) + Math.abs(ethPersistence[i])) / 2);
    expect(report.model.dieboldMariano?.statistic).toBeCloseTo(
      dmStatistic(pooledModel, pooledPersistence, h),
      10,
    );
    const p = report.model.dieboldMariano?.pValue ?? NaN;
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThanOrEqual(1);
  });

  it('pools every forecast for MAE, so the highest-priced symbol dominates it, while ratios stay per symbol', () => {
    const h = 3;
    const btc = randomForecasts('BTC', 40_000, 3, 20, h);
    const eth = randomForecasts('ETH', 2_000, 4, 20, h);

    const report = evaluateForecasts([btc, eth], h);

    const all = (f: SymbolForecasts[], pick: (f: SymbolForecasts, i: number, k: number) => number) =>
      f.flatMap((s) =>
        s.originDates.flatMap((_, i) =>
          Array.from({ length: h }, (_, k) => Math.abs(pick(s, i, k) - s.actual[i][k])),
        ),
      );
    const modelErrors = all([btc, eth], (s, i, k) => s.predicted[i][k]);
    const persistenceErrors = all([btc, eth], (s, i) => s.originCloses[i]);
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    expect(report.model.mae).toBeCloseTo(mean(modelErrors), 8);
    expect(report.persistence.mae).toBeCloseTo(mean(persistenceErrors), 8);
    expect(report.model.points).toBe(40 * h);
    expect(report.bySymbol.ETH.model.mae).toBeLessThan(report.bySymbol.BTC.model.mae / 5);
    expect(report.model.mae).toBeCloseTo(
      (report.bySymbol.BTC.model.mae + report.bySymbol.ETH.model.mae) / 2,
      8,
    );
    expect(Object.keys(report.bySymbol)).toEqual(['BTC', 'ETH']);
  });
});
