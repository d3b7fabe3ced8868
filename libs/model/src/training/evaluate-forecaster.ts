import { decodeForecasts, scaleWindowSet, type ModelScalers, type WindowSet } from '@cf/features';
import type * as tfTypes from '@tensorflow/tfjs';
import { evaluateForecasts, type SymbolForecasts, type TestEvaluation } from './evaluate';

const PREDICT_BATCH = 256;

/**
 * Runs `model` on unscaled window sets (with targets), one per symbol: scales the inputs with `scalers`,
 * predicts, unscales the returns and compounds them from each origin close into a price path, beside the
 * actual closes. The sets are not modified.
 *
 * @example
 * const forecasts = forecastWindowSets(tf, model, prepared.scalers, prepared.testBySymbol);
 */
export function forecastWindowSets(
  tf: typeof tfTypes,
  model: tfTypes.LayersModel,
  scalers: ModelScalers,
  sets: readonly WindowSet[],
): SymbolForecasts[] {
  return sets.map((set) => {
    const scaled = scaleWindowSet(set, scalers);
    const output = tf.tidy(() => {
      const x = tf.tensor3d(scaled.x, [scaled.count, scaled.window, scaled.featureCount]);
      return (model.predict(x, { batchSize: PREDICT_BATCH }) as tfTypes.Tensor).dataSync();
    });
    const decoded = decodeForecasts(output, set.originCloses, scalers);
    return {
      symbol: set.symbol,
      originDates: set.originDates,
      originCloses: set.originCloses,
      actual: set.targetCloses,
      predicted: decoded.map((d) => d.closes),
    };
  });
}

/**
 * Evaluates `model` on each symbol's unscaled test windows next to persistence (see `evaluateForecasts`):
 * the `test` part of a model version's metadata.
 *
 * @example
 * const test = evaluateForecaster(tf, model, prepared.scalers, prepared.testBySymbol);
 */
export function evaluateForecaster(
  tf: typeof tfTypes,
  model: tfTypes.LayersModel,
  scalers: ModelScalers,
  testBySymbol: readonly WindowSet[],
): TestEvaluation {
  return evaluateForecasts(forecastWindowSets(tf, model, scalers, testBySymbol), scalers.horizon);
}
