import type * as tf from '@tensorflow/tfjs';
import type { FitData, FitOptions, FitResult } from './fit-types';
import { describeFastNetwork } from './architecture';
import { defaultEngine } from './engine';
import { trainFast } from './trainer';

/**
 * Whether `fitFast` can train this model: a single chain of LSTM/GRU layers (tanh, sigmoid or hardSigmoid
 * gates, no dropout) followed by dense layers, as `buildForecastModel` makes for `lstm` and `gru`.
 */
export function canFitFast(model: tf.LayersModel): boolean {
  return typeof describeFastNetwork(model) !== 'string';
}

/**
 * Trains `model` with hand-written whole-sequence kernels (WebAssembly SIMD on every core): Adam on mean
 * squared error with tfjs's arithmetic, seeded per-epoch shuffles, early stopping on validation loss. The
 * best weights end up in `model` (stock tfjs layers), so it saves and predicts as any tfjs model.
 *
 * @throws InvalidModelInputError when `canFitFast(model)` is false or the data does not fit the model.
 * @throws TrainingAbortedError when `options.signal` aborts (after the running batch).
 */
export async function fitFast(model: tf.LayersModel, data: FitData, options: FitOptions): Promise<FitResult> {
  return trainFast(model, data, options, await defaultEngine());
}
