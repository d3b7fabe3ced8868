import * as tf from '@tensorflow/tfjs';
import { initTfBackend } from './backend/init-tf-backend';
import { TrainingAbortedError } from './errors';
import type { FitData, FitOptions, FitSplit } from './fit-types';
import { tsEngine, wasmEngine } from './engine';
import { canFitFast, fitFast } from './fit-fast';
import { EpochShuffler } from './shuffle';
import { compileFmaBuild, randomFitData, relativeError, seedWeights, smallModel } from './test-support';
import { trainFast, type FastEngine } from './trainer';

// tfjs runs on the wasm backend here (tfjs-node is not installed); it is the reference for every number.
const ENGINES: Array<[string, () => Promise<FastEngine>]> = [
  ['TypeScript kernels', async () => tsEngine()],
  ['WebAssembly kernels, 1 thread', async () => wasmEngine(1)],
  ['WebAssembly kernels, 2 threads', async () => wasmEngine(2)],
  // The build Node 22 runs (fused multiply-adds), compiled here under Node 20's flag.
  [
    'WebAssembly kernels, fma build, 2 threads',
    async () => {
      compileFmaBuild();
      return wasmEngine(2, 'fma');
    },
  ],
];

const SIZES = { window: 6, features: 3, units: [5, 4] as const, dense: 4, horizon: 2 };

function twinModels(kind: 'lstm' | 'gru'): [tf.LayersModel, tf.LayersModel] {
  const a = smallModel({ kind, recurrentActivation: 'sigmoid', ...SIZES });
  const b = smallModel({ kind, recurrentActivation: 'sigmoid', ...SIZES });
  seedWeights(a, 5, 0.4);
  b.setWeights(a.getWeights());
  return [a, b];
}

function tensors(split: FitSplit, data: FitData, indices?: ArrayLike<number>): [tf.Tensor3D, tf.Tensor2D] {
  const rows = indices ? Array.from(indices) : Array.from({ length: split.count }, (_, i) => i);
  const windowFloats = data.window * data.featureCount;
  const x = new Float32Array(rows.length * windowFloats);
  const y = new Float32Array(rows.length * data.horizon);
  rows.forEach((r, i) => {
    x.set(split.x.subarray(r * windowFloats, (r + 1) * windowFloats), i * windowFloats);
    y.set(split.y.subarray(r * data.horizon, (r + 1) * data.horizon), i * data.horizon);
  });
  return [
    tf.tensor3d(x, [rows.length, data.window, data.featureCount]),
    tf.tensor2d(y, [rows.length, data.horizon]),
  ];
}

/** tfjs's MSE of `model` over a split, computed with stock predict. */
function stockLoss(model: tf.LayersModel, split: FitSplit, data: FitData): number {
  const [x, y] = tensors(split, data);
  const loss = tf.tidy(() => tf.mean(tf.square(tf.sub(model.predict(x) as tf.Tensor, y))).dataSync()[0]);
  tf.dispose([x, y]);
  return loss;
}

function flat(model: tf.LayersModel): Float32Array[] {
  return model.getWeights().map((w) => w.dataSync() as Float32Array);
}

/** Stock tfjs-layers training of the batches the fast path runs (same shuffles), with a fresh Adam. */
async function stockTrain(model: tf.LayersModel, data: FitData, options: FitOptions): Promise<void> {
  model.compile({ optimizer: tf.train.adam(options.learningRate), loss: 'meanSquaredError' });
  const shuffler = new EpochShuffler(data.train.count, options.seed);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    const order = shuffler.next();
    for (let start = 0; start < data.train.count; start += options.batchSize) {
      const [x, y] = tensors(data.train, data, order.subarray(start, start + options.batchSize));
      await model.trainOnBatch(x, y);
      tf.dispose([x, y]);
    }
  }
}

function maxDifference(a: Float32Array[], b: Float32Array[]): number {
  return Math.max(...a.map((w, i) => Math.max(...w.map((v, j) => Math.abs(v - b[i][j])))));
}

const NO_VALIDATION: FitSplit = { x: new Float32Array(0), y: new Float32Array(0), count: 0 };

beforeAll(async () => {
  await initTfBackend({ prefer: 'wasm' });
  expect(tf.getBackend()).toBe('wasm');
});

describe.each(ENGINES)('trainFast (%s)', (_name, makeEngine) => {
  it.each(['lstm', 'gru'] as const)(
    '%s: after two epochs the weights match stock tfjs training of the same batches with the same Adam',
    async (kind) => {
      const [fast, stock] = twinModels(kind);
      const data = randomFitData(SIZES.window, SIZES.features, SIZES.horizon, 20, 9);
      const options: FitOptions = { epochs: 2, batchSize: 8, learningRate: 1e-2, patience: 5, seed: 3 };

      const result = await trainFast(fast, data, options, await makeEngine());

      stock.compile({ optimizer: tf.train.adam(options.learningRate), loss: 'meanSquaredError' });
      const shuffler = new EpochShuffler(data.train.count, options.seed);
      const stockWeights: Float32Array[][] = [];
      const stockValidation: number[] = [];
      for (let epoch = 0; epoch < options.epochs; epoch++) {
        const order = shuffler.next();
        for (let start = 0; start < data.train.count; start += options.batchSize) {
          const [x, y] = tensors(data.train, data, order.subarray(start, start + options.batchSize));
          await stock.trainOnBatch(x, y);
          tf.dispose([x, y]);
        }
        stockWeights.push(flat(stock));
        stockValidation.push(stockLoss(stock, data.validation, data));
      }
      expect(result.path).toBe('fast');
      expect(result.epochsRun).toBe(2);
      result.history.forEach((h, e) =>
        expect(Math.abs(h.validationLoss - stockValidation[e]) / stockValidation[e]).toBeLessThan(1e-4),
      );
      const expected = stockWeights[result.bestEpoch - 1];
      // Six Adam steps at lr 1e-2 move weights by up to ~6e-2; float32 rounding differences stay below 1e-6 here.
      flat(fast).forEach((w, i) =>
        expect(Math.max(...w.map((v, j) => Math.abs(v - expected[i][j])))).toBeLessThan(1e-5),
      );
      fast.dispose();
      stock.dispose();
    },
  );

  it('early stopping keeps the best epoch: the model scores the best validation loss, the stop rule holds', async () => {
    const [model] = twinModels('lstm');
    const data = randomFitData(SIZES.window, SIZES.features, SIZES.horizon, 24, 10);
    const options: FitOptions = { epochs: 12, batchSize: 6, learningRate: 0.2, patience: 2, seed: 9 };

    const result = await trainFast(model, data, options, await makeEngine());

    const losses = result.history.map((h) => h.validationLoss);
    expect(result.bestValidationLoss).toBe(Math.min(...losses));
    expect(losses[result.bestEpoch - 1]).toBe(result.bestValidationLoss);
    expect(
      result.epochsRun === options.epochs || result.epochsRun - result.bestEpoch === options.patience,
    ).toBe(true);
    expect(result.epochsRun).toBeLessThan(options.epochs); // lr 0.2 overshoots: it does stop early
    expect(
      Math.abs(stockLoss(model, data.validation, data) - result.bestValidationLoss) /
        result.bestValidationLoss,
    ).toBeLessThan(1e-4);
    model.dispose();
  });
});

describe.each(ENGINES)('trainFast without a validation part (%s)', (_name, makeEngine) => {
  it.each(['lstm', 'gru'] as const)(
    '%s: runs exactly `epochs` epochs and keeps the last weights, which match stock tfjs training',
    async (kind) => {
      const [fast, stock] = twinModels(kind);
      const data: FitData = {
        ...randomFitData(SIZES.window, SIZES.features, SIZES.horizon, 20, 1),
        validation: NO_VALIDATION,
      };
      // patience 0 would stop after the first epoch if it applied.
      const options: FitOptions = { epochs: 3, batchSize: 8, learningRate: 1e-2, patience: 0, seed: 3 };

      const result = await trainFast(fast, data, options, await makeEngine());

      await stockTrain(stock, data, options);
      expect(result).toMatchObject({ path: 'fast', epochsRun: 3, bestEpoch: 3 });
      expect(result.bestValidationLoss).toBeNaN();
      expect(result.history.map((h) => h.epoch)).toEqual([1, 2, 3]);
      result.history.forEach((h) => {
        expect(h.validationLoss).toBeNaN();
        expect(Number.isFinite(h.loss)).toBe(true);
      });
      // Nine Adam steps at lr 1e-2; float32 rounding differences stay far below 1e-5.
      expect(maxDifference(flat(fast), flat(stock))).toBeLessThan(1e-5);
      fast.dispose();
      stock.dispose();
    },
  );
});

describe.each(ENGINES)("trainFast from an earlier fit's weights (%s)", (_name, makeEngine) => {
  it('continues from the weights the model holds with a fresh Adam, as stock tfjs does, and carries nothing else over', async () => {
    const [warm, stock] = twinModels('lstm');
    const [copy] = twinModels('lstm');
    const first = randomFitData(SIZES.window, SIZES.features, SIZES.horizon, 16, 6);
    const second = randomFitData(SIZES.window, SIZES.features, SIZES.horizon, 24, 7);
    const engine = await makeEngine();
    await trainFast(
      warm,
      first,
      { epochs: 2, batchSize: 8, learningRate: 1e-2, patience: 2, seed: 1 },
      engine,
    );
    stock.setWeights(warm.getWeights());
    copy.setWeights(warm.getWeights());
    const options: FitOptions = { epochs: 2, batchSize: 6, learningRate: 5e-3, patience: 2, seed: 2 };
    const next: FitData = { ...second, validation: NO_VALIDATION };

    const result = await trainFast(warm, next, options, engine);
    await trainFast(copy, next, options, engine);

    await stockTrain(stock, next, options);
    expect(result.epochsRun).toBe(2);
    expect(maxDifference(flat(warm), flat(stock))).toBeLessThan(1e-5);
    // The same weights fitted again from a model that never trained: bit for bit the same.
    flat(warm).forEach((w, i) => expect(Array.from(w)).toEqual(Array.from(flat(copy)[i])));
    [warm, stock, copy].forEach((m) => m.dispose());
  });
});

describe('fitFast', () => {
  it('learns (loss falls), reports every epoch, and is reproducible from its seed', async () => {
    const [a, b] = twinModels('lstm');
    const data = randomFitData(SIZES.window, SIZES.features, SIZES.horizon, 64, 16);
    const reports: number[] = [];
    const options: FitOptions = {
      epochs: 8,
      batchSize: 16,
      learningRate: 1e-2,
      patience: 8,
      seed: 1,
      onEpochEnd: (r) => void reports.push(r.epoch),
    };
    const initialLoss = stockLoss(a, data.validation, data);

    const first = await fitFast(a, data, options);
    const second = await fitFast(b, data, { ...options, onEpochEnd: undefined });

    expect(reports).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(first.bestValidationLoss).toBeLessThan(initialLoss * 0.7);
    expect(first.history.every((h) => h.seconds > 0 && h.samplesPerSecond > 0)).toBe(true);
    expect(second.history.map((h) => h.validationLoss)).toEqual(first.history.map((h) => h.validationLoss));
    flat(a).forEach((w, i) => expect(Array.from(w)).toEqual(Array.from(flat(b)[i])));
    a.dispose();
    b.dispose();
  });

  it('a fast-trained model saves and loads as a standard tfjs layers model that predicts the same', async () => {
    const [model] = twinModels('lstm');
    const data = randomFitData(SIZES.window, SIZES.features, SIZES.horizon, 16, 8);
    await fitFast(model, data, { epochs: 2, batchSize: 8, learningRate: 1e-2, patience: 2, seed: 4 });
    let saved: tf.io.ModelArtifacts | undefined;
    await model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        saved = artifacts;
        return { modelArtifactsInfo: { dateSaved: new Date(0), modelTopologyType: 'JSON' } };
      }),
    );

    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved!));

    expect(loaded.layers.map((l) => l.getClassName())).toEqual(['LSTM', 'LSTM', 'Dense', 'Dense']);
    const [x] = tensors(data.validation, data);
    const before = (model.predict(x) as tf.Tensor).dataSync();
    const after = (loaded.predict(x) as tf.Tensor).dataSync();
    expect(Array.from(after)).toEqual(Array.from(before));
    expect(relativeError(after, before)).toBe(0);
    tf.dispose([x]);
    model.dispose();
    loaded.dispose();
  });

  it('stops after the running batch with TrainingAbortedError when its signal aborts', async () => {
    const [model] = twinModels('gru');
    const data = randomFitData(SIZES.window, SIZES.features, SIZES.horizon, 32, 8);
    const controller = new AbortController();
    const options: FitOptions = {
      epochs: 5,
      batchSize: 8,
      learningRate: 1e-2,
      patience: 5,
      seed: 4,
      signal: controller.signal,
      onEpochEnd: () => controller.abort(new Error('SIGTERM')),
    };

    const failure = await fitFast(model, data, options).catch((e: unknown) => e);

    expect(failure).toBeInstanceOf(TrainingAbortedError);
    expect((failure as TrainingAbortedError).epoch).toBe(2);
    model.dispose();
  });
});

describe('canFitFast', () => {
  it.each([
    ['dropout', { dropout: 0.1 }],
    ['recurrent dropout', { recurrentDropout: 0.1 }],
    ['a relu activation', { activation: 'relu' }],
    ['reversed time', { goBackwards: true }],
    ['no bias', { useBias: false }],
  ] as const)('refuses an LSTM with %s', (_what, extra) => {
    const model = tf.sequential();
    model.add(tf.layers.lstm({ units: 3, inputShape: [4, 2], ...extra }));
    model.add(tf.layers.dense({ units: 1 }));

    expect(canFitFast(model)).toBe(false);
    model.dispose();
  });

  it('refuses a recurrent layer returning sequences into a dense layer, and a frozen layer', () => {
    const sequences = tf.sequential();
    sequences.add(tf.layers.lstm({ units: 3, inputShape: [4, 2], returnSequences: true }));
    sequences.add(tf.layers.dense({ units: 1 }));
    const frozen = tf.sequential();
    frozen.add(tf.layers.lstm({ units: 3, inputShape: [4, 2], trainable: false }));
    frozen.add(tf.layers.dense({ units: 1 }));

    expect([canFitFast(sequences), canFitFast(frozen)]).toEqual([false, false]);
    sequences.dispose();
    frozen.dispose();
  });
});
