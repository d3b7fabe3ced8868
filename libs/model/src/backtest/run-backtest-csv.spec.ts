// Every number of a backtest report must be recomputable from its forecasts.csv: checked here for the ranges
// (the points' columns predate them), on two random walks of 620 days with weekly refits over the last 120.
import { parseForecastRows, randomWalkCandles } from '@cf/forecasting/testing';
import { QUANTILE_LEVELS } from '@cf/ohlcv';
import { makeTempStore } from '@cf/storage/testing';
import { modelKinds } from '../registry';
import { writeDatasets } from '../testing/model-version-fixture';
import { runBacktest } from './run-backtest';

jest.setTimeout(60_000);

describe("a backtest's forecasts.csv", () => {
  it("holds each range model's published quantiles, from which its coverage and the naive ranges' are recomputed exactly", async () => {
    // Prepare
    const { store, cleanup } = await makeTempStore();
    try {
      await writeDatasets(store, {
        AAA: randomWalkCandles('AAA', '2022-01-01', 620, 5),
        BBB: randomWalkCandles('BBB', '2022-01-01', 620, 9),
      });

      // Act
      const { report, forecastsCsv } = await runBacktest(
        { kinds: modelKinds(), backend: 'wasm', data: { store, prefix: 'processed/daily/' } },
        {
          from: '2023-05-06',
          refitEvery: 7,
          models: ['persistence+ewma'],
          audit: 'none',
          calibrationWarmUp: 0,
        },
      );

      // Assert
      const rows = parseForecastRows(forecastsCsv);
      const ranges = report.ranges.find((r) => r.model === 'persistence+ewma');
      if (ranges === undefined) throw new Error('no range scores for persistence+ewma');
      const covered = (model: string, lower: number, upper: number) => {
        const scored = rows.filter((r) => r.model === model);
        const inside = scored.filter((r) => {
          const q = r.logReturnQuantiles ?? [];
          const outcome = Math.log(r.actualClose / r.persistenceClose);
          return q[QUANTILE_LEVELS.indexOf(lower)] <= outcome && outcome <= q[QUANTILE_LEVELS.indexOf(upper)];
        });
        return inside.length / scored.length;
      };
      expect(
        rows.filter((r) => r.model === 'persistence').every((r) => r.logReturnQuantiles === undefined),
      ).toBe(true);
      expect(rows.filter((r) => r.model === 'persistence+ewma').length).toBeGreaterThan(1000);
      for (const [k, [lower, upper]] of [
        [0.1, 0.9],
        [0.05, 0.95],
      ].entries()) {
        expect(covered('persistence+ewma', lower, upper)).toBe(ranges.overall.coverage[k].rate);
        expect(covered('persistence+naive-empirical', lower, upper)).toBe(
          ranges.overall.coverage[k].referenceRate,
        );
      }
    } finally {
      await cleanup();
    }
  });

  it('with a calibration warm-up, publishes exactly what a backtest started that much earlier publishes from then on', async () => {
    // Prepare
    const { store, cleanup } = await makeTempStore();
    try {
      await writeDatasets(store, {
        AAA: randomWalkCandles('AAA', '2022-01-01', 620, 5),
        BBB: randomWalkCandles('BBB', '2022-01-01', 620, 9),
      });
      const deps = {
        kinds: modelKinds(),
        backend: 'wasm',
        data: { store, prefix: 'processed/daily/' },
      } as const;
      const common = { refitEvery: 7, models: ['persistence+ewma'], audit: 'none' } as const;
      const rangesAfter = (csv: string, day: string) =>
        parseForecastRows(csv).filter((r) => r.model === 'persistence+ewma' && r.origin > day);

      // Act: four weeks of warm-up before 2023-05-06, against a run that starts four weeks earlier, and a fresh one.
      const warmed = await runBacktest(deps, { ...common, from: '2023-05-06', calibrationWarmUp: 28 });
      const longer = await runBacktest(deps, { ...common, from: '2023-04-08', calibrationWarmUp: 0 });
      const fresh = await runBacktest(deps, { ...common, from: '2023-05-06', calibrationWarmUp: 0 });

      // Assert
      const published = rangesAfter(warmed.forecastsCsv, '2023-05-06');
      expect(published.length).toBeGreaterThan(1000);
      expect(rangesAfter(warmed.forecastsCsv, '0000-01-01')).toEqual(published);
      expect(published).toEqual(rangesAfter(longer.forecastsCsv, '2023-05-06'));
      expect(published).not.toEqual(rangesAfter(fresh.forecastsCsv, '2023-05-06'));
      expect(warmed.markdown).toContain('its state warmed up over the 28 days before the first origin');
    } finally {
      await cleanup();
    }
  });
});
