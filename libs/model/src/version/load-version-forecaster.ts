import {
  InvalidParametersError,
  loadRecipeForecaster,
  parseRecipe,
  resolveTrainingParameters,
  type Forecaster,
  type ModelKind,
  type RawParameterValue,
  type TrainingParameters,
} from '@cf/forecasting';
import type { ObjectStore } from '@cf/storage';
import { InvalidModelMetadataError } from '../errors';
import type { ModelMetadata } from './model-metadata';
import { metadataKey } from './model-version-files';
import { readModelVersion } from './read-model-version';

/** A model version loaded for forecasting. */
export interface LoadedModelVersion {
  readonly metadata: ModelMetadata;
  /** Fitted; owns what it holds (tfjs tensors): dispose it when replacing it. */
  readonly forecaster: Forecaster;
}

/** The training parameters a version was made with (the table's defaults for what it did not record). */
export function versionParameters(metadata: ModelMetadata, key = 'metadata.json'): TrainingParameters {
  try {
    return resolveTrainingParameters(
      { ...(metadata.parameters as Record<string, RawParameterValue>), model: metadata.model },
      { kind: 'http' },
    );
  } catch (error) {
    if (!(error instanceof InvalidParametersError)) throw error;
    throw new InvalidModelMetadataError(key, 'parameters', error.problems.join('; '));
  }
}

/**
 * Loads the model version under `prefix` (`models/{version}/` or `models/latest/`) through the kind registry:
 * reads it (`readModelVersion`: files checked against their sha256, one consistent version), parses its recipe
 * and rebuilds the fitted forecaster from its files. Infer, monitor and the backtest serve every kind this way.
 *
 * @example
 * const { metadata, forecaster } = await loadVersionForecaster(store, modelPrefix(LATEST_MODEL_VERSION), kinds);
 */
export async function loadVersionForecaster(
  store: ObjectStore,
  prefix: string,
  kinds: readonly ModelKind[],
): Promise<LoadedModelVersion> {
  const { metadata, files } = await readModelVersion(store, prefix);
  const key = metadataKey(prefix);
  const params = versionParameters(metadata, key);
  const recipe = parseRecipe(metadata.model, kinds);
  const forecaster = await loadRecipeForecaster(recipe, params, files, kinds);
  return { metadata, forecaster };
}
