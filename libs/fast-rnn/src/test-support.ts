import * as tf from '@tensorflow/tfjs';
import type { FitData, FitSplit } from './fit-types';
import * as v8 from 'node:v8';
import { mulberry32 } from '@cf/core';
import { kernelBuild, kernelsModule } from './wasm-kernels';

/** Test fixtures of the fast path (imported by its specs only). */

/** A small stack like the default forecaster: recurrent (sequences) -> recurrent -> dense relu -> dense linear. */
export function smallModel(options: {
  kind: 'lstm' | 'gru';
  window: number;
  features: number;
  units: readonly [number, number];
  dense: number;
  horizon: number;
  recurrentActivation: 'sigmoid' | 'hardSigmoid';
}): tf.LayersModel {
  const { kind, window, features, units, dense, horizon, recurrentActivation } = options;
  const layer = kind === 'lstm' ? tf.layers.lstm : tf.layers.gru;
  const model = tf.sequential();
  model.add(
    layer({
      units: units[0],
      returnSequences: true,
      recurrentActivation,
      recurrentInitializer: quietOrthogonal(),
      inputShape: [window, features],
    }),
  );
  model.add(layer({ units: units[1], recurrentActivation, recurrentInitializer: quietOrthogonal() }));
  model.add(tf.layers.dense({ units: dense, activation: 'relu' }));
  model.add(tf.layers.dense({ units: horizon }));
  return model;
}

/**
 * tfjs's default recurrent initializer (orthogonal, gain 1) without its console warning above 2000 elements,
 * which would clutter every test run (as `buildForecastModel` does for the services' logs).
 */
function quietOrthogonal(): ReturnType<typeof tf.initializers.orthogonal> {
  const init = tf.initializers.orthogonal({ gain: 1 });
  Object.defineProperty(init, 'ELEMENTS_WARN_SLOW', { value: Number.MAX_SAFE_INTEGER });
  return init;
}

/** Sets every weight of `model` to seeded uniform values in [-scale, scale] (biases included, so none is 0). */
export function seedWeights(model: tf.LayersModel, seed: number, scale = 0.5): void {
  const random = mulberry32(seed);
  const weights = model.getWeights().map((w) => {
    const values = new Float32Array(w.size);
    for (let i = 0; i < values.length; i++) values[i] = (random() * 2 - 1) * scale;
    return tf.tensor(values, w.shape);
  });
  model.setWeights(weights);
  tf.dispose(weights);
}

/** Seeded uniform values in [-1, 1]. */
export function randomArray(length: number, seed: number): Float32Array {
  const random = mulberry32(seed);
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) out[i] = random() * 2 - 1;
  return out;
}

/** A split of `count` random windows whose targets depend on the inputs (so there is something to learn). */
export function randomSplit(
  count: number,
  window: number,
  features: number,
  horizon: number,
  seed: number,
): FitSplit {
  const x = randomArray(count * window * features, seed);
  const y = new Float32Array(count * horizon);
  for (let i = 0; i < count; i++) {
    for (let h = 0; h < horizon; h++) {
      y[i * horizon + h] = 0.5 * x[(i * window + window - 1 - h) * features] + 0.1 * h;
    }
  }
  return { x, y, count };
}

/** Random training and validation parts. */
export function randomFitData(
  window: number,
  features: number,
  horizon: number,
  train: number,
  validation: number,
): FitData {
  return {
    train: randomSplit(train, window, features, horizon, 11),
    validation: randomSplit(validation, window, features, horizon, 12),
    window,
    featureCount: features,
    horizon,
  };
}

/** Stock tfjs-layers: predictions, loss, and d(loss)/d(weight) in `model.getWeights()` order, for tfjs's MSE. */
export function stockGradients(
  model: tf.LayersModel,
  x: tf.Tensor,
  y: tf.Tensor,
): { prediction: Float32Array; loss: number; grads: Float32Array[] } {
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const prediction = tf.tidy(() => (model.predict(x) as tf.Tensor).dataSync() as Float32Array);
  const { value, grads } = tf.variableGrads(
    () => tf.mean(tf.mean(tf.square(tf.sub(model.apply(x) as tf.Tensor, y)), -1)) as tf.Scalar,
    variables,
  );
  const out = variables.map((v) => grads[v.name].dataSync() as Float32Array);
  const loss = value.dataSync()[0];
  tf.dispose([value, ...Object.values(grads)]);
  return { prediction, loss, grads: out };
}

/** max |a - b| / max |b|: the error relative to the magnitude of the reference tensor. */
export function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return scale === 0 ? diff : diff / scale;
}

/** [count, window, features] batch-major -> [window, count, features] time-major. */
export function toTimeMajor(x: Float32Array, count: number, window: number, features: number): Float32Array {
  const out = new Float32Array(x.length);
  for (let r = 0; r < count; r++) {
    for (let t = 0; t < window; t++) {
      out.set(
        x.subarray((r * window + t) * features, (r * window + t + 1) * features),
        (t * count + r) * features,
      );
    }
  }
  return out;
}

/** A small MLP on the flattened window, like `buildForecastModel`'s `dense`: Flatten -> Dense relu ... -> Dense linear. */
export function flattenModel(options: {
  window: number;
  features: number;
  hidden: readonly number[];
  horizon: number;
}): tf.LayersModel {
  const model = tf.sequential();
  model.add(tf.layers.flatten({ inputShape: [options.window, options.features] }));
  for (const units of options.hidden) model.add(tf.layers.dense({ units, activation: 'relu' }));
  model.add(tf.layers.dense({ units: options.horizon }));
  return model;
}

/** Stock tfjs `model.predict` of `count` windows given flat, as the reference for the fast forward pass. */
export function stockPredict(model: tf.LayersModel, x: Float32Array, count: number): Float32Array {
  const [, window, features] = model.inputs[0].shape as number[];
  return tf.tidy(
    () => (model.predict(tf.tensor3d(x, [count, window, features])) as tf.Tensor).dataSync() as Float32Array,
  );
}

/**
 * Compiles the `fma` kernel build (relaxed SIMD) so tests can run it where the engine's default is `simd`:
 * Node 20 has relaxed SIMD behind a V8 flag, turned on only while compiling (the default build every other
 * test runs stays the engine's own). Node 22 compiles it without the flag.
 */
export function compileFmaBuild(): void {
  const native = kernelBuild();
  if (native === 'fma') return;
  v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
  try {
    kernelsModule('fma');
  } finally {
    v8.setFlagsFromString('--no-experimental-wasm-relaxed-simd');
  }
}
