import type * as tfTypes from '@tensorflow/tfjs';
import { addDays, type Candle } from '@cf/ohlcv';
import { computeFeatures, latestWindow, parseScalers } from '@cf/features';
import type { ObjectStore } from '@cf/storage';
import { makeTempStore } from '@cf/storage/testing';
import { initTfBackend } from '@cf/fast-rnn';
import {
  InsufficientDataError,
  InvalidModelMetadataError,
  ModelCorruptError,
  ModelNotFoundError,
} from '../errors';
import { loadModel } from '../io/load-model';
import { writeTinyModelVersion, type TinyModelVersion } from '../testing/tiny-model-version';
import { forecastFromCandles } from './forecast-from-candles';
import type { Forecaster } from './forecaster';
import { loadForecaster } from './load-forecaster';
import { readModelMetadata } from './read-model-metadata';
import { requiredCandles } from './required-candles';
import { writeModelVersion } from './write-model-version';
import { copyModelVersion } from './copy-model-version';

// A real tiny model trained on bundled BTC and ETH candles, on wasm (tfjs-node cannot be installed offline).
jest.setTimeout(30_000);
let tf: typeof tfTypes;
let temp: Awaited<ReturnType<typeof makeTempStore>>;
let tiny: TinyModelVersion;
let forecaster: Forecaster;
const PREFIX = 'models/tiny-v1/';

beforeAll(async () => {
  ({ tf } = await initTfBackend());
  temp = await makeTempStore();
  tiny = await writeTinyModelVersion(temp.store, PREFIX);
  forecaster = await loadForecaster(tf, temp.store, PREFIX);
});

afterAll(async () => {
  forecaster?.dispose();
  await temp?.cleanup();
});

const btc = (): readonly Candle[] => tiny.candles['BTC'];

/** Writes the tiny model again under `prefix`, as another version name (a second, distinct version). */
async function writeVersionAs(prefix: string, version: string): Promise<void> {
  const model = await loadModel(tf, temp.store, PREFIX);
  await writeModelVersion(temp.store, prefix, {
    model,
    scalers: tiny.scalers,
    metadata: { ...tiny.metadata, version },
  });
  model.dispose();
}

describe('writeModelVersion / loadForecaster', () => {
  it('writes model, weights, scalers and metadata, metadata.json last, and reads the same version back', async () => {
    const order: string[] = [];
    const recording: ObjectStore = Object.create(temp.store, {
      put: {
        value: (key: string, body: Buffer | string) => (order.push(`put ${key}`), temp.store.put(key, body)),
      },
      delete: { value: (key: string) => (order.push(`delete ${key}`), temp.store.delete(key)) },
    });
    const model = await loadModel(tf, temp.store, PREFIX);

    await writeModelVersion(recording, 'models/copy/', {
      model,
      scalers: tiny.scalers,
      metadata: tiny.metadata,
    });
    const copy = await loadForecaster(tf, temp.store, 'models/copy/');

    expect(order).toEqual([
      'delete models/copy/metadata.json',
      'put models/copy/weights.bin',
      'put models/copy/model.json',
      'put models/copy/scaler.json',
      'put models/copy/metadata.json',
    ]);
    for (const file of ['model.json', 'weights.bin', 'scaler.json', 'metadata.json']) {
      const [a, b] = await Promise.all([
        temp.store.get(`${PREFIX}${file}`),
        temp.store.get(`models/copy/${file}`),
      ]);
      expect(b!.equals(a!)).toBe(true);
    }
    expect(copy.metadata).toEqual(tiny.metadata);
    expect(copy.scalers).toEqual(parseScalers((await temp.store.get(`${PREFIX}scaler.json`))!.toString()));
    expect(await readModelMetadata(temp.store, PREFIX)).toEqual(tiny.metadata);
    copy.dispose();
    model.dispose();
  });

  it('reports the tiny model honestly: a version, a backend, test scores next to persistence', () => {
    const { metadata } = tiny;

    expect(metadata).toMatchObject({
      version: 'tiny-v1',
      window: 8,
      horizon: 3,
      backend: tf.getBackend(),
      trainingPath: 'stock',
    });
    expect(metadata.features).toEqual(tiny.scalers.features.names);
    expect(metadata.test.persistence.maeRatioToPersistence).toBe(1);
    expect(metadata.test.model.maeRatioToPersistence).toBeCloseTo(
      metadata.test.model.mae / metadata.test.persistence.mae,
      12,
    );
    expect(metadata.split.train.to < metadata.split.validation.from).toBe(true);
    expect(metadata.split.validation.to < metadata.split.test.from).toBe(true);
    expect(Object.keys(metadata.test.bySymbol)).toEqual(['BTC', 'ETH']);
  });

  it('predicts returns as scale -> model -> unscale, checked against a hand-scaled run of the saved model', async () => {
    const frame = computeFeatures(btc(), 'scale-free');
    const x = latestWindow(frame, 8)!.x;
    const { features, target } = tiny.scalers;
    const model = await loadModel(tf, temp.store, PREFIX);
    const scaled = Float32Array.from(x, (v, i) => (v - features.mean[i % 8]) / features.std[i % 8]);
    const rawOut = tf.tidy(() =>
      (model.predict(tf.tensor3d(scaled, [1, 8, 8])) as tfTypes.Tensor).dataSync(),
    );
    const expected = Array.from(rawOut, (v, k) => v * target.std[k] + target.mean[k]);

    const returns = forecaster.predictReturns(x, 1);

    expect(returns).toHaveLength(3);
    returns.forEach((r, k) => expect(r).toBeCloseTo(expected[k], 7));
    model.dispose();
  });

  it('does not leak tensors when predicting, and frees the model on dispose', async () => {
    const before = tf.memory().numTensors;
    const extra = await loadForecaster(tf, temp.store, PREFIX);
    const loaded = tf.memory().numTensors;
    const x = new Float32Array(4 * 8 * 8).fill(0.5);

    extra.predictReturns(x, 4);
    extra.predictReturns(x, 4);
    const afterPredicting = tf.memory().numTensors;
    extra.dispose();

    expect(afterPredicting).toBe(loaded);
    expect(tf.memory().numTensors).toBe(before);
    expect(() => extra.predictReturns(x, 4)).toThrow(/was disposed/);
  });

  it('refuses an input of the wrong size, naming the expected shape', () => {
    expect(() => forecaster.predictReturns(new Float32Array(10), 1)).toThrow(
      '10 values are not 1 windows of 8 days x 8 features',
    );
  });

  it('reads again when the version is rewritten while it is being loaded', async () => {
    const prefix = 'models/racing/';
    await writeVersionAs(prefix, 'race-a');
    let raced = false;
    const racing: ObjectStore = Object.create(temp.store, {
      get: {
        value: async (key: string) => {
          if (key === `${prefix}model.json` && !raced) {
            raced = true;
            await writeVersionAs(prefix, 'race-b');
          }
          return temp.store.get(key);
        },
      },
    });

    const loaded = await loadForecaster(tf, racing, prefix);

    expect(raced).toBe(true);
    expect(loaded.metadata.version).toBe('race-b');
    loaded.dispose();
  });
});

describe('loadForecaster failures', () => {
  async function copyVersion(
    to: string,
    edit: (file: string, text: string) => string | undefined,
  ): Promise<void> {
    for (const file of ['model.json', 'weights.bin', 'scaler.json', 'metadata.json']) {
      const bytes = (await temp.store.get(`${PREFIX}${file}`))!;
      const edited = file === 'weights.bin' ? bytes : edit(file, bytes.toString());
      if (edited !== undefined) await temp.store.put(`${to}${file}`, edited);
    }
  }

  it('says there is no complete version when metadata.json is missing', async () => {
    await copyVersion('models/incomplete/', (file, text) => (file === 'metadata.json' ? undefined : text));

    await expect(loadForecaster(tf, temp.store, 'models/incomplete/')).rejects.toMatchObject({
      kind: 'not-found',
      key: 'models/incomplete/metadata.json',
    });
  });

  it('names a missing scaler.json', async () => {
    await copyVersion('models/no-scaler/', (file, text) => (file === 'scaler.json' ? undefined : text));

    await expect(loadForecaster(tf, temp.store, 'models/no-scaler/')).rejects.toThrow(ModelNotFoundError);
    await expect(loadForecaster(tf, temp.store, 'models/no-scaler/')).rejects.toThrow(
      "'models/no-scaler/scaler.json'",
    );
  });

  it.each([
    [
      'window',
      (m: Record<string, unknown>) => ({ ...m, window: '8' }),
      "field 'window' must be an integer > 0",
    ],
    [
      'trainedThrough',
      (m: Record<string, unknown>) => ({
        ...m,
        data: { ...(m['data'] as object), trainedThrough: 'yesterday' },
      }),
      "field 'data.trainedThrough' must be a YYYY-MM-DD day",
    ],
    [
      'featureSet',
      (m: Record<string, unknown>) => ({ ...m, featureSet: 'magic' }),
      "field 'featureSet' must name a feature set",
    ],
    [
      'test scores',
      (m: Record<string, unknown>) => ({ ...m, test: { ...(m['test'] as object), persistence: { mae: 1 } } }),
      "field 'test.persistence.maeRatioToPersistence' must be a finite number",
    ],
  ])('names the key and field of bad metadata (%s)', async (name, edit, message) => {
    const prefix = `models/bad-${name.replace(' ', '-')}/`;
    await copyVersion(prefix, (file, text) =>
      file === 'metadata.json' ? JSON.stringify(edit(JSON.parse(text) as Record<string, unknown>)) : text,
    );

    const attempt = loadForecaster(tf, temp.store, prefix);

    await expect(attempt).rejects.toBeInstanceOf(InvalidModelMetadataError);
    await expect(attempt).rejects.toMatchObject({
      kind: 'input',
      code: 'MODEL_INVALID_METADATA',
      key: `${prefix}metadata.json`,
    });
    await expect(attempt).rejects.toThrow(message);
  });

  it('refuses metadata that disagrees with scaler.json, and a corrupt scaler.json', async () => {
    await copyVersion('models/disagree/', (file, text) =>
      file === 'metadata.json' ? text.replace('"window": 8', '"window": 9') : text,
    );
    await copyVersion('models/bad-scaler/', (file, text) =>
      file === 'scaler.json' ? text.replace('"std": [', '"std": [-1, ') : text,
    );

    await expect(loadForecaster(tf, temp.store, 'models/disagree/')).rejects.toThrow(
      "field 'window' is 9 but models/disagree/scaler.json says 8",
    );
    await expect(loadForecaster(tf, temp.store, 'models/bad-scaler/')).rejects.toBeInstanceOf(
      ModelCorruptError,
    );
  });
});

describe('forecastFromCandles', () => {
  it('forecasts from the last close, compounding the predicted returns by hand', () => {
    const candles = btc();
    const last = candles[candles.length - 1];
    const returns = forecaster.predictReturns(latestWindow(computeFeatures(candles, 'scale-free'), 8)!.x, 1);

    const forecast = forecastFromCandles(forecaster, candles, { generatedAt: '2024-02-12T06:00:00.000Z' });

    expect(forecast).toMatchObject({
      symbol: 'BTC',
      lastObservedDate: '2024-02-11',
      lastClose: last.close,
      generatedAt: '2024-02-12T06:00:00.000Z',
      modelVersion: 'tiny-v1',
      modelTrainedThrough: tiny.metadata.data.trainedThrough,
      window: 8,
      horizon: 3,
    });
    const [r1, r2, r3] = Array.from(returns);
    const byHand = [
      last.close * (1 + r1),
      last.close * (1 + r1) * (1 + r2),
      last.close * (1 + r1) * (1 + r2) * (1 + r3),
    ];
    expect(forecast.steps.map((s) => s.targetDate)).toEqual(['2024-02-12', '2024-02-13', '2024-02-14']);
    expect(forecast.steps.map((s) => s.horizonDay)).toEqual([1, 2, 3]);
    forecast.steps.forEach((step, k) => {
      // predictReturns rounds to float32; the forecast keeps float64: agree to 1e-6 relative
      expect(Math.abs(step.predictedReturn - returns[k])).toBeLessThan(
        1e-6 * Math.max(1, Math.abs(returns[k])),
      );
      expect(Math.abs(step.predictedClose / byHand[k] - 1)).toBeLessThan(1e-6);
    });
  });

  it('flags latest-day features beyond the limit with their z-scores under the model scaler', () => {
    const candles = btc().map((c, i, all) => (i === all.length - 1 ? { ...c, high: c.close * 1.5 } : c));
    const { features } = tiny.scalers;
    const row = computeFeatures(candles, 'scale-free').rows.at(-1)!;
    const z = row.map((v, f) => (v - features.mean[f]) / features.std[f]);

    const flagged = forecastFromCandles(forecaster, candles, {
      generatedAt: '2024-02-12T06:00:00Z',
    }).outOfDistribution;
    const strict = forecastFromCandles(forecaster, candles, {
      generatedAt: '2024-02-12T06:00:00Z',
      oodLimit: 100,
    }).outOfDistribution;

    const rangeZ = z[features.names.indexOf('range_to_close')];
    expect(rangeZ).toBeGreaterThan(4);
    expect(flagged).toEqual(
      features.names.flatMap((feature, f) =>
        Math.abs(z[f]) > 4 ? [{ feature, zScore: z[f], limit: 4 }] : [],
      ),
    );
    expect(flagged.map((f) => f.feature)).toContain('range_to_close');
    expect(strict).toEqual([]);
  });

  it('throws a typed input error saying how many rows are needed when there are too few', () => {
    const needed = requiredCandles('scale-free', 8);
    const few = btc().slice(-(needed - 1));

    const attempt = () => forecastFromCandles(forecaster, few, { generatedAt: '2024-02-12T06:00:00Z' });

    expect(needed).toBe(22);
    expect(attempt).toThrow(InsufficientDataError);
    expect(attempt).toThrow(`need at least 22 rows, got 21`);
    expect(() =>
      forecastFromCandles(forecaster, btc().slice(-needed), { generatedAt: '2024-02-12T06:00:00Z' }),
    ).not.toThrow();
  });

  it('refuses a window broken by missing days at the end, naming the gap', () => {
    const candles = btc().filter((c) => c.date !== addDays('2024-02-11', -5));

    const attempt = () => forecastFromCandles(forecaster, candles, { generatedAt: '2024-02-12T06:00:00Z' });

    expect(attempt).toThrow(InsufficientDataError);
    expect(attempt).toThrow('days are missing before 2024-02-07: need at least 22 rows, got 5');
  });
});

describe('requiredCandles', () => {
  it('adds the feature warm-up to the window', () => {
    // scale-free: RSI 14 needs 14 price changes, so its first value is on day 15 (index 14).
    // price-levels: SMA 14 is first defined on day 14 (index 13).
    expect(requiredCandles('scale-free', 60)).toBe(74);
    expect(requiredCandles('price-levels', 60)).toBe(73);
  });
});

describe('copyModelVersion', () => {
  it('promotes a version: the copy loads and forecasts identically, metadata.json removed first and written last', async () => {
    await writeVersionAs('models/latest/', 'older');
    const order: string[] = [];
    const recording: ObjectStore = Object.create(temp.store, {
      put: {
        value: (key: string, body: Buffer | string) => (order.push(`put ${key}`), temp.store.put(key, body)),
      },
      copy: { value: (from: string, to: string) => (order.push(`copy ${to}`), temp.store.copy(from, to)) },
      delete: { value: (key: string) => (order.push(`delete ${key}`), temp.store.delete(key)) },
    });

    const metadata = await copyModelVersion(recording, PREFIX, 'models/latest/');
    const promoted = await loadForecaster(tf, temp.store, 'models/latest/');

    expect(order).toEqual([
      'delete models/latest/metadata.json',
      'copy models/latest/weights.bin',
      'copy models/latest/model.json',
      'copy models/latest/scaler.json',
      'put models/latest/metadata.json',
    ]);
    expect(metadata.version).toBe('tiny-v1');
    expect(promoted.metadata).toEqual(tiny.metadata);
    const options = { generatedAt: '2024-02-12T06:00:00.000Z' };
    expect(forecastFromCandles(promoted, btc(), options)).toEqual(
      forecastFromCandles(forecaster, btc(), options),
    );
    promoted.dispose();
  });

  it('refuses an incomplete source without touching the destination', async () => {
    await temp.store.put('models/half/model.json', (await temp.store.get(`${PREFIX}model.json`))!);
    const before = (await temp.store.get('models/latest/metadata.json'))!;

    await expect(copyModelVersion(temp.store, 'models/half/', 'models/latest/')).rejects.toMatchObject({
      kind: 'not-found',
      key: 'models/half/metadata.json',
    });
    expect((await temp.store.get('models/latest/metadata.json'))!.equals(before)).toBe(true);
  });
});
