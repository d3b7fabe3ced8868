import { addDays, QUANTILE_LEVELS, type Candle } from '@cf/ohlcv';
import { naiveEmpiricalQuantiles } from '@cf/volatility';
import { loadSampleCandles } from '@cf/ohlcv/testing';
import { monitoringMetricsKey, putJson, type ObjectStore } from '@cf/storage';
import { makeTempStore } from '@cf/storage/testing';
import { captureLogger } from '@cf/service/testing';
import {
  makeForecast,
  persistenceModel,
  syntheticCandles,
  writeDatasets,
  writeForecast,
  writeForecasts,
} from '../testing/fixtures';
import type { DailyMetrics } from './daily-metrics';
import { degradationAlerts } from '../alerts/degradation-alerts';
import { evaluateDay, evaluateRange, type EvaluationDeps } from './evaluate-day';

const EXACT = 1e-12;

describe('evaluateDay on a hand-computed case', () => {
  let store: ObjectStore;
  let cleanup: () => Promise<void>;
  let deps: EvaluationDeps;
  const closes = [100, 102, 101, 104, 103, 106, 108, 107, 110, 112];
  const candles = syntheticCandles('TST', '2024-01-01', closes);
  /** The drift close `h` days after the origin at index `origin`: its mean daily log return compounded. */
  const driftClose = (origin: number, h: number) =>
    closes[origin] * Math.exp((h * Math.log(closes[origin] / closes[0])) / origin);

  beforeEach(async () => {
    ({ store, cleanup } = await makeTempStore());
    deps = { store, logger: captureLogger().logger, scoring: { maxHorizonDays: 7 } };
    await writeDatasets(store, [candles]);
    const predictions: Record<string, number[]> = {
      '2024-01-05': [104, 102, 103],
      '2024-01-06': [107, 109, 111],
    };
    for (const [origin, path] of Object.entries(predictions)) {
      await writeForecast(
        store,
        makeForecast(candles, origin, 3, (h) => path[h - 1]),
      );
    }
  });
  afterEach(() => cleanup());

  it('scores model, persistence and drift per step, as worked out by hand', async () => {
    // prepare: forecasts from 01-05 (close 103) and 01-06 (close 106); drift compounds the mean daily log
    // return of the history up to the origin: from 01-05, 103 * (103 / 100)^(2 / 4) at h2; from 01-06,
    // 106 * (106 / 100)^(1 / 5) at h1.
    const drift1 = driftClose(5, 1);
    const drift2 = driftClose(4, 2);
    // act
    const { daily } = await evaluateDay(deps, '2024-01-07');

    // assert: actual close on 01-07 is 108
    const tst = daily.bySymbol.TST;
    expect(daily.points).toBe(2);
    expect(tst.actualClose).toBe(108);
    expect(tst.steps.map((s) => [s.lastObservedDate, s.horizonDay, s.predicted, s.persistence])).toEqual([
      ['2024-01-06', 1, 107, 106],
      ['2024-01-05', 2, 102, 103],
    ]);
    expect(tst.steps[0].drift).toBeCloseTo(drift1, 10);
    expect(tst.steps[1].drift).toBeCloseTo(drift2, 10);
    expect(drift2).toBeCloseTo(104.5336, 4);
    expect(tst.steps.map((s) => s.absoluteError)).toEqual([
      { model: 1, persistence: 2, drift: Math.abs(108 - tst.steps[0].drift!) },
      { model: 6, persistence: 5, drift: Math.abs(108 - tst.steps[1].drift!) },
    ]);
    expect(tst.steps.map((s) => s.directionCorrect)).toEqual([
      { model: true, drift: true },
      { model: false, drift: true },
    ]);
    expect(tst.n).toBe(2);
    expect(tst.unit).toBe('price');
    const driftMae = (Math.abs(108 - drift1) + Math.abs(108 - drift2)) / 2;
    expect(tst.mae).toMatchObject({ model: 3.5, persistence: 3.5 });
    expect(tst.mae.drift).toBeCloseTo(driftMae, 10);
    // ratios pool relative errors (each divided by its forecast's last close), as the one scorer does
    const persistenceRelative = 2 / 106 + 5 / 103;
    expect(tst.ratioToPersistence.model).toBeCloseTo((1 / 106 + 6 / 103) / persistenceRelative, 14);
    expect(tst.ratioToPersistence.drift).toBeCloseTo(
      (Math.abs(108 - drift1) / 106 + Math.abs(108 - drift2) / 103) / persistenceRelative,
      10,
    );
    expect(tst.directionalAccuracy).toEqual({ model: 0.5, persistence: 0, drift: 1 });
    expect(tst.byHorizonDay.map((h) => [h.horizonDay, h.n, h.mae.model])).toEqual([
      [1, 1, 1],
      [2, 1, 6],
    ]);
    // pooled over assets: errors as a fraction of each forecast's last close
    expect(daily.overall?.unit).toBe('fraction-of-last-close');
    expect(daily.overall?.mae.model).toBeCloseTo((1 / 106 + 6 / 103) / 2, 15);
    expect(daily.overall?.ratioToPersistence.model).toBeCloseTo(
      (1 / 106 + 6 / 103) / (2 / 106 + 5 / 103),
      14,
    );
  });

  it('rolls the 7-day window over every step targeting it', async () => {
    // prepare: by 01-08 the 7-day window holds 5 steps: AE model 2, 6, 1, 4, 2; persistence 3, 5, 2, 4, 1;
    // model directions right, wrong, right, wrong (flat), right; drift from 01-05 targets 01-06..01-08 and
    // from 01-06 targets 01-07 and 01-08.
    const driftErrors = [
      Math.abs(106 - driftClose(4, 1)),
      Math.abs(108 - driftClose(4, 2)),
      Math.abs(107 - driftClose(4, 3)),
      Math.abs(108 - driftClose(5, 1)),
      Math.abs(107 - driftClose(5, 2)),
    ];
    await evaluateDay(deps, '2024-01-06');
    // act
    const { rolling } = await evaluateDay(deps, '2024-01-08');

    // assert
    const week = rolling.windows['7'];
    expect([week.from, week.to, week.points, week.daysWithPoints]).toEqual([
      '2024-01-02',
      '2024-01-08',
      5,
      3,
    ]);
    const tst = week.bySymbol.TST;
    expect(tst.mae.model).toBeCloseTo(3, 14);
    expect(tst.mae.persistence).toBeCloseTo(3, 14);
    expect(tst.mae.drift).toBeCloseTo(driftErrors.reduce((a, b) => a + b) / 5, 13);
    expect(tst.ratioToPersistence.model).toBeCloseTo(1, 14);
    expect(tst.directionalAccuracy.model).toBeCloseTo(0.6, 14);
    expect(rolling.windows['30'].points).toBe(5);
    expect(rolling.windows['30'].bySymbol.TST.dieboldMariano).toMatchObject({
      n: 2,
      lag: 3,
      statistic: null,
    });
    expect(rolling.modelVersions).toEqual(['v-test']);
  });

  it('says why a step was not scored and which prediction objects are unreadable', async () => {
    // prepare: a forecast from 01-09 targets 01-10 (observed) and 01-11 (not yet); a broken object
    await writeForecast(
      store,
      makeForecast(candles, '2024-01-09', 2, (_h, last) => last * 1.01),
    );
    await store.put('predictions/dt=2024-01-09/symbol=BAD.json', '{ not json');
    await putJson(store, 'predictions/dt=2024-01-08/symbol=ZZZ.json', { symbol: 'ZZZ' });
    // act
    const { daily } = await evaluateDay(deps, '2024-01-10');

    // assert
    expect(daily.points).toBe(1);
    expect(daily.unreadableForecasts).toEqual([
      {
        key: 'predictions/dt=2024-01-08/symbol=ZZZ.json',
        problem: 'lastObservedDate undefined is not a day',
      },
      { key: 'predictions/dt=2024-01-09/symbol=BAD.json', problem: 'not valid JSON' },
    ]);
    await expect(evaluateDay(deps, '2024-01-11')).rejects.toMatchObject({
      code: 'MONITOR_NOT_OBSERVED',
      kind: 'input',
    });
  });

  it('reports a step whose target day is missing from the data as such', async () => {
    // prepare: the dataset lost 01-07 (a gap)
    await writeDatasets(store, [candles.filter((c) => c.date !== '2024-01-07')]);
    // act
    const { daily } = await evaluateDay(deps, '2024-01-07');

    // assert
    expect(daily.points).toBe(0);
    expect(daily.overall).toBeNull();
    expect(daily.unscored).toEqual([
      { symbol: 'TST', lastObservedDate: '2024-01-06', horizonDay: 1, reason: 'target-day-missing' },
      { symbol: 'TST', lastObservedDate: '2024-01-05', horizonDay: 2, reason: 'target-day-missing' },
    ]);
  });

  it('rejects malformed and oversized ranges', async () => {
    await expect(evaluateRange(deps, { from: '2024-01-08', to: '2024-01-07' })).rejects.toMatchObject({
      code: 'MONITOR_INVALID_ARGUMENT',
    });
    await expect(evaluateDay(deps, '2024-13-01')).rejects.toMatchObject({ code: 'MONITOR_INVALID_ARGUMENT' });
  });
});

describe('evaluateDay on real data', () => {
  let store: ObjectStore;
  let cleanup: () => Promise<void>;
  let deps: EvaluationDeps;
  const btc = loadSampleCandles('BTC', { from: '2023-09-01', to: '2024-01-31' });
  const eth = loadSampleCandles('ETH', { from: '2023-09-01', to: '2024-01-31' });
  const closeOn = (candles: readonly Candle[], day: string) => candles.find((c) => c.date === day)!.close;

  beforeAll(async () => {
    ({ store, cleanup } = await makeTempStore());
    deps = { store, logger: captureLogger().logger, scoring: { maxHorizonDays: 7 } };
    await writeDatasets(store, [btc, eth]);
    const range = { from: '2023-11-20', to: '2024-01-20' };
    await writeForecasts(store, btc, range, 7, persistenceModel);
    await writeForecasts(store, eth, range, 7, (_h, _last, future) => future ?? _last);
  });
  afterAll(() => cleanup());

  it('gives persistence forecasts exactly the persistence errors, and a perfect forecast zero', async () => {
    // act
    const results = await evaluateRange(deps, { from: '2024-01-01', to: '2024-01-10' });

    // assert: BTC forecasts are persistence, ETH forecasts are the future closes
    for (const { day, daily } of results) {
      const b = daily.bySymbol.BTC;
      const expected = [1, 2, 3, 4, 5, 6, 7].map((h) =>
        Math.abs(closeOn(btc, day) - closeOn(btc, addDays(day, -h))),
      );
      const expectedMae = expected.reduce((a, v) => a + v, 0) / 7;
      expect(b.n).toBe(7);
      expect(b.mae.model).toBe(b.mae.persistence);
      expect(Math.abs(b.mae.persistence - expectedMae)).toBeLessThan(EXACT * expectedMae);
      expect(b.ratioToPersistence.model).toBe(1);
      expect(b.directionalAccuracy.model).toBe(b.directionalAccuracy.persistence);
      const e = daily.bySymbol.ETH;
      expect(e.mae.model).toBe(0);
      expect(e.ratioToPersistence.model).toBe(0);
      expect(e.directionalAccuracy.model).toBe(1);
    }
  });

  it('computes drift from the history up to each origin only', async () => {
    // act
    const { daily } = await evaluateDay(deps, '2024-01-05');

    // assert: drift = close[o] * (close[o] / close[first])^(h / (o - first)), with o = 01-05 - h: the mean daily
    // log return of the history up to the origin, compounded; nothing after the origin
    expect(daily.bySymbol.BTC.steps).toHaveLength(7);
    for (const step of daily.bySymbol.BTC.steps) {
      const o = step.lastObservedDate;
      const days = btc.findIndex((c) => c.date === o);
      const expected = closeOn(btc, o) * (closeOn(btc, o) / btc[0].close) ** (step.horizonDay / days);
      expect(Math.abs(step.drift! - expected)).toBeLessThan(1e-9 * expected);
    }
  });

  it('rolls 30 days of persistence-equal forecasts to ratio 1 and a Diebold-Mariano p-value of 1', async () => {
    // act
    const { rolling } = await evaluateDay(deps, '2024-01-10');

    // assert
    const month = rolling.windows['30'];
    expect([month.from, month.to]).toEqual(['2023-12-12', '2024-01-10']);
    expect(month.points).toBe(2 * 30 * 7);
    expect(month.bySymbol.BTC.n).toBe(210);
    expect(month.bySymbol.BTC.ratioToPersistence.model).toBe(1);
    // one loss difference per origin day (12-05 .. 01-09), as the one scorer pools them
    expect(month.bySymbol.BTC.dieboldMariano).toMatchObject({ n: 36, lag: 7, statistic: 0, pValue: 1 });
    expect(month.bySymbol.ETH.dieboldMariano?.statistic).toBeLessThan(0);
    expect(month.bySymbol.ETH.dieboldMariano?.pValue).toBeLessThan(1e-3);
    expect(month.overall?.n).toBe(420);
    expect(rolling.windows['7'].points).toBe(2 * 7 * 7);
  });

  it('writes the same bytes when a day is evaluated again, alone or in a range', async () => {
    // prepare
    await evaluateRange(deps, { from: '2024-01-08', to: '2024-01-10' });
    const keys = ['daily', 'rolling'].map((kind) =>
      monitoringMetricsKey(kind as 'daily' | 'rolling', '2024-01-09'),
    );
    const before = await Promise.all(keys.map((k) => store.get(k)));

    // act
    const again = await evaluateDay(deps, '2024-01-09');

    // assert
    const after = await Promise.all(keys.map((k) => store.get(k)));
    expect(again.written).toEqual({ daily: 'unchanged', rolling: 'unchanged' });
    expect(after.map((b) => b!.toString('hex'))).toEqual(before.map((b) => b!.toString('hex')));
    const parsed = JSON.parse(after[0]!.toString()) as DailyMetrics;
    expect(parsed.targetDate).toBe('2024-01-09');
    expect(JSON.stringify(parsed)).not.toMatch(/T\d\d:\d\d/);
  });
});

describe('evaluateDay on forecasts with ranges', () => {
  it('scores the published ranges against the naive ranges of the same origin, from the history up to it only', async () => {
    // prepare: BTC from 2022-06-01 (over a year before the origins); forecasts whose ranges are exactly the
    // naive ranges of their origin, and forecasts whose ranges are half as wide
    const { store, cleanup } = await makeTempStore();
    const btc = loadSampleCandles('BTC', { from: '2022-06-01', to: '2024-01-31' });
    await writeDatasets(store, [btc]);
    const naiveAt = (origin: string) => {
      const closes = btc.filter((c) => c.date <= origin).map((c) => c.close);
      return naiveEmpiricalQuantiles(closes, QUANTILE_LEVELS, { horizon: 3 });
    };
    for (let origin = '2024-01-01'; origin <= '2024-01-20'; origin = addDays(origin, 1)) {
      const naive = naiveAt(origin);
      await writeForecast(
        store,
        makeForecast(btc, origin, 3, persistenceModel, 'v-ranges', (h) => naive[h - 1].map((q) => q / 2)),
      );
    }
    const deps = { store, logger: captureLogger().logger, scoring: { maxHorizonDays: 7 } };

    // act
    const { daily, rolling } = await evaluateDay(deps, '2024-01-21');

    // assert: one step per horizon day targets 01-21; each carries its published and naive ranges
    const steps = daily.bySymbol.BTC.steps;
    expect(steps.map((s) => s.horizonDay)).toEqual([1, 2, 3]);
    for (const step of steps) {
      const naive = naiveAt(step.lastObservedDate)[step.horizonDay - 1];
      const lastClose = btc.find((c) => c.date === step.lastObservedDate)!.close;
      expect(step.range?.reference).toEqual(naive);
      step.range?.quantiles.forEach((q, k) => expect(q).toBeCloseTo(naive[k] / 2, 12));
      expect(step.range?.outcome).toBeCloseTo(Math.log(step.actual / lastClose), 15);
    }
    const month = rolling.windows['30'].bySymbol.BTC.ranges!;
    expect(month.points).toBe(rolling.windows['30'].bySymbol.BTC.n);
    // half-width ranges cover less than the naive ones and their 90% range is half as wide
    expect(month.coverage[1].rate).toBeLessThan(month.coverage[1].referenceRate);
    expect(month.coverage[1].meanWidth).toBeCloseTo(month.coverage[1].referenceMeanWidth / 2, 12);
    expect(month.pinballRatio).not.toBeNull();
    // and such ranges are what the coverage alert is for (the 90% ranges held far less than 90%)
    const alerts = degradationAlerts(rolling, {
      maxRatioToPersistence: 1.05,
      minDirectionalAccuracy: 0.5,
      minPoints: 30,
      coverageBand: 0.05,
    });
    expect(alerts.filter((a) => a.type === 'degradation-direction')).toEqual([]);
    const coverage = alerts.filter((a) => a.type === 'range-coverage' && a.symbol === 'BTC');
    expect(coverage.map((a) => a.values.nominal)).toContain(0.9);
    expect(coverage[0].message).toMatch(
      /^BTC: over 2023-12-23\.\.2024-01-21 the 80\.0% ranges held \d+\.\d% of outcomes \(nominal 80\.0%, band ±5 points, Kupiec p \d\.\d{4}; the naive ranges held \d+\.\d%, 57 points\)$/,
    );
    await cleanup();
  });
});
