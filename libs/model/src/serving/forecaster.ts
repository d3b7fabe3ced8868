import type * as tfTypes from '@tensorflow/tfjs';
import { scaleInPlace, unscaleValues, type ModelScalers } from '@cf/features';
import { InvalidModelInputError, ModelError } from '../errors';
import type { ModelMetadata } from '../metadata';
import { checkModelVersion, type ModelVersionKeys } from './check-model-version';

/** Windows per `predict` batch: large enough to amortise dispatch, small enough for modest memory. */
const PREDICT_BATCH = 256;

/**
 * A loaded model version ready to forecast in-process (infer, monitor, backtests): its metadata and scalers,
 * and predictions in real units. Owns its tfjs model; call `dispose()` when replacing it.
 */
export interface Forecaster {
  readonly metadata: ModelMetadata;
  readonly scalers: ModelScalers;
  /**
   * Unscaled features `[count, window, featureCount]` (as `buildWindows`/`latestWindow` give them) in;
   * daily simple returns `[count, horizon]` out: scaled by the model's own scalers, predicted, un-scaled.
   */
  predictReturns(x: Float32Array, count: number): Float32Array;
  /** The raw model: scaled features in, scaled targets out (for `decodeForecasts` and exact comparisons). */
  predictScaled(x: Float32Array, count: number): Float32Array;
  /** Frees the model's tensors; the forecaster is unusable afterwards. */
  dispose(): void;
}

/**
 * Wraps a model with its scalers and metadata after checking they describe the same forecaster (feature set,
 * names, window, horizon, model shapes); `keys` name the files in error messages. Takes ownership of `model`.
 */
export function createForecaster(
  tf: typeof tfTypes,
  model: tfTypes.LayersModel,
  scalers: ModelScalers,
  metadata: ModelMetadata,
  keys: ModelVersionKeys,
): Forecaster {
  checkModelVersion(model, scalers, metadata, keys);
  const { window } = metadata;
  const featureCount = scalers.features.names.length;
  let disposed = false;

  const check = (x: Float32Array, count: number): void => {
    if (disposed)
      throw new ModelError(
        'MODEL_DISPOSED',
        'internal',
        `forecaster of version '${metadata.version}' was disposed`,
      );
    if (!Number.isSafeInteger(count) || count < 0 || x.length !== count * window * featureCount) {
      throw new InvalidModelInputError(
        `predict: ${x.length} values are not ${count} windows of ${window} days x ${featureCount} features`,
      );
    }
  };

  const predictScaled = (x: Float32Array, count: number): Float32Array => {
    check(x, count);
    if (count === 0) return new Float32Array(0);
    return tf.tidy(() => {
      const output = model.predict(tf.tensor3d(x, [count, window, featureCount]), {
        batchSize: PREDICT_BATCH,
      });
      return Float32Array.from((output as tfTypes.Tensor).dataSync());
    });
  };

  return {
    metadata,
    scalers,
    predictScaled,
    predictReturns(x, count) {
      check(x, count);
      const scaled = x.slice();
      scaleInPlace(scaled, scalers.features);
      const output = predictScaled(scaled, count);
      return count === 0 ? output : Float32Array.from(unscaleValues(output, scalers.target));
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      model.dispose();
    },
  };
}
