import type * as tfTypes from '@tensorflow/tfjs';
import { mulberry32, nextSeed, type Prng } from '@cf/core';
import { assertValidSpec, DEFAULT_DENSE_UNITS, DEFAULT_UNITS, type ModelSpec } from './model-spec';

type Tf = typeof tfTypes;

/**
 * Stable layer names (the fast recurrent path recognises layers by class, these names are for people,
 * weight files and tests): `window` (input), `lstm_1`, `lstm_2`… or `gru_1`…, `dense_hidden`, `forecast`;
 * for `dense`: `flatten`, `dense_1`, `dense_2`…, `forecast`.
 */
export const LAYER_NAMES = {
  input: 'window',
  recurrent: (arch: 'lstm' | 'gru', index: number): string => `${arch}_${index + 1}`,
  denseHidden: 'dense_hidden',
  flatten: 'flatten',
  mlpHidden: (index: number): string => `dense_${index + 1}`,
  output: 'forecast',
} as const;

/**
 * Builds and compiles (Adam at `spec.learningRate`, mean squared error) the forecaster of `spec`:
 * - `lstm`, the original system: input (window, features) -> LSTM 64 (return sequences) -> LSTM 32
 *   -> Dense 64 relu -> Dense horizon (linear); Keras's defaults (tanh, sigmoid gates, unit forget bias).
 * - `gru`: the same with GRU layers.
 * - `dense`: a small MLP on the flattened window: Flatten -> Dense 64 relu -> Dense 32 relu -> Dense horizon.
 * Every random initializer draws its own seed from `spec.seed`, so a seed rebuilds the same weights.
 *
 * @example
 * const model = buildForecastModel(tf, { architecture: 'lstm', window: 60, featureCount: 11, horizon: 7,
 *   learningRate: 1e-3, seed: 42 });
 */
export function buildForecastModel(tf: Tf, spec: ModelSpec): tfTypes.LayersModel {
  assertValidSpec(spec);
  const seeds = mulberry32(spec.seed);
  const units = spec.units ?? DEFAULT_UNITS;
  const model = tf.sequential({ name: `forecaster_${spec.architecture}` });
  const inputShape = [spec.window, spec.featureCount];
  if (spec.architecture === 'dense') {
    model.add(tf.layers.flatten({ name: LAYER_NAMES.flatten, inputShape }));
    units.forEach((width, i) => model.add(denseLayer(tf, seeds, LAYER_NAMES.mlpHidden(i), width, 'relu')));
  } else {
    const arch = spec.architecture;
    units.forEach((width, i) => {
      const args = {
        name: LAYER_NAMES.recurrent(arch, i),
        units: width,
        returnSequences: i < units.length - 1,
        activation: 'tanh' as const,
        recurrentActivation: 'sigmoid' as const,
        kernelInitializer: tf.initializers.glorotUniform({ seed: nextSeed(seeds) }),
        recurrentInitializer: orthogonal(tf, nextSeed(seeds)),
        biasInitializer: tf.initializers.zeros(),
        ...(i === 0 ? { inputShape } : {}),
      };
      model.add(arch === 'lstm' ? tf.layers.lstm({ ...args, unitForgetBias: true }) : tf.layers.gru(args));
    });
    model.add(denseLayer(tf, seeds, LAYER_NAMES.denseHidden, spec.denseUnits ?? DEFAULT_DENSE_UNITS, 'relu'));
  }
  model.add(denseLayer(tf, seeds, LAYER_NAMES.output, spec.horizon, 'linear'));
  model.compile({ optimizer: tf.train.adam(spec.learningRate), loss: 'meanSquaredError' });
  return model;
}

function denseLayer(
  tf: Tf,
  seeds: Prng,
  name: string,
  units: number,
  activation: 'relu' | 'linear',
): tfTypes.layers.Layer {
  return tf.layers.dense({
    name,
    units,
    activation,
    kernelInitializer: tf.initializers.glorotUniform({ seed: nextSeed(seeds) }),
    biasInitializer: tf.initializers.zeros(),
  });
}

function orthogonal(tf: Tf, seed: number): ReturnType<Tf['initializers']['orthogonal']> {
  const init = tf.initializers.orthogonal({ seed, gain: 1 });
  // tfjs warns on every recurrent kernel above 2000 elements (LSTM 64 has 16384); the QR it does is cheap
  // at these sizes, and a console line per build would break the JSON logs of the services.
  Object.defineProperty(init, 'ELEMENTS_WARN_SLOW', { value: Number.MAX_SAFE_INTEGER });
  return init;
}
