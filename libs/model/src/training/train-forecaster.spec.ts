// Runs on the tfjs wasm backend here (tfjs-node is not installed): a tiny dense model, two epochs, a year of
// real daily candles of two assets, so the whole job runs end to end in a few seconds.
import { createHash } from 'node:crypto';
import { buildWindows, computeFeatures, decodeForecasts, parseScalers, scaleWindowSet } from '@cf/features';
import { addDays, formatCandlesCsv, type Candle } from '@cf/ohlcv';
import { loadSampleCandles } from '@cf/ohlcv/testing';
import { listAll, type LocalObjectStore } from '@cf/storage';
import { makeTempStore } from '@cf/storage/testing';
import type * as tfTypes from '@tensorflow/tfjs';
import { initTfBackend } from '@cf/fast-rnn';
import { TrainingAbortedError } from '../errors';
import { loadModel } from '../io/load-model';
import { readModelMetadata } from '../serving/read-model-metadata';
import { ModelVersionExistsError } from './train-forecaster-errors';
import type { TrainEpochReport } from './train-forecaster-fit';
import { trainForecaster, type TrainDeps } from './train-forecaster';
import type { TrainRequest } from './train-forecaster-request';

const REQUEST: TrainRequest = {
  architecture: 'dense',
  units: [4, 4],
  window: 8,
  horizon: 3,
  epochs: 2,
  batchSize: 32,
  learningRate: 1e-2,
  patience: 2,
  seed: 7,
};
const quiet = { info: () => undefined };

describe('trainForecaster', () => {
  let tf: typeof tfTypes;
  let backend: string;
  let store: LocalObjectStore;
  let cleanup: () => Promise<void>;
  const candles: Record<string, Candle[]> = {
    BTC: loadSampleCandles('BTC', { from: '2023-01-01', to: '2023-12-31' }),
    ETH: loadSampleCandles('ETH', { from: '2023-03-01', to: '2023-12-31' }),
  };
  const files = Object.fromEntries(Object.entries(candles).map(([s, c]) => [s, formatCandlesCsv(c)]));

  beforeAll(async () => {
    ({ tf, name: backend } = await initTfBackend());
  });
  beforeEach(async () => {
    ({ store, cleanup } = await makeTempStore());
    for (const [symbol, text] of Object.entries(files))
      await store.put(`processed/daily/symbol=${symbol}/ohlcv.csv`, text);
  });
  afterEach(() => cleanup());

  const deps = (at: string, extra: Partial<TrainDeps> = {}): TrainDeps => ({
    tf,
    backend,
    logger: quiet,
    clock: () => new Date(at),
    ...extra,
  });
  const io = () => ({ data: { store, prefix: 'processed/daily/' }, output: { store } });

  it('writes a complete, consistent version whose test metrics sit next to persistence', async () => {
    const epochs: TrainEpochReport[] = [];

    const result = await trainForecaster(
      deps('2024-02-12T06:30:00Z', { onEpoch: (e) => epochs.push(e) }),
      REQUEST,
      io(),
    );

    expect(result.version).toMatch(/^20240212T063000Z-[0-9a-f]{8}$/);
    expect(result.prefix).toBe(`models/${result.version}/`);
    const keys = (await listAll(store, 'models/')).map((o) => o.key);
    expect(keys).toEqual(
      ['model.json', 'metadata.json', 'scaler.json', 'weights.bin'].map((f) => `${result.prefix}${f}`).sort(),
    );

    const metadata = await readModelMetadata(store, result.prefix);
    expect(metadata).toEqual(result.metadata);
    expect(metadata).toMatchObject({
      version: result.version,
      createdAt: '2024-02-12T06:30:00.000Z',
      architecture: 'dense',
      featureSet: 'scale-free',
      window: 8,
      horizon: 3,
      symbols: ['BTC', 'ETH'],
      seed: 7,
      backend,
      trainingPath: result.fitResult.path,
      hyperparameters: {
        epochs: 2,
        batchSize: 32,
        learningRate: 1e-2,
        patience: 2,
        units: '4,4',
        trainFraction: 0.7,
        validationFraction: 0.15,
      },
      data: {
        firstDate: '2023-01-01',
        lastDate: '2023-12-31',
        sha256: {
          BTC: createHash('sha256').update(files.BTC).digest('hex'),
          ETH: createHash('sha256').update(files.ETH).digest('hex'),
        },
      },
      training: { epochs: result.fitResult.epochsRun, bestEpoch: result.fitResult.bestEpoch },
    });
    expect(metadata.features).toHaveLength(8);
    expect(epochs.map((e) => [e.epoch, e.epochs, e.backend, e.fitPath])).toEqual(
      [
        [1, 2, backend, result.fitResult.path],
        [2, 2, backend, result.fitResult.path],
      ].slice(0, result.fitResult.epochsRun),
    );

    // The split: gaps of `horizon` days, nothing the model learnt from reaches the test part.
    const { split, data } = metadata;
    expect(split.gapDays).toBe(3);
    expect(addDays(split.train.to, 4)).toBe(split.validation.from);
    expect(addDays(split.validation.to, 4)).toBe(split.test.from);
    expect(data.trainedThrough).toBe(addDays(split.validation.to, 3));
    expect(data.trainedThrough < split.test.from).toBe(true);
    const scalers = parseScalers((await store.get(`${result.prefix}scaler.json`))!.toString());
    expect(scalers.fittedThrough).toBe(split.train.to);

    // Test windows and persistence straight from the candles: every origin in the test range with 3 days after it.
    const persistenceErrors: number[] = [];
    let testWindows = 0;
    for (const series of Object.values(candles)) {
      series.forEach((c, i) => {
        if (c.date < split.test.from || c.date > split.test.to || i + 3 >= series.length) return;
        testWindows += 1;
        for (let k = 1; k <= 3; k++) persistenceErrors.push(Math.abs(series[i + k].close - c.close));
      });
    }
    expect(split.test.windows).toBe(testWindows);
    expect(metadata.test.persistence.points).toBe(testWindows * 3);
    expect(metadata.test.persistence.mae).toBeCloseTo(
      persistenceErrors.reduce((a, b) => a + b, 0) / persistenceErrors.length,
      6,
    );
    expect(metadata.test.persistence.maeRatioToPersistence).toBe(1);
    expect(Object.keys(metadata.test.bySymbol)).toEqual(['BTC', 'ETH']);

    // The model's test MAE again, from the saved model and scaler.json through the features library.
    const model = await loadModel(tf, store, result.prefix);
    const errors: number[] = [];
    for (const series of Object.values(candles)) {
      const set = buildWindows(computeFeatures(series, 'scale-free'), { window: 8, horizon: 3 });
      const test = scaleWindowSet(set, scalers);
      const keep = set.originDates.map((d, i) => (d >= split.test.from ? i : -1)).filter((i) => i >= 0);
      const x = tf.tensor3d(test.x.slice(keep[0] * 8 * 8), [keep.length, 8, 8]);
      const output = (model.predict(x) as tfTypes.Tensor).dataSync();
      x.dispose();
      decodeForecasts(
        output,
        keep.map((i) => set.originCloses[i]),
        scalers,
      ).forEach((f, j) =>
        f.closes.forEach((p, k) => errors.push(Math.abs(p - set.targetCloses[keep[j]][k]))),
      );
    }
    model.dispose();
    const modelMae = errors.reduce((a, b) => a + b, 0) / errors.length;
    expect(metadata.test.model.mae).toBeCloseTo(modelMae, 3);
    expect(metadata.test.model.maeRatioToPersistence).toBeCloseTo(
      modelMae / metadata.test.persistence.mae,
      6,
    );
    expect(metadata.test.model.maeByHorizonDay).toHaveLength(3);
    expect(metadata.test.model.dieboldMariano?.pValue).toBeGreaterThanOrEqual(0);
  });

  it('writes a new version on a second run, leaving the first byte for byte; the same seed gives the same weights', async () => {
    const first = await trainForecaster(deps('2024-02-12T06:30:00Z'), REQUEST, io());
    const before = await Promise.all(
      (await listAll(store, first.prefix)).map(async (o) => [o.key, await store.get(o.key)] as const),
    );

    const second = await trainForecaster(deps('2024-02-13T06:30:00Z'), REQUEST, io());

    expect(second.version).not.toBe(first.version);
    for (const [key, bytes] of before) expect((await store.get(key))!.equals(bytes!)).toBe(true);
    const weights = (p: string) => store.get(`${p}weights.bin`);
    expect((await weights(second.prefix))!.equals((await weights(first.prefix))!)).toBe(true);
  });

  it('refuses to overwrite an existing version (conflict) and never promotes', async () => {
    const first = await trainForecaster(deps('2024-02-12T06:30:00Z'), REQUEST, io());
    const metadataBefore = await store.get(`${first.prefix}metadata.json`);

    const again = trainForecaster(deps('2024-02-12T06:30:00Z'), REQUEST, io());

    await expect(again).rejects.toThrow(ModelVersionExistsError);
    await expect(again).rejects.toMatchObject({ kind: 'conflict', key: `${first.prefix}metadata.json` });
    expect((await store.get(`${first.prefix}metadata.json`))!.equals(metadataBefore!)).toBe(true);
    expect(await listAll(store, 'models/latest/')).toEqual([]);
  });

  it('changes the version hash with the request or the data', async () => {
    const base = await trainForecaster(deps('2024-02-12T06:30:00Z'), REQUEST, io());
    const otherSeed = await trainForecaster(deps('2024-02-12T06:30:00Z'), { ...REQUEST, seed: 8 }, io());
    await store.put('processed/daily/symbol=ETH/ohlcv.csv', formatCandlesCsv(candles.ETH.slice(1)));
    const otherData = await trainForecaster(deps('2024-02-12T06:30:00Z'), REQUEST, io());

    expect(new Set([base.version, otherSeed.version, otherData.version]).size).toBe(3);
    expect(otherData.metadata.data.sha256.ETH).not.toBe(base.metadata.data.sha256.ETH);
  });

  it('writes straight into an output folder (SageMaker model dir) when given an empty prefix', async () => {
    const out = await makeTempStore();
    try {
      const result = await trainForecaster(
        deps('2024-02-12T06:30:00Z'),
        { ...REQUEST, symbols: ['ETH'] },
        { data: io().data, output: { store: out.store, prefix: '' } },
      );

      expect(result.prefix).toBe('');
      expect((await listAll(out.store, '')).map((o) => o.key)).toEqual([
        'metadata.json',
        'model.json',
        'scaler.json',
        'weights.bin',
      ]);
      expect(result.metadata.symbols).toEqual(['ETH']);
      await expect(
        trainForecaster(deps('2024-02-13T06:30:00Z'), REQUEST, {
          data: io().data,
          output: { store: out.store, prefix: '' },
        }),
      ).rejects.toThrow(/'metadata.json' already exists in file:.*versions are never overwritten/);
    } finally {
      await out.cleanup();
    }
  });

  it('stops with TrainingAbortedError when its signal is aborted, writing nothing', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stopped by SIGTERM'));

    await expect(
      trainForecaster(deps('2024-02-12T06:30:00Z', { signal: controller.signal }), REQUEST, io()),
    ).rejects.toThrow(TrainingAbortedError);
    expect(await listAll(store, 'models/')).toEqual([]);
  });
});
