// Test fixture: a store as it looks after some weeks of operation. A tiny real model trained on data up to
// 2023-11-30 is promoted; it forecast BTC and ETH every day from 2023-12-01 to 2024-02-10 (as infer would,
// from the candles known on each day); those days are evaluated, with alerts and a retraining decision.
import { initTfBackend, forecastFromCandles, loadForecaster } from '@cf/model';
import { addDays, type Candle } from '@cf/ohlcv';
import { loadSampleCandles } from '@cf/ohlcv/testing';
import { latestPredictionKey, modelPrefix, putJson, type ObjectStore } from '@cf/storage';
import type { Logger } from '@cf/service';
import type { AlertSettings } from '../alerts/alert-settings';
import { runAlerts } from '../alerts/run-alerts';
import { evaluateRange } from '../evaluation/evaluate-day';
import { promoteModel } from '../promotion/promote-model';
import { localTrainer } from '../retraining/local-trainer';
import { runRetraining } from '../retraining/run-retraining';
import { writeDatasets, writeForecast } from './fixtures';
import { TINY_TRAIN_REQUEST, trainTinyVersion } from './model-fixtures';

/** The assets of the scenario. */
export const SCENARIO_SYMBOLS = ['BTC', 'ETH'] as const;

/** Last day with data; the scenario's clock reads the next morning. */
export const SCENARIO_LAST_DAY = '2024-02-11';
export const SCENARIO_NOW = '2024-02-12T06:00:00.000Z';

/** Alert settings of the scenario (the defaults). */
export const SCENARIO_ALERTS: AlertSettings = {
  maxRatioToPersistence: 1.05,
  minDirectionalAccuracy: 0.5,
  minPoints: 30,
  staleDays: 2,
  moveSigmas: 6,
  moveLookbackDays: 90,
  gapLookbackDays: 90,
  recentDays: 30,
  volatilityRatio: 2,
  psiLimit: 0.25,
  psiBins: 10,
};

/** Builds the scenario in `store`; returns the promoted version. */
export async function buildScenario(store: ObjectStore, logger: Logger): Promise<{ version: string }> {
  const candles: Record<string, Candle[]> = Object.fromEntries(
    SCENARIO_SYMBOLS.map((s) => [s, loadSampleCandles(s, { from: '2022-06-01', to: SCENARIO_LAST_DAY })]),
  );
  await writeDatasets(
    store,
    SCENARIO_SYMBOLS.map((s) => candles[s].filter((c) => c.date <= '2023-11-30')),
  );
  const trained = await trainTinyVersion(store, logger, '2023-12-01T02:00:00.000Z');
  const { tf } = await initTfBackend();
  await promoteModel(
    {
      store,
      clock: () => new Date('2023-12-01T03:00:00.000Z'),
      logger,
      tf: async () => tf,
      promotion: { maxRatioToPersistence: 1, driftLookbackDays: 30 },
    },
    trained.version,
  );

  await writeDatasets(
    store,
    SCENARIO_SYMBOLS.map((s) => candles[s]),
  );
  const forecaster = await loadForecaster(tf, store, modelPrefix(trained.version));
  try {
    for (const symbol of SCENARIO_SYMBOLS) {
      const series = candles[symbol];
      for (let origin = '2023-12-01'; origin <= '2024-02-10'; origin = addDays(origin, 1)) {
        const end = series.findIndex((c) => c.date === origin);
        const forecast = forecastFromCandles(forecaster, series.slice(0, end + 1), {
          generatedAt: `${addDays(origin, 1)}T00:30:00.000Z`,
        });
        await writeForecast(store, forecast);
        if (origin === '2024-02-10') await putJson(store, latestPredictionKey(`${symbol}.json`), forecast);
      }
    }
  } finally {
    forecaster.dispose();
  }

  await evaluateRange(
    { store, logger, scoring: { driftLookbackDays: 30, maxHorizonDays: 14 } },
    { from: '2023-12-02', to: SCENARIO_LAST_DAY },
  );
  const clock = () => new Date(SCENARIO_NOW);
  await runAlerts({ store, clock, logger, alerts: SCENARIO_ALERTS }, SCENARIO_LAST_DAY);
  const retraining = await runRetraining(
    {
      store,
      clock,
      logger,
      retrain: { everyDays: 7, onDegradation: true, cooldownDays: 1 },
      trainer: localTrainer({ store, clock, logger, tf: () => initTfBackend() }, TINY_TRAIN_REQUEST),
    },
    { day: SCENARIO_LAST_DAY },
  );
  const candidate = retraining.run?.run.version;
  if (candidate !== undefined) {
    await promoteModel(
      {
        store,
        clock,
        logger,
        tf: async () => tf,
        promotion: { maxRatioToPersistence: 1, driftLookbackDays: 30 },
      },
      candidate,
    );
  }
  return { version: trained.version };
}
