import type * as tfTypes from '@tensorflow/tfjs';
import { buildForecastModel } from '../architectures/build-forecast-model';
import type { ModelSpec } from '../architectures/model-spec';
import { initTfBackend } from '@cf/fast-rnn';
import { InvalidModelInputError, TrainingAbortedError, TrainingDivergedError } from '@cf/fast-rnn';
import { canFitFast } from '@cf/fast-rnn';
import { makeSineFitData } from '@cf/fast-rnn/testing';
import { fitModel, resolveFitPath } from './fit-model';
import type { EpochReport, FitData, FitOptions } from '@cf/fast-rnn';

// Stock tfjs-layers path on the wasm backend (tfjs-node cannot be installed offline).
let tf: typeof tfTypes;
// Generous: the machine's two cores are shared with other test suites; these fits take 0.1-4 s alone.
jest.setTimeout(30_000);
beforeAll(async () => {
  ({ tf } = await initTfBackend());
});

const data = makeSineFitData({ trainCount: 256, validationCount: 64, window: 12, horizon: 3, seed: 1 });
const spec = (architecture: ModelSpec['architecture'], seed = 5): ModelSpec => ({
  architecture,
  window: 12,
  featureCount: 2,
  horizon: 3,
  units: architecture === 'dense' ? [32, 16] : [8],
  denseUnits: 8,
  learningRate: 1e-2,
  seed,
});
const options: FitOptions = { epochs: 6, batchSize: 32, learningRate: 1e-2, patience: 3, seed: 9 };

function weightBytes(model: tfTypes.LayersModel): Buffer {
  return Buffer.concat(
    model.getWeights().map((w) => Buffer.from((w.dataSync() as Float32Array).slice().buffer)),
  );
}

function mse(model: tfTypes.LayersModel, fit: FitData): number {
  return tf.tidy(() => {
    const { x, y, count } = fit.validation;
    const predicted = model.predict(tf.tensor3d(x, [count, fit.window, fit.featureCount])) as tfTypes.Tensor;
    return tf.losses.meanSquaredError(tf.tensor2d(y, [count, fit.horizon]), predicted).dataSync()[0];
  });
}

/** A recurrent model outside the fast kernels' support (SimpleRNN), which stock tfjs trains on wasm. */
function simpleRnnModel(): tfTypes.LayersModel {
  const model = tf.sequential({
    layers: [tf.layers.simpleRNN({ inputShape: [12, 2], units: 4 }), tf.layers.dense({ units: 3 })],
  });
  model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
  return model;
}

function variance(values: Float32Array): number {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  return values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length;
}

const NO_VALIDATION = { x: new Float32Array(0), y: new Float32Array(0), count: 0 };

function maxDifference(a: tfTypes.LayersModel, b: tfTypes.LayersModel): number {
  const wb = b.getWeights().map((w) => w.dataSync());
  return Math.max(
    ...a.getWeights().map((w, i) => Math.max(...w.dataSync().map((v, j) => Math.abs(v - wb[i][j])))),
  );
}

describe('fitModel without a validation part (a refit on all data)', () => {
  it.each(['lstm', 'gru'] as const)(
    '%s: the fast and stock paths run exactly `epochs` epochs, keep the last weights, and agree',
    async (architecture) => {
      const [fast, stock] = [
        buildForecastModel(tf, spec(architecture)),
        buildForecastModel(tf, spec(architecture)),
      ];
      const refit: FitData = { ...data, validation: NO_VALIDATION };
      const snapshots = new Map<number, Buffer>();
      const quick = { ...options, epochs: 3, patience: 0 };

      const a = await fitModel(tf, fast, refit, { ...quick, path: 'fast' });
      const b = await fitModel(tf, stock, refit, {
        ...quick,
        path: 'stock',
        onEpochEnd: (e) => void snapshots.set(e.epoch, weightBytes(stock)),
      });

      for (const result of [a, b]) {
        expect(result).toMatchObject({ epochsRun: 3, bestEpoch: 3 });
        expect(result.bestValidationLoss).toBeNaN();
        expect(result.history.every((e) => Number.isNaN(e.validationLoss) && Number.isFinite(e.loss))).toBe(
          true,
        );
      }
      expect([a.path, b.path]).toEqual(['fast', 'stock']);
      expect(weightBytes(stock).equals(snapshots.get(3)!)).toBe(true);
      a.history.forEach((e, i) =>
        expect(Math.abs(e.loss - b.history[i].loss) / b.history[i].loss).toBeLessThan(1e-4),
      );
      // 24 Adam steps at lr 1e-2 from the same weights on the same batches: float32 rounding only.
      expect(maxDifference(fast, stock)).toBeLessThan(1e-4);
      fast.dispose();
      stock.dispose();
    },
  );

  it("fails with TrainingDivergedError naming the training loss when the last epoch's loss is not finite", async () => {
    const huge: FitData = {
      ...data,
      train: { ...data.train, y: data.train.y.map((v) => v * 3e38) },
      validation: NO_VALIDATION,
    };
    for (const path of ['fast', 'stock'] as const) {
      const model = buildForecastModel(tf, spec('lstm'));

      const attempt = fitModel(tf, model, huge, { ...options, epochs: 1, path });

      await expect(attempt).rejects.toBeInstanceOf(TrainingDivergedError);
      await expect(attempt).rejects.toThrow('the training loss of epoch 1 is not finite');
      model.dispose();
    }
  });
});

describe("fitModel from an earlier fit's weights (a warm start)", () => {
  it('the fast and stock paths continue from the same weights to the same result', async () => {
    const first = buildForecastModel(tf, spec('lstm'));
    await fitModel(tf, first, data, { ...options, epochs: 2, path: 'fast' });
    const [fast, stock] = [buildForecastModel(tf, spec('lstm', 6)), buildForecastModel(tf, spec('lstm', 6))];
    fast.setWeights(first.getWeights());
    stock.setWeights(first.getWeights());
    const later = makeSineFitData({ trainCount: 192, validationCount: 48, window: 12, horizon: 3, seed: 4 });
    const before = mse(fast, later);

    const a = await fitModel(tf, fast, later, { ...options, epochs: 2, patience: 2, seed: 11, path: 'fast' });
    const b = await fitModel(tf, stock, later, {
      ...options,
      epochs: 2,
      patience: 2,
      seed: 11,
      path: 'stock',
    });

    a.history.forEach((e, i) =>
      expect(
        Math.abs(e.validationLoss - b.history[i].validationLoss) / b.history[i].validationLoss,
      ).toBeLessThan(1e-4),
    );
    expect(a.bestEpoch).toBe(b.bestEpoch);
    expect(maxDifference(fast, stock)).toBeLessThan(1e-4);
    expect(a.bestValidationLoss).toBeLessThan(before);
    [first, fast, stock].forEach((m) => m.dispose());
  });
});

describe('fitModel with warmStart (the warm weights as epoch 0)', () => {
  it('the fast and stock paths score the starting weights alike and keep them when no epoch beats them', async () => {
    const first = buildForecastModel(tf, spec('lstm'));
    await fitModel(tf, first, data, { ...options, epochs: 4, patience: 4, path: 'fast' });
    const [fast, stock] = [buildForecastModel(tf, spec('lstm', 6)), buildForecastModel(tf, spec('lstm', 6))];
    fast.setWeights(first.getWeights());
    stock.setWeights(first.getWeights());
    const start = weightBytes(first);
    const expected = mse(first, data);
    // Adam at 0.5 throws the fitted weights far off: no epoch comes back to where it started.
    const overshoot = { ...options, learningRate: 0.5, patience: 1, warmStart: true };

    const a = await fitModel(tf, fast, data, { ...overshoot, path: 'fast' });
    const b = await fitModel(tf, stock, data, { ...overshoot, path: 'stock' });

    for (const result of [a, b]) {
      expect(Math.abs(result.startValidationLoss - expected) / expected).toBeLessThan(1e-4);
      expect(result).toMatchObject({ bestEpoch: 0, epochsRun: 1 });
      expect(result.bestValidationLoss).toBe(result.startValidationLoss);
      expect(result.history[0].validationLoss).toBeGreaterThan(result.startValidationLoss);
    }
    expect(weightBytes(fast).equals(start)).toBe(true);
    expect(weightBytes(stock).equals(start)).toBe(true);
    [first, fast, stock].forEach((m) => m.dispose());
  });

  it('on the stock path, an epoch that beats epoch 0 wins and nothing else changes', async () => {
    const [a, b] = [buildForecastModel(tf, spec('lstm')), buildForecastModel(tf, spec('lstm'))];
    const before = tf.memory().numTensors;
    const quick = { ...options, epochs: 3, path: 'stock' as const };

    const scored = await fitModel(tf, a, data, { ...quick, warmStart: true });
    const plain = await fitModel(tf, b, data, quick);

    expect(scored.history.map((e) => [e.loss, e.validationLoss])).toEqual(
      plain.history.map((e) => [e.loss, e.validationLoss]),
    );
    expect(scored.bestEpoch).toBeGreaterThan(0);
    expect(scored.bestValidationLoss).toBeLessThan(scored.startValidationLoss);
    expect(plain.startValidationLoss).toBeNaN();
    expect(weightBytes(a).equals(weightBytes(b))).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
    [a, b].forEach((m) => m.dispose());
  });
});

describe('fitModel', () => {
  it('learns a synthetic signal far below the naive level within seconds', async () => {
    const larger = makeSineFitData({
      trainCount: 1024,
      validationCount: 128,
      window: 12,
      horizon: 3,
      seed: 3,
    });
    const model = buildForecastModel(tf, spec('dense'));
    const naive = variance(larger.validation.y);
    const epochs: EpochReport[] = [];

    const result = await fitModel(tf, model, larger, {
      ...options,
      epochs: 10,
      patience: 10,
      batchSize: 64,
      path: 'stock',
      onEpochEnd: (e) => void epochs.push(e),
    });

    console.log(
      `naive MSE ${naive.toFixed(4)}, best validation MSE ${result.bestValidationLoss.toFixed(4)} at epoch ${result.bestEpoch}`,
    );
    expect(result.path).toBe('stock');
    expect(result.bestValidationLoss).toBeLessThan(0.1 * naive);
    expect(mse(model, larger)).toBeCloseTo(result.bestValidationLoss, 5);
    expect(epochs).toEqual(result.history);
    epochs.forEach((e, i) => {
      expect(e.epoch).toBe(i + 1);
      expect(e.seconds).toBeGreaterThan(0);
      expect(e.samplesPerSecond).toBeGreaterThan(0);
      expect(Number.isFinite(e.loss) && Number.isFinite(e.validationLoss)).toBe(true);
    });
    model.dispose();
  });

  it('a small LSTM learns the signal too', async () => {
    const model = buildForecastModel(tf, spec('lstm'));
    const naive = variance(data.validation.y);

    const result = await fitModel(tf, model, data, {
      ...options,
      epochs: 8,
      patience: 8,
      learningRate: 2e-2,
      path: 'stock',
    });

    console.log(
      `LSTM: naive MSE ${naive.toFixed(4)}, best validation MSE ${result.bestValidationLoss.toFixed(4)}`,
    );

    expect(result.bestValidationLoss).toBeLessThan(0.15 * naive);
    model.dispose();
  });

  it('reproduces the same losses and weights for the same seeds, and differs for another shuffle seed', async () => {
    const [a, b, c] = [
      buildForecastModel(tf, spec('lstm')),
      buildForecastModel(tf, spec('lstm')),
      buildForecastModel(tf, spec('lstm')),
    ];

    const quick = { ...options, epochs: 3, path: 'stock' as const };
    const ra = await fitModel(tf, a, data, quick);
    const rb = await fitModel(tf, b, data, quick);
    const rc = await fitModel(tf, c, data, { ...quick, seed: 10 });

    const losses = (r: typeof ra) => r.history.map((e) => [e.loss, e.validationLoss]);
    expect(losses(rb)).toEqual(losses(ra));
    expect(weightBytes(b).equals(weightBytes(a))).toBe(true);
    expect(losses(rc)).not.toEqual(losses(ra));
    [a, b, c].forEach((m) => m.dispose());
  });

  it('stops early after `patience` epochs without improvement and restores the best weights exactly', async () => {
    // Validation targets are the negated training targets: the better the fit, the worse the validation loss.
    const adversarial: FitData = {
      ...data,
      validation: { ...data.validation, y: data.validation.y.map((v) => -v) },
    };
    const model = buildForecastModel(tf, spec('dense'));
    const snapshots = new Map<number, Buffer>();

    const result = await fitModel(tf, model, adversarial, {
      ...options,
      epochs: 50,
      patience: 2,
      path: 'stock',
      onEpochEnd: (e) => void snapshots.set(e.epoch, weightBytes(model)),
    });

    const losses = result.history.map((e) => e.validationLoss);
    expect(result.epochsRun).toBe(result.bestEpoch + 2);
    expect(result.epochsRun).toBeLessThan(50);
    expect(result.bestValidationLoss).toBe(Math.min(...losses));
    expect(losses[result.bestEpoch - 1]).toBe(result.bestValidationLoss);
    expect(weightBytes(model).equals(snapshots.get(result.bestEpoch)!)).toBe(true);
    expect(weightBytes(model).equals(snapshots.get(result.epochsRun)!)).toBe(false);
    expect(mse(model, adversarial)).toBeCloseTo(result.bestValidationLoss, 5);
    model.dispose();
  });

  it('leaves no tensor behind across a fit', async () => {
    const model = buildForecastModel(tf, spec('lstm'));
    const before = tf.memory().numTensors;

    await fitModel(tf, model, data, { ...options, epochs: 2, path: 'stock' });

    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('stops on an aborted signal with TrainingAbortedError and no leaked tensors', async () => {
    const model = buildForecastModel(tf, spec('dense'));
    const before = tf.memory().numTensors;
    const controller = new AbortController();

    const attempt = fitModel(tf, model, data, {
      ...options,
      epochs: 20,
      path: 'stock',
      signal: controller.signal,
      onEpochEnd: (e) => {
        if (e.epoch === 2) controller.abort(new Error('SIGTERM'));
      },
    });

    await expect(attempt).rejects.toBeInstanceOf(TrainingAbortedError);
    await expect(attempt).rejects.toMatchObject({
      epoch: 3,
      kind: 'unavailable',
      code: 'MODEL_TRAINING_ABORTED',
    });
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('stops in the middle of an epoch when the signal fires during training', async () => {
    const big = makeSineFitData({ trainCount: 4096, validationCount: 64, window: 12, horizon: 3, seed: 2 });
    const model = buildForecastModel(tf, spec('lstm'));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);

    const attempt = fitModel(tf, model, big, {
      ...options,
      epochs: 1000,
      batchSize: 8,
      path: 'stock',
      signal: controller.signal,
    });

    await expect(attempt).rejects.toMatchObject({ code: 'MODEL_TRAINING_ABORTED', epoch: 1 });
    model.dispose();
  });

  it('refuses data that does not fit the model, naming the problem', async () => {
    const model = buildForecastModel(tf, spec('dense'));
    const shortTargets: FitData = { ...data, train: { ...data.train, y: data.train.y.subarray(1) } };
    const withNaN: FitData = {
      ...data,
      train: { ...data.train, x: data.train.x.map((v, i) => (i === 30 ? NaN : v)) },
    };

    await expect(fitModel(tf, model, { ...data, horizon: 4 }, options)).rejects.toThrow(
      InvalidModelInputError,
    );
    await expect(fitModel(tf, model, shortTargets, options)).rejects.toThrow(
      'the train part holds 6144 inputs and 767 targets for 256 windows',
    );
    await expect(fitModel(tf, model, withNaN, options)).rejects.toThrow('non-finite input (NaN) in window 1');
    await expect(
      fitModel(
        tf,
        model,
        { ...data, train: { x: new Float32Array(0), y: new Float32Array(0), count: 0 } },
        options,
      ),
    ).rejects.toThrow('the train part has 0 windows; it needs at least 1');
    await expect(
      fitModel(tf, model, { ...data, validation: { ...data.validation, count: 0 } }, options),
    ).rejects.toThrow('the validation part holds 1536 inputs and 192 targets for 0 windows');
    await expect(fitModel(tf, model, data, { ...options, batchSize: 0 })).rejects.toThrow('batchSize 0');
    model.dispose();
  });

  it("refuses path 'fast' for a model the fast kernels do not support", async () => {
    const rnn = simpleRnnModel();

    await expect(fitModel(tf, rnn, data, { ...options, path: 'fast' })).rejects.toThrow(
      /the fast path does not support model '.+' \(layers SimpleRNN, Dense\)/,
    );
    rnn.dispose();
  });

  it("path 'auto' picks the fast kernels for a recurrent model on wasm when they support it, and says which ran", async () => {
    const model = buildForecastModel(tf, spec('lstm'));
    const rnn = simpleRnnModel();

    const recurrent = await fitModel(tf, model, data, { ...options, epochs: 1 });
    const other = await fitModel(tf, rnn, data, { ...options, epochs: 1 });

    expect(tf.getBackend()).toBe('wasm');
    expect(recurrent.path).toBe(canFitFast(model) ? 'fast' : 'stock');
    expect(other.path).toBe('stock');
    model.dispose();
    rnn.dispose();
  });

  it('resolveFitPath names the trainer fitModel runs, before it runs', async () => {
    const model = buildForecastModel(tf, spec('lstm'));
    const rnn = simpleRnnModel();

    const planned = resolveFitPath(tf, model, 'auto');
    const ran = await fitModel(tf, model, data, { ...options, epochs: 1 });

    expect(planned).toBe(ran.path);
    expect(resolveFitPath(tf, model, 'stock')).toBe('stock');
    expect(resolveFitPath(tf, rnn, 'auto')).toBe('stock');
    expect(() => resolveFitPath(tf, rnn, 'fast')).toThrow(InvalidModelInputError);
    model.dispose();
    rnn.dispose();
  });

  it('stock training yields to the event loop after every batch', async () => {
    // 256 training windows in batches of 8: 32 batches in the one epoch.
    const model = buildForecastModel(tf, spec('dense'));
    let ticks = 0;
    let running = true;
    const tick = (): void => {
      ticks++;
      if (running) setImmediate(tick);
    };
    setImmediate(tick);

    const result = await fitModel(tf, model, data, {
      ...options,
      epochs: 1,
      batchSize: 8,
      path: 'stock',
    });
    running = false;

    expect(result.path).toBe('stock');
    expect(ticks).toBeGreaterThanOrEqual(256 / 8);
    model.dispose();
  });
});
