import type * as tfTypes from '@tensorflow/tfjs';
import { initTfBackend } from '@cf/fast-rnn';
import { InvalidModelInputError } from '@cf/fast-rnn';
import { buildForecastModel } from './build-forecast-model';
import type { ModelSpec } from './model-spec';

// Runs on the backend initTfBackend picks: wasm here (tfjs-node cannot be installed offline).
let tf: typeof tfTypes;
beforeAll(async () => {
  ({ tf } = await initTfBackend());
});

const base: ModelSpec = {
  architecture: 'lstm',
  window: 60,
  featureCount: 11,
  horizon: 7,
  learningRate: 1e-3,
  seed: 7,
};

function weightBytes(model: tfTypes.LayersModel): Buffer[] {
  return model.getWeights().map((w) => Buffer.from((w.dataSync() as Float32Array).buffer.slice(0)));
}

function layerSummary(model: tfTypes.LayersModel): Array<[string, string, unknown]> {
  return model.layers.map((l) => [l.name, l.getClassName(), l.outputShape]);
}

describe('buildForecastModel', () => {
  it('builds the original LSTM 64 -> LSTM 32 -> Dense 64 relu -> Dense horizon, compiled with Adam and MSE', () => {
    const model = buildForecastModel(tf, base);

    expect(model.inputs[0].shape).toEqual([null, 60, 11]);
    expect(layerSummary(model)).toEqual([
      ['lstm_1', 'LSTM', [null, 60, 64]],
      ['lstm_2', 'LSTM', [null, 32]],
      ['dense_hidden', 'Dense', [null, 64]],
      ['forecast', 'Dense', [null, 7]],
    ]);
    const config = model.layers.map((l) => l.getConfig());
    expect(config[0]).toMatchObject({
      activation: 'tanh',
      recurrentActivation: 'sigmoid',
      unitForgetBias: true,
    });
    expect(config[2]).toMatchObject({ activation: 'relu' });
    expect(config[3]).toMatchObject({ activation: 'linear' });
    // 4 * 64 * (11 + 64 + 1) + 4 * 32 * (64 + 32 + 1) + (32 * 64 + 64) + (64 * 7 + 7)
    expect(model.countParams()).toBe(19456 + 12416 + 2112 + 455);
    expect(model.optimizer.getClassName()).toBe('Adam');
    expect(model.loss).toBe('meanSquaredError');
    model.dispose();
  });

  it('builds the GRU variant and the dense MLP with stable layer names', () => {
    const gru = buildForecastModel(tf, { ...base, architecture: 'gru', units: [8, 4], denseUnits: 5 });
    const mlp = buildForecastModel(tf, {
      ...base,
      architecture: 'dense',
      window: 8,
      featureCount: 3,
      horizon: 2,
    });

    expect(layerSummary(gru)).toEqual([
      ['gru_1', 'GRU', [null, 60, 8]],
      ['gru_2', 'GRU', [null, 4]],
      ['dense_hidden', 'Dense', [null, 5]],
      ['forecast', 'Dense', [null, 7]],
    ]);
    expect(layerSummary(mlp)).toEqual([
      ['flatten', 'Flatten', [null, 24]],
      ['dense_1', 'Dense', [null, 64]],
      ['dense_2', 'Dense', [null, 32]],
      ['forecast', 'Dense', [null, 2]],
    ]);
    gru.dispose();
    mlp.dispose();
  });

  it('gives bit-identical initial weights for the same seed and different ones for another seed', () => {
    const spec: ModelSpec = { ...base, units: [16, 8], denseUnits: 8 };
    const a = buildForecastModel(tf, spec);
    const b = buildForecastModel(tf, spec);
    const c = buildForecastModel(tf, { ...spec, seed: 8 });

    const [wa, wb, wc] = [a, b, c].map(weightBytes);

    expect(wa.length).toBe(10);
    wa.forEach((bytes, i) => expect(bytes.equals(wb[i])).toBe(true));
    // kernels, recurrent kernels and dense kernels differ; biases are zeros (plus LSTM's unit forget bias)
    const differing = wa.filter((bytes, i) => !bytes.equals(wc[i])).length;
    expect(differing).toBe(6);
    [a, b, c].forEach((m) => m.dispose());
  });

  it('seeds each layer separately and makes recurrent kernels orthogonal', () => {
    const model = buildForecastModel(tf, { ...base, units: [8, 8], featureCount: 8 });
    const [k1, r1, , k2] = model.getWeights();

    expect(k1.dataSync()).not.toEqual(k2.dataSync());
    const gram = tf.tidy(() => tf.matMul(r1, r1, false, true).arraySync() as number[][]);
    // r1 is [8, 32]: its rows are orthonormal (tolerance 1e-5 for float32 QR)
    gram.forEach((row, i) =>
      row.forEach((v, j) => expect(Math.abs(v - (i === j ? 1 : 0))).toBeLessThan(1e-5)),
    );
    model.dispose();
  });

  it('refuses a bad spec naming the field', () => {
    expect(() => buildForecastModel(tf, { ...base, window: 0 })).toThrow(InvalidModelInputError);
    expect(() => buildForecastModel(tf, { ...base, window: 0 })).toThrow(
      'window 0 is not a positive integer',
    );
    expect(() => buildForecastModel(tf, { ...base, architecture: 'tcn' as 'lstm' })).toThrow(
      "architecture 'tcn'",
    );
    expect(() => buildForecastModel(tf, { ...base, units: [] })).toThrow('units must name at least one');
    expect(() => buildForecastModel(tf, { ...base, learningRate: -1 })).toThrow('learningRate -1');
  });
});
