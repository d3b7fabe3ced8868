import * as tf from '@tensorflow/tfjs';
import { initTfBackend } from './backend/init-tf-backend';
import { tsEngine, wasmEngine } from './engine';
import { InvalidModelInputError } from './errors';
import type { FitData, FitOptions, FitSplit } from './fit-types';
import { makeSineFitData } from './synthetic-fit-data';
import { seedWeights, smallModel } from './test-support';
import { trainFast, type FastEngine } from './trainer';

// tfjs runs on the wasm backend here (tfjs-node is not installed); it scores the starting weights independently.
const ENGINES: Array<[string, () => Promise<FastEngine>]> = [
  ['TypeScript kernels', async () => tsEngine()],
  ['WebAssembly kernels, 2 threads', async () => wasmEngine(2)],
];

const SIZES = { window: 8, features: 2, units: [6, 4] as const, dense: 4, horizon: 2 };
const DATA = makeSineFitData({ trainCount: 48, validationCount: 16, window: 8, horizon: 2, seed: 5 });
const LARGER = makeSineFitData({ trainCount: 256, validationCount: 32, window: 8, horizon: 2, seed: 6 });
const NO_VALIDATION: FitSplit = { x: new Float32Array(0), y: new Float32Array(0), count: 0 };

function model(seed: number): tf.LayersModel {
  const m = smallModel({ kind: 'lstm', recurrentActivation: 'sigmoid', ...SIZES });
  seedWeights(m, seed, 0.3);
  return m;
}

function flat(m: tf.LayersModel): number[][] {
  return m.getWeights().map((w) => Array.from(w.dataSync()));
}

/** tfjs's MSE of `m` over a split, with stock predict. */
function stockLoss(m: tf.LayersModel, split: FitSplit, data: FitData): number {
  return tf.tidy(() => {
    const x = tf.tensor3d(split.x, [split.count, data.window, data.featureCount]);
    const y = tf.tensor2d(split.y, [split.count, data.horizon]);
    return tf.mean(tf.square(tf.sub(m.predict(x) as tf.Tensor, y))).dataSync()[0];
  });
}

beforeAll(async () => {
  await initTfBackend({ prefer: 'wasm' });
});

describe.each(ENGINES)('trainFast with warmStart (%s)', (_name, makeEngine) => {
  it('scores the starting weights as epoch 0 and keeps them, bit for bit, when no epoch beats them', async () => {
    const warm = model(1);
    const engine = await makeEngine();
    await trainFast(
      warm,
      DATA,
      { epochs: 12, batchSize: 8, learningRate: 2e-2, patience: 12, seed: 1 },
      engine,
    );
    const start = flat(warm);
    const expected = stockLoss(warm, DATA.validation, DATA);
    // A learning rate of 0.5 throws the converged weights far off: every epoch is worse than where it started.
    const options: FitOptions = {
      epochs: 10,
      batchSize: 8,
      learningRate: 0.5,
      patience: 2,
      seed: 2,
      warmStart: true,
    };

    const result = await trainFast(warm, DATA, options, engine);

    expect(Math.abs(result.startValidationLoss - expected) / expected).toBeLessThan(1e-4);
    expect(result.history.every((e) => e.validationLoss >= result.startValidationLoss)).toBe(true);
    expect(result).toMatchObject({
      bestEpoch: 0,
      epochsRun: 2,
      bestValidationLoss: result.startValidationLoss,
    });
    expect(flat(warm)).toEqual(start);
    warm.dispose();
  });

  it('changes nothing else: the same epochs and losses as without it, and an epoch that beats epoch 0 wins', async () => {
    const [a, b] = [model(3), model(3)];
    const engine = await makeEngine();
    const options: FitOptions = { epochs: 3, batchSize: 16, learningRate: 2e-2, patience: 3, seed: 7 };
    const expected = stockLoss(a, LARGER.validation, LARGER);

    const scored = await trainFast(a, LARGER, { ...options, warmStart: true }, engine);
    const plain = await trainFast(b, LARGER, options, engine);

    expect(scored.history.map((e) => [e.loss, e.validationLoss])).toEqual(
      plain.history.map((e) => [e.loss, e.validationLoss]),
    );
    expect(Math.abs(scored.startValidationLoss - expected) / expected).toBeLessThan(1e-4);
    expect(plain.startValidationLoss).toBeNaN();
    // Random weights are far from the sine: the first epochs improve on them.
    expect(scored.bestEpoch).toBeGreaterThan(0);
    expect(scored.bestValidationLoss).toBeLessThan(scored.startValidationLoss);
    expect([scored.bestEpoch, scored.bestValidationLoss]).toEqual([
      plain.bestEpoch,
      plain.bestValidationLoss,
    ]);
    expect(flat(a)).toEqual(flat(b));
    [a, b].forEach((m) => m.dispose());
  });

  it('is ignored without a validation part: exactly `epochs` epochs, the last weights, no epoch 0', async () => {
    const [a, b] = [model(4), model(4)];
    const engine = await makeEngine();
    const refit: FitData = { ...DATA, validation: NO_VALIDATION };
    const options: FitOptions = { epochs: 2, batchSize: 8, learningRate: 1e-2, patience: 0, seed: 3 };

    const warm = await trainFast(a, refit, { ...options, warmStart: true }, engine);
    await trainFast(b, refit, options, engine);

    expect(warm).toMatchObject({ epochsRun: 2, bestEpoch: 2 });
    expect(warm.startValidationLoss).toBeNaN();
    expect(flat(a)).toEqual(flat(b));
    [a, b].forEach((m) => m.dispose());
  });
});

it('refuses a warmStart option that is not a boolean, naming it', async () => {
  const m = model(6);
  const options = { epochs: 1, batchSize: 8, learningRate: 1e-2, patience: 1, seed: 1, warmStart: 'yes' };

  const attempt = trainFast(m, DATA, options as unknown as FitOptions, tsEngine());

  await expect(attempt).rejects.toBeInstanceOf(InvalidModelInputError);
  await expect(attempt).rejects.toThrow('fit options: warmStart "yes" is not true or false');
  m.dispose();
});
