import type * as tfTypes from '@tensorflow/tfjs';
import { InvalidModelInputError } from '../errors';
import { canFitFast, fitFast } from '../fast-rnn';
import type { FitData, FitOptions, FitResult } from './fit-types';
import { fitStock } from './fit-stock';
import { assertValidFitData, assertValidFitOptions } from './validate-fit';

/** Which trainer `fitModel` uses: `auto` picks the fast kernels when they support the model and backend. */
export type FitPathChoice = 'auto' | 'fast' | 'stock';

/** `FitOptions` plus the trainer choice. */
export type FitModelOptions = FitOptions & { readonly path?: FitPathChoice };

/** Backends on which the hand-written kernels beat tfjs-layers; on native TensorFlow the stock path is used. */
const FAST_PATH_BACKENDS: ReadonlySet<string> = new Set(['wasm', 'cpu']);

/**
 * Trains `model` on `data` (Adam on MSE, seeded per-epoch shuffle of the training windows, early stopping
 * on validation loss restoring the best weights) and leaves the best weights in `model`. `path: 'auto'`
 * (the default) uses the fast whole-sequence recurrent kernels when `canFitFast(model)` and the backend is
 * wasm or cpu, else stock tfjs-layers; `FitResult.path` says which ran.
 *
 * @example
 * const result = await fitModel(tf, model, data, { epochs: 30, batchSize: 64, learningRate: 1e-3, patience: 5,
 *   seed: 42, onEpochEnd: (e) => logger.info(e, 'epoch') });
 */
export async function fitModel(
  tf: typeof tfTypes,
  model: tfTypes.LayersModel,
  data: FitData,
  options: FitModelOptions,
): Promise<FitResult> {
  const { path = 'auto', ...fitOptions } = options;
  assertValidFitOptions(fitOptions);
  assertValidFitData(model, data);
  if (path === 'fast' && !canFitFast(model)) {
    throw new InvalidModelInputError(
      `fit: the fast path does not support model '${model.name}' (layers ${model.layers.map((l) => l.getClassName()).join(', ')})`,
    );
  }
  const fast =
    path === 'fast' || (path === 'auto' && FAST_PATH_BACKENDS.has(tf.getBackend()) && canFitFast(model));
  return fast ? fitFast(model, data, fitOptions) : fitStock(tf, model, data, fitOptions);
}
