import type * as tfTypes from '@tensorflow/tfjs';
import { parseScalers, type ModelScalers } from '@cf/features';
import type { ObjectStore } from '@cf/storage';
import { ModelCorruptError, ModelNotFoundError, ModelVersionChangedError } from '../errors';
import { loadModel } from '../io/load-model';
import { createForecaster, type Forecaster } from './forecaster';
import { modelVersionKeys } from './model-version-keys';
import { parseModelMetadata } from './parse-model-metadata';

/** How many times a version that changes under the reader is read again before giving up. */
const READ_ATTEMPTS = 3;

/**
 * Loads the model version under `prefix` (`models/{version}/` or `models/latest/`) as a `Forecaster`:
 * `metadata.json` (checked), `scaler.json` (`parseScalers`) and the tfjs model, checked against each other.
 * `metadata.json` is read first and again at the end: if it changed (a promotion wrote the prefix meanwhile),
 * the read starts over, so the parts always belong to one version. Cache the result; it owns tensors.
 *
 * @example
 * const forecaster = await loadForecaster(tf, store, modelPrefix(LATEST_MODEL_VERSION));
 */
export async function loadForecaster(
  tf: typeof tfTypes,
  store: ObjectStore,
  prefix: string,
): Promise<Forecaster> {
  const keys = modelVersionKeys(prefix);
  for (let attempt = 1; attempt <= READ_ATTEMPTS; attempt++) {
    const metadataBytes = await store.get(keys.metadata);
    if (metadataBytes === undefined)
      throw new ModelNotFoundError(keys.metadata, 'model metadata (no complete model version)');
    const metadata = parseModelMetadata(keys.metadata, metadataBytes);
    const scalers = parseScalerFile(keys.scalers, await store.get(keys.scalers));
    const model = await loadModel(tf, store, prefix);
    const settled = await store.get(keys.metadata);
    if (settled !== undefined && settled.equals(metadataBytes)) {
      try {
        return createForecaster(tf, model, scalers, metadata, keys);
      } catch (error) {
        model.dispose();
        throw error;
      }
    }
    model.dispose();
  }
  throw new ModelVersionChangedError(prefix, READ_ATTEMPTS);
}

function parseScalerFile(key: string, bytes: Buffer | undefined): ModelScalers {
  if (bytes === undefined) throw new ModelNotFoundError(key, 'scaler.json');
  try {
    return parseScalers(bytes.toString('utf8'));
  } catch (error) {
    throw new ModelCorruptError(key, (error as Error).message, error);
  }
}
