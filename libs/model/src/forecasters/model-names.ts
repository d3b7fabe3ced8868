import { isFeatureSetName, type FeatureSetName } from '@cf/features';
import type * as tfTypes from '@tensorflow/tfjs';
import { isArchitectureName, type ArchitectureName } from '@cf/networks';
import { TRAIN_REQUEST_DEFAULTS, type TrainRequest } from '../training/train-forecaster-request';
import { createDriftModel } from './drift-model';
import { UnknownForecastingModelError } from './forecasting-errors';
import type { ForecastingModel } from './forecasting-model';
import { createNeuralModel } from './neural-model';
import { createPersistenceModel } from './persistence-model';

/** A forecasting model name, parsed. */
export type ForecastingModelKind =
  | { readonly kind: 'persistence' }
  | { readonly kind: 'drift' }
  | {
      readonly kind: 'neural';
      readonly architecture: ArchitectureName;
      readonly featureSet: FeatureSetName;
    };

/** The baselines, in the order reports list them. */
export const BASELINE_MODEL_NAMES = ['persistence', 'drift'] as const;

/** The neural model trained by default (`TRAIN_REQUEST_DEFAULTS`' architecture and feature set). */
export const DEFAULT_NEURAL_MODEL_NAME = `${TRAIN_REQUEST_DEFAULTS.architecture}/${TRAIN_REQUEST_DEFAULTS.featureSet}`;

/**
 * Parses `persistence`, `drift` or `{architecture}/{featureSet}` (`lstm/scale-free`, `gru/price-levels`, ...);
 * throws `UnknownForecastingModelError` for anything else.
 *
 * @example
 * parseForecastingModelName('gru/scale-free'); // { kind: 'neural', architecture: 'gru', featureSet: 'scale-free' }
 */
export function parseForecastingModelName(name: string): ForecastingModelKind {
  if (name === 'persistence' || name === 'drift') return { kind: name };
  const [architecture, featureSet, ...rest] = name.split('/');
  if (
    rest.length === 0 &&
    architecture !== undefined &&
    featureSet !== undefined &&
    isArchitectureName(architecture) &&
    isFeatureSetName(featureSet)
  ) {
    return { kind: 'neural', architecture, featureSet };
  }
  throw new UnknownForecastingModelError(name);
}

/**
 * A fresh, unfitted model by name. Neural models take their hyperparameters from `request` (its
 * `architecture` and `featureSet` are replaced by the name's); the baselines only use its `horizon`.
 *
 * @example
 * const model = createForecastingModel(tf, 'dense/scale-free', { window: 60, horizon: 7, epochs: 15 });
 */
export function createForecastingModel(
  tf: typeof tfTypes,
  name: string,
  request: TrainRequest = {},
): ForecastingModel {
  const parsed = parseForecastingModelName(name);
  const horizon = request.horizon ?? TRAIN_REQUEST_DEFAULTS.horizon;
  switch (parsed.kind) {
    case 'persistence':
      return createPersistenceModel(horizon);
    case 'drift':
      return createDriftModel(horizon);
    case 'neural':
      return createNeuralModel(tf, {
        ...request,
        architecture: parsed.architecture,
        featureSet: parsed.featureSet,
      });
  }
}
