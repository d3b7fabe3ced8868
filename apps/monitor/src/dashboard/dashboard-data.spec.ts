import { addDays, type Candle } from '@cf/ohlcv';
import { captureLogger } from '@cf/service/testing';
import { getJson, latestPredictionKey, monitoringMetricsKey, putJson, type ObjectStore } from '@cf/storage';
import { makeTempStore } from '@cf/storage/testing';
import { evaluateRange } from '../evaluation/evaluate-day';
import type { RollingMetrics } from '../evaluation/rolling-metrics';
import { makeForecast, persistenceModel, writeDatasets, writeForecast } from '../testing/fixtures';
import { randomWalkCandles } from '../testing/random-walk';
import { buildDashboardData, type DashboardData } from './dashboard-data';
import { FAN_HISTORY_DAYS } from './fan-data';
import { rollingRangePoint } from './range-rolling';
import { renderDashboard } from './render-dashboard';

// A store after 40 days of daily persistence forecasts of two random walks (over a year of candles before them,
// as the naive ranges need): RNG's forecasts carry ranges, BARE's do not.
const FIRST_ORIGIN = '2024-01-10';
const LAST_DAY = '2024-02-21';
const HORIZON = 3;
const Z = [-1.645, -1.2816, -0.6745, 0, 0.6745, 1.2816, 1.645];

describe('buildDashboardData with ranges', () => {
  let store: ObjectStore;
  let cleanup: () => Promise<void>;
  let data: DashboardData;
  const candles: Record<string, Candle[]> = {
    RNG: randomWalkCandles('RNG', '2022-12-01', 448, { seed: 3, volatility: () => 0.03, start: 100 }),
    BARE: randomWalkCandles('BARE', '2022-12-01', 448, { seed: 4, volatility: () => 0.03, start: 50 }),
  };

  beforeAll(async () => {
    ({ store, cleanup } = await makeTempStore());
    const { logger } = captureLogger();
    await writeDatasets(store, Object.values(candles));
    const lastOrigin = addDays(LAST_DAY, -1);
    for (const [symbol, series] of Object.entries(candles)) {
      const ranges = symbol === 'RNG' ? (h: number) => Z.map((z) => 0.03 * Math.sqrt(h) * z) : undefined;
      for (let origin = FIRST_ORIGIN; origin <= lastOrigin; origin = addDays(origin, 1)) {
        const forecast = makeForecast(series, origin, HORIZON, persistenceModel, 'v1', ranges);
        await writeForecast(store, forecast);
        if (origin === lastOrigin) await putJson(store, latestPredictionKey(`${symbol}.json`), forecast);
      }
    }
    await evaluateRange(
      { store, logger, scoring: { maxHorizonDays: 14 } },
      { from: addDays(FIRST_ORIGIN, 1), to: LAST_DAY },
    );
    data = await buildDashboardData(
      { store, clock: () => new Date(`${addDays(LAST_DAY, 1)}T06:00:00.000Z`) },
      { days: 90, minPoints: 10, everyDays: 7 },
    );
  }, 60_000);
  afterAll(() => cleanup());

  it('draws the fan chart of the latest forecast of an asset with ranges, every day covered', () => {
    // act
    const rng = data.assets.find((a) => a.symbol === 'RNG');

    // assert
    const fan = rng?.fan;
    expect(rng?.model).toBe('lstm/scale-free');
    expect(fan).toMatchObject({ origin: '2024-02-20', horizon: HORIZON, modelVersion: 'v1' });
    expect(fan?.days).toHaveLength(FAN_HISTORY_DAYS + HORIZON);
    expect(fan?.days.every((d) => d.forecast !== null)).toBe(true);
    const closes = new Map(candles.RNG.map((c) => [c.date, c.close]));
    for (const day of fan?.days ?? []) {
      expect(day.actual).toBe(closes.get(day.date) ?? null);
      // the forecasts drawn are one every horizon days back from the latest, as the forecast paths
      const f = day.forecast;
      expect(f === null ? null : addDays(f.origin, f.horizonDay)).toBe(day.date);
      expect(rng?.forecasts.some((p) => p.origin === f?.origin)).toBe(true);
      // persistence with ranges symmetric in log return: the median is the last close, the ranges around it
      expect(f?.median).toBeCloseTo(f?.lastClose ?? NaN, 9);
      expect(f?.range90.upper).toBeCloseTo(
        (f?.lastClose ?? NaN) * Math.exp(0.03 * Math.sqrt(f?.horizonDay ?? NaN) * 1.645),
        9,
      );
    }
  });

  it('takes the rolling coverage and skill from the stored 30-day windows, per asset and pooled', async () => {
    // prepare: the stored rolling documents
    const stored: RollingMetrics[] = [];
    for (let day = addDays(FIRST_ORIGIN, 1); day <= LAST_DAY; day = addDays(day, 1)) {
      const doc = await getJson<RollingMetrics>(store, monitoringMetricsKey('rolling', day));
      if (doc !== undefined) stored.push(doc);
    }

    // act
    const rng = data.assets.find((a) => a.symbol === 'RNG');

    // assert
    expect(stored.length).toBe(42);
    expect(rng?.ranges).toEqual(
      stored.map((doc) => rollingRangePoint(doc.endDate, doc.windows['30'].bySymbol.RNG?.ranges)),
    );
    expect(data.overall.ranges).toEqual(
      stored.map((doc) => rollingRangePoint(doc.endDate, doc.windows['30'].overall?.ranges)),
    );
    // pooled, RNG is the only asset with ranges
    expect(data.overall.ranges.map((r) => r.points)).toEqual(rng?.ranges.map((r) => r.points));
    expect(rng?.ranges.at(-1)?.points).toBe(30 * HORIZON);
  });

  it('says plainly that a model publishes no ranges, and draws none for it', () => {
    // act
    const bare = data.assets.find((a) => a.symbol === 'BARE');
    const page = renderDashboard(data);
    const section = (symbol: string) =>
      page.slice(page.indexOf(`data-symbol="${symbol}" id=`)).split('</section>')[0];
    const nothing = renderDashboard({ ...data, overall: { ...data.overall, ranges: [] } });

    // assert
    expect(bare).toMatchObject({ model: 'lstm/scale-free', fan: null, ranges: [] });
    expect(section('BARE')).toContain('This model (lstm/scale-free) publishes no ranges');
    expect(section('BARE')).not.toContain('<figure class="fan">');
    expect(section('RNG')).toContain('<figure class="fan">');
    expect(section('RNG')).not.toContain('publishes no ranges');
    expect(page).toContain('<section class="grid2 overall-ranges">');
    expect(nothing).toContain('No forecast scored in these days carries ranges: no model is promoted.');
    expect(nothing).not.toContain('<section class="grid2 overall-ranges">');
    expect(nothing).not.toContain('<table id="ranges">');
  });
});
