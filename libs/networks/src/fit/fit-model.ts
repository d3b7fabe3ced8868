import type * as tfTypes from '@tensorflow/tfjs';
import { InvalidModelInputError } from '@cf/fast-rnn';
import { canFitFast, fitFast } from '@cf/fast-rnn';
import type { FitData, FitOptions, FitPath, FitResult } from '@cf/fast-rnn';
import { fitStock } from './fit-stock';

/** Which trainer `fitModel` uses: `auto` picks the fast kernels when they support the model and backend. */
export type FitPathChoice = 'auto' | 'fast' | 'stock';

/** `FitOptions` plus the trainer choice. */
export type FitModelOptions = FitOptions & { readonly path?: FitPathChoice };

/** Backends on which the hand-written kernels beat tfjs-layers; on native TensorFlow the stock path is used. */
const FAST_PATH_BACKENDS: ReadonlySet<string> = new Set(['wasm', 'cpu']);

/**
 * The trainer `fitModel` runs for `choice`: `fast` and `stock` as asked (`fast` throws
 * `InvalidModelInputError` when `canFitFast(model)` is false), `auto` the fast whole-sequence kernels when they
 * support the model and the backend is wasm or cpu (where they beat tfjs-layers), else stock tfjs-layers.
 * Known before the first epoch, so progress lines can name it.
 *
 * @example
 * resolveFitPath(tf, model, 'auto'); // 'fast' for an LSTM on wasm, 'stock' on tensorflow
 */
export function resolveFitPath(
  tf: typeof tfTypes,
  model: tfTypes.LayersModel,
  choice: FitPathChoice,
): FitPath {
  if (choice === 'fast' && !canFitFast(model)) {
    throw new InvalidModelInputError(
      `fit: the fast path does not support model '${model.name}' (layers ${model.layers.map((l) => l.getClassName()).join(', ')})`,
    );
  }
  if (choice !== 'auto') return choice;
  return FAST_PATH_BACKENDS.has(tf.getBackend()) && canFitFast(model) ? 'fast' : 'stock';
}

/**
 * Trains `model` on `data` (Adam on MSE, seeded per-epoch shuffle of the training windows, early stopping
 * on validation loss restoring the best weights) and leaves the best weights in `model`. With an empty
 * validation part (`count` 0) it is a refit: exactly `epochs` epochs, the last weights kept, validation
 * losses NaN (see `FitData`). It starts from the weights `model` holds, so a model from an earlier fit is
 * warm-started (with a fresh Adam). `path` (default `auto`) picks the trainer as {@link resolveFitPath}
 * says; `FitResult.path` says which ran.
 *
 * @example
 * const result = await fitModel(tf, model, data, { epochs: 30, batchSize: 64, learningRate: 1e-3, patience: 5,
 *   seed: 42, onEpochEnd: (e) => logger.info(e, 'epoch') });
 * // the production refit: the chosen number of epochs on every window through the cut-off
 * await fitModel(tf, model, { ...all, validation: { x: new Float32Array(0), y: new Float32Array(0), count: 0 } },
 *   { ...options, epochs: result.bestEpoch });
 */
export async function fitModel(
  tf: typeof tfTypes,
  model: tfTypes.LayersModel,
  data: FitData,
  options: FitModelOptions,
): Promise<FitResult> {
  const { path = 'auto', ...fitOptions } = options;
  // Each trainer checks its options and data itself, once.
  return resolveFitPath(tf, model, path) === 'fast'
    ? fitFast(model, data, fitOptions)
    : fitStock(tf, model, data, fitOptions);
}
