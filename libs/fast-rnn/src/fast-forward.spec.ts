import * as tf from '@tensorflow/tfjs';
import { initTfBackend } from './backend/init-tf-backend';
import { ForwardDisposedError, InvalidModelInputError } from './errors';
import { canPredictFast, createFastForward, FORWARD_CHUNK_ROWS } from './fast-forward';
import {
  compileFmaBuild,
  flattenModel,
  randomArray,
  seedWeights,
  smallModel,
  stockPredict,
} from './test-support';

// The reference is stock tfjs `model.predict` on the wasm backend (tfjs-node is not installed here).
// Tolerance: max |fast - stock| <= 1e-5 · max(1, max |stock|) over a call: absolute 1e-5 for outputs up to
// 1 in magnitude (these models predict standardized returns), relative to the largest output above that.
// (Relative per element would be meaningless for outputs near 0.)
function forwardError(fast: Float32Array, stock: Float32Array): number {
  let diff = 0;
  let scale = 1;
  for (let i = 0; i < stock.length; i++) {
    diff = Math.max(diff, Math.abs(fast[i] - stock[i]));
    scale = Math.max(scale, Math.abs(stock[i]));
  }
  return diff / scale;
}

beforeAll(async () => {
  await initTfBackend({ prefer: 'wasm' });
  expect(tf.getBackend()).toBe('wasm');
});

interface Case {
  readonly make: () => tf.LayersModel;
  readonly window: number;
  readonly features: number;
  readonly counts: readonly number[];
}

const SMALL_COUNTS = [1, 2, 3, 4, 5, 7, 13, 64, FORWARD_CHUNK_ROWS + 2];

function seeded(model: tf.LayersModel, seed: number, scale: number): tf.LayersModel {
  seedWeights(model, seed, scale);
  return model;
}

const CASES: Array<[string, Case]> = [
  [
    'LSTM 6 -> LSTM 5 -> Dense 4 relu -> Dense 3, sigmoid gates, window 7 of 3 features',
    {
      make: () =>
        seeded(
          smallModel({
            kind: 'lstm',
            window: 7,
            features: 3,
            units: [6, 5],
            dense: 4,
            horizon: 3,
            recurrentActivation: 'sigmoid',
          }),
          7,
          0.5,
        ),
      window: 7,
      features: 3,
      counts: SMALL_COUNTS,
    },
  ],
  [
    'LSTM 4 -> LSTM 8, hardSigmoid gates, window 1 of 1 feature',
    {
      make: () =>
        seeded(
          smallModel({
            kind: 'lstm',
            window: 1,
            features: 1,
            units: [4, 8],
            dense: 3,
            horizon: 2,
            recurrentActivation: 'hardSigmoid',
          }),
          8,
          0.5,
        ),
      window: 1,
      features: 1,
      counts: SMALL_COUNTS,
    },
  ],
  [
    'GRU 9 -> GRU 8, sigmoid gates, window 9 of 2 features',
    {
      make: () =>
        seeded(
          smallModel({
            kind: 'gru',
            window: 9,
            features: 2,
            units: [9, 8],
            dense: 5,
            horizon: 2,
            recurrentActivation: 'sigmoid',
          }),
          9,
          0.5,
        ),
      window: 9,
      features: 2,
      counts: SMALL_COUNTS,
    },
  ],
  [
    'GRU 12 -> GRU 3, hardSigmoid gates, window 5 of 4 features',
    {
      make: () =>
        seeded(
          smallModel({
            kind: 'gru',
            window: 5,
            features: 4,
            units: [12, 3],
            dense: 6,
            horizon: 4,
            recurrentActivation: 'hardSigmoid',
          }),
          10,
          0.5,
        ),
      window: 5,
      features: 4,
      counts: SMALL_COUNTS,
    },
  ],
  [
    'Flatten -> Dense 10 relu -> Dense 7 relu -> Dense 2, window 6 of 3 features',
    {
      make: () => seeded(flattenModel({ window: 6, features: 3, hidden: [10, 7], horizon: 2 }), 11, 0.5),
      window: 6,
      features: 3,
      counts: SMALL_COUNTS,
    },
  ],
  [
    'the default LSTM 64 -> LSTM 32 -> Dense 64 relu -> Dense 7, window 60 of 11 features',
    {
      make: () =>
        seeded(
          smallModel({
            kind: 'lstm',
            window: 60,
            features: 11,
            units: [64, 32],
            dense: 64,
            horizon: 7,
            recurrentActivation: 'sigmoid',
          }),
          12,
          0.15,
        ),
      window: 60,
      features: 11,
      counts: [1, 5, 9, FORWARD_CHUNK_ROWS + 5],
    },
  ],
  [
    'GRU 64 -> GRU 32 -> Dense 64 relu -> Dense 7, window 60 of 11 features',
    {
      make: () =>
        seeded(
          smallModel({
            kind: 'gru',
            window: 60,
            features: 11,
            units: [64, 32],
            dense: 64,
            horizon: 7,
            recurrentActivation: 'sigmoid',
          }),
          13,
          0.15,
        ),
      window: 60,
      features: 11,
      counts: [1, 5, 9, FORWARD_CHUNK_ROWS + 5],
    },
  ],
  [
    'Flatten -> Dense 64 relu -> Dense 32 relu -> Dense 7, window 60 of 11 features',
    {
      make: () => seeded(flattenModel({ window: 60, features: 11, hidden: [64, 32], horizon: 7 }), 14, 0.1),
      window: 60,
      features: 11,
      counts: [1, 5, 9, FORWARD_CHUNK_ROWS + 5],
    },
  ],
];

// Both kernel builds: `simd`, and `fma` (what Node 22 runs), compiled here under Node 20's flag.
const BUILDS = ['simd', 'fma'] as const;

describe.each(CASES)('createFastForward: %s', (_name, { make, window, features, counts }) => {
  let model: tf.LayersModel;
  beforeAll(() => {
    compileFmaBuild();
    model = make();
  });
  afterAll(() => model.dispose());

  it.each(BUILDS.flatMap((build) => counts.map((count) => [build, count] as const)))(
    '%s build: predicts %i window(s) as tfjs predict does, within 1e-5',
    async (build, count) => {
      const x = randomArray(count * window * features, 100 + count);
      const forward = createFastForward(model, { build });

      const fast = forward.predict(x, count);

      const stock = stockPredict(model, x, count);
      expect(fast.length).toBe(stock.length);
      expect(forwardError(fast, stock)).toBeLessThan(1e-5);
      expect(forward.description).toContain(`${build} build`);
      await forward.dispose();
    },
  );
});

describe('createFastForward', () => {
  const sizes = { window: 8, features: 3, units: [6, 5] as const, dense: 4, horizon: 3 };
  const lstm = (): tf.LayersModel =>
    seeded(smallModel({ kind: 'lstm', recurrentActivation: 'sigmoid', ...sizes }), 21, 0.5);

  it.each(BUILDS)(
    '%s build: gives a window the same prediction, bit for bit, whatever other windows share the call and on 2 threads',
    async (build) => {
      const model = lstm();
      const count = 2 * FORWARD_CHUNK_ROWS + 17;
      const floats = sizes.window * sizes.features;
      const x = randomArray(count * floats, 5);
      const forward = createFastForward(model, { threads: 2, build });

      const all = forward.predict(x, count);
      const parallel = await forward.predictBatch(x, count);
      const alone = [0, 1, 5, 130, count - 1].map((i) =>
        forward.predict(x.slice(i * floats, (i + 1) * floats), 1),
      );

      expect(forward.threads).toBe(2);
      expect(Array.from(parallel)).toEqual(Array.from(all));
      [0, 1, 5, 130, count - 1].forEach((i, k) =>
        expect(Array.from(alone[k])).toEqual(
          Array.from(all.subarray(i * sizes.horizon, (i + 1) * sizes.horizon)),
        ),
      );
      await forward.dispose();
      model.dispose();
    },
  );

  it('runs a single recurrent layer, three stacked ones, and frozen layers', async () => {
    const single = tf.sequential();
    single.add(tf.layers.lstm({ units: 7, inputShape: [5, 2] }));
    single.add(tf.layers.dense({ units: 2 }));
    const three = tf.sequential();
    three.add(tf.layers.gru({ units: 5, returnSequences: true, inputShape: [5, 2] }));
    three.add(tf.layers.gru({ units: 6, returnSequences: true }));
    three.add(tf.layers.gru({ units: 4 }));
    three.add(tf.layers.dense({ units: 3, activation: 'tanh' }));
    // A frozen first layer moves its weights to the end of model.getWeights().
    const frozen = smallModel({ kind: 'lstm', recurrentActivation: 'sigmoid', ...sizes });
    frozen.layers[0].trainable = false;
    const x = randomArray(9 * 5 * 2, 6);
    const xFrozen = randomArray(9 * sizes.window * sizes.features, 7);

    for (const [model, input] of [
      [seeded(single, 1, 0.5), x],
      [seeded(three, 2, 0.5), x],
      [seeded(frozen, 3, 0.5), xFrozen],
    ] as const) {
      const forward = createFastForward(model);
      expect(forwardError(forward.predict(input, 9), stockPredict(model, input, 9))).toBeLessThan(1e-5);
      await forward.dispose();
      model.dispose();
    }
  });

  it('copies the weights once: changing the tfjs model afterwards does not change its predictions', async () => {
    const model = lstm();
    const x = randomArray(4 * sizes.window * sizes.features, 8);
    const forward = createFastForward(model);
    const before = stockPredict(model, x, 4);

    seedWeights(model, 99, 0.5);

    expect(forwardError(forward.predict(x, 4), before)).toBeLessThan(1e-5);
    expect(forwardError(forward.predict(x, 4), stockPredict(model, x, 4))).toBeGreaterThan(1e-3);
    await forward.dispose();
    model.dispose();
  });

  it('says why a model is not supported', () => {
    const simple = tf.sequential();
    simple.add(tf.layers.simpleRNN({ units: 3, inputShape: [4, 2] }));
    simple.add(tf.layers.dense({ units: 1 }));
    const sequences = tf.sequential();
    sequences.add(tf.layers.lstm({ units: 3, inputShape: [4, 2], returnSequences: true }));
    sequences.add(tf.layers.dense({ units: 1 }));
    const dropout = tf.sequential();
    dropout.add(tf.layers.gru({ units: 3, inputShape: [4, 2], dropout: 0.2 }));
    dropout.add(tf.layers.dense({ units: 1 }));
    const channelsFirst = tf.sequential();
    channelsFirst.add(tf.layers.flatten({ inputShape: [4, 2], dataFormat: 'channelsFirst' }));
    channelsFirst.add(tf.layers.dense({ units: 1 }));
    const cases: Array<[tf.LayersModel, RegExp]> = [
      [simple, /SimpleRNN layers are not supported/],
      [sequences, /a dense layer on a sequence \(time-distributed\) is not supported/],
      [dropout, /dropout/],
      [channelsFirst, /channelsFirst/],
    ];

    for (const [model, reason] of cases) {
      expect(canPredictFast(model)).toBe(false);
      expect(() => createFastForward(model)).toThrow(InvalidModelInputError);
      expect(() => createFastForward(model)).toThrow(reason);
      model.dispose();
    }
    expect(canPredictFast(lstm())).toBe(true);
  });

  it('refuses input that is not `count` finite windows, naming what is wrong, and predicts zero windows as nothing', async () => {
    const model = lstm();
    const forward = createFastForward(model);
    const floats = sizes.window * sizes.features;
    const x = randomArray(3 * floats, 9);
    const withNaN = x.slice();
    withNaN[floats + 2 * sizes.features + 1] = NaN;

    expect(() => forward.predict(x, 2)).toThrow(
      `x holds ${3 * floats} values; 2 windows of [8, 3] need ${2 * floats}`,
    );
    expect(() => forward.predict(withNaN, 3)).toThrow(
      'window 1 has a non-finite value (NaN) at step 2, feature 1',
    );
    expect(() => forward.predict(x, -1)).toThrow('count -1 is not a non-negative integer');
    expect(() => forward.predict(x, 1.5)).toThrow(InvalidModelInputError);
    await expect(forward.predictBatch(withNaN, 3)).rejects.toThrow('window 1 has a non-finite value');
    expect(forward.predict(new Float32Array(0), 0)).toEqual(new Float32Array(0));
    expect(() => createFastForward(model, { threads: 0 })).toThrow('threads 0 is not a positive integer');
    await forward.dispose();
    model.dispose();
  });

  it('lets a running predictBatch finish when disposed meanwhile', async () => {
    const model = lstm();
    const forward = createFastForward(model, { threads: 2 });
    const count = 3 * FORWARD_CHUNK_ROWS;
    const x = randomArray(count * sizes.window * sizes.features, 11);
    const expected = forward.predict(x, count);

    const running = forward.predictBatch(x, count);
    const disposed = forward.dispose();

    expect(Array.from(await running)).toEqual(Array.from(expected));
    await disposed;
    await expect(forward.predictBatch(x, count)).rejects.toBeInstanceOf(ForwardDisposedError);
    model.dispose();
  });

  it('refuses to predict after dispose()', async () => {
    const model = lstm();
    const forward = createFastForward(model, { threads: 2 });
    const x = randomArray(sizes.window * sizes.features, 10);

    await forward.dispose();

    expect(() => forward.predict(x, 1)).toThrow(ForwardDisposedError);
    await expect(forward.predictBatch(x, 1)).rejects.toBeInstanceOf(ForwardDisposedError);
    await forward.dispose();
    model.dispose();
  });
});
