// Test fixture: a store as it looks after some weeks of operation. A tiny real network with GARCH ranges trained
// on data up to 2023-11-30 is promoted; it forecast BTC and ETH every day from 2023-12-01 to 2024-02-10 (as infer
// would, from the candles known on each day), each forecast with its ranges; those days are evaluated (points and
// ranges, against the naive ranges of each origin), with alerts and a retraining decision.
import { forecastRecords, loadVersionForecaster } from '@cf/model';
import { addDays, type Candle } from '@cf/ohlcv';
import { loadSampleCandles } from '@cf/ohlcv/testing';
import type { TrainingParameters } from '@cf/forecasting';
import { latestPredictionKey, modelPrefix, putJson, type ObjectStore } from '@cf/storage';
import type { Logger } from '@cf/service';
import type { AlertSettings } from '../alerts/alert-settings';
import { runAlerts } from '../alerts/run-alerts';
import { evaluateRange } from '../evaluation/evaluate-day';
import { promoteModel } from '../promotion/promote-model';
import type { PromotionSettings } from '../promotion/promotion-gate';
import { localTrainer } from '../retraining/local-trainer';
import { runRetraining } from '../retraining/run-retraining';
import { writeDatasets, writeForecast } from './fixtures';
import { testKinds, TINY_TRAIN_PARAMETERS, trainTinyVersion } from './model-fixtures';

/** The assets of the scenario. */
export const SCENARIO_SYMBOLS = ['BTC', 'ETH'] as const;

/** Last day with data; the scenario's clock reads the next morning. */
export const SCENARIO_LAST_DAY = '2024-02-11';
export const SCENARIO_NOW = '2024-02-12T06:00:00.000Z';

/** Alert settings of the scenario (the defaults). */
export const SCENARIO_ALERTS: AlertSettings = {
  maxRatioToPersistence: 1.05,
  minDirectionalAccuracy: 0.5,
  coverageBand: 0.05,
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

/**
 * The scenario's promotion rule: an operator who lets a network go live up to 1.5 times persistence's error
 * (`MONITOR_PROMOTE_MAX_RATIO=1.5`), so that the forecasts being monitored are a network's, not persistence's.
 */
export const SCENARIO_PROMOTION: PromotionSettings = { maxRatioToPersistence: 1.5, significance: 0.05 };

/**
 * The scenario's recipe: the tiny network with GARCH(1,1) ranges, so that the forecasts being monitored carry
 * ranges (the naive ranges they are judged against need the year of candles before each origin: they start
 * 2022-06-01). Retraining uses it too, so the scheduled retraining is a refresh of the live recipe.
 */
export const SCENARIO_TRAIN_PARAMETERS: TrainingParameters = Object.freeze({
  ...TINY_TRAIN_PARAMETERS,
  model: 'lstm/scale-free+garch',
});

/** Builds the scenario in `store`; returns the promoted version. */
export async function buildScenario(store: ObjectStore, logger: Logger): Promise<{ version: string }> {
  const kinds = testKinds();
  const candles: Record<string, Candle[]> = Object.fromEntries(
    SCENARIO_SYMBOLS.map((s) => [s, loadSampleCandles(s, { from: '2022-06-01', to: SCENARIO_LAST_DAY })]),
  );
  await writeDatasets(
    store,
    SCENARIO_SYMBOLS.map((s) => candles[s].filter((c) => c.date <= '2023-11-30')),
  );
  const trained = await trainTinyVersion(store, logger, '2023-12-01T02:00:00.000Z', {
    model: SCENARIO_TRAIN_PARAMETERS.model,
  });
  const first = await promoteModel(
    {
      store,
      clock: () => new Date('2023-12-01T03:00:00.000Z'),
      logger,
      kinds,
      promotion: SCENARIO_PROMOTION,
    },
    trained.version,
  );
  if (first.record.status !== 'promoted') {
    throw new Error(`the scenario's network was refused: ${first.record.reasons.join('; ')}`);
  }

  await writeDatasets(
    store,
    SCENARIO_SYMBOLS.map((s) => candles[s]),
  );
  const loaded = await loadVersionForecaster(store, modelPrefix(trained.version), kinds);
  try {
    for (const symbol of SCENARIO_SYMBOLS) {
      const series = candles[symbol];
      for (let origin = '2023-12-01'; origin <= '2024-02-10'; origin = addDays(origin, 1)) {
        const end = series.findIndex((c) => c.date === origin);
        const outcome = (
          await forecastRecords(loaded, new Map([[symbol, series.slice(0, end + 1)]]), {
            generatedAt: `${addDays(origin, 1)}T00:30:00.000Z`,
          })
        ).get(symbol);
        if (outcome === undefined || !outcome.ok) throw new Error(`no forecast of ${symbol} from ${origin}`);
        await writeForecast(store, outcome.forecast);
        if (origin === '2024-02-10')
          await putJson(store, latestPredictionKey(`${symbol}.json`), outcome.forecast);
      }
    }
  } finally {
    loaded.forecaster.dispose();
  }

  await evaluateRange(
    { store, logger, scoring: { maxHorizonDays: 14 } },
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
      trainer: localTrainer({ store, clock, logger, kinds }, SCENARIO_TRAIN_PARAMETERS),
    },
    { day: SCENARIO_LAST_DAY },
  );
  const candidate = retraining.run?.run.version;
  if (candidate !== undefined) {
    await promoteModel({ store, clock, logger, kinds, promotion: SCENARIO_PROMOTION }, candidate);
  }
  return { version: trained.version };
}
