// Test fixtures: tiny real model versions (trained with @cf/model's trainForecaster on bundled candles),
// versions derived from them with known quality, and a store that fails on demand.
import type * as tfTypes from '@tensorflow/tfjs';
import { parseScalers } from '@cf/features';
import {
  initTfBackend,
  loadModel,
  readModelMetadata,
  SCALER_JSON,
  trainForecaster,
  writeModelVersion,
  type TrainRequest,
  type TrainResult,
} from '@cf/model';
import { loadSampleCandles } from '@cf/ohlcv/testing';
import { getText, joinKey, listAll, modelPrefix, type ObjectStore } from '@cf/storage';
import type { Logger } from '@cf/service';
import { writeDatasets } from './fixtures';

/** Hyperparameters of a model that trains in about a second on wasm. */
export const TINY_TRAIN_REQUEST: TrainRequest = {
  symbols: ['BTC', 'ETH'],
  window: 8,
  horizon: 3,
  epochs: 2,
  batchSize: 32,
  learningRate: 1e-2,
  patience: 2,
  units: [6, 4],
  seed: 7,
};

/** Writes BTC and ETH sample candles (2023-01-01 .. `to`) as processed datasets with a manifest. */
export async function writeSampleDatasets(
  store: ObjectStore,
  to = '2024-02-11',
  symbols = ['BTC', 'ETH'],
): Promise<void> {
  await writeDatasets(
    store,
    symbols.map((s) => loadSampleCandles(s, { from: '2023-01-01', to })),
  );
}

/** Trains a tiny real version on the store's processed datasets and writes it under `models/{version}/`. */
export async function trainTinyVersion(
  store: ObjectStore,
  logger: Logger,
  at: string,
  request: TrainRequest = TINY_TRAIN_REQUEST,
): Promise<TrainResult> {
  const { tf, name } = await initTfBackend();
  return trainForecaster({ tf, backend: name, logger, clock: () => new Date(at) }, request, {
    data: { store, prefix: 'processed/daily/' },
    output: { store },
  });
}

/**
 * A copy of version `from` saved as `to` whose output layer's bias is moved by `shift` target standard
 * deviations: every predicted daily return is off by `shift` sigmas, so its errors are known to be far worse.
 * With `persistence: true` the output layer is replaced instead so that every predicted return is 0 (up to
 * float32 rounding): a real model that forecasts like persistence.
 */
export async function writeDerivedVersion(
  store: ObjectStore,
  from: string,
  to: string,
  change: { readonly shift?: number; readonly persistence?: boolean; readonly createdAt?: string },
): Promise<void> {
  const { tf } = await initTfBackend();
  const model = await loadModel(tf, store, modelPrefix(from));
  try {
    const scalers = parseScalers((await getText(store, joinKey('models', from, SCALER_JSON))) ?? '');
    const metadata = await readModelMetadata(store, modelPrefix(from));
    const weights = model.getWeights();
    const kernel = weights[weights.length - 2];
    const bias = weights[weights.length - 1];
    const replaced: tfTypes.Tensor[] = change.persistence
      ? [tf.zerosLike(kernel), tf.tensor1d(scalers.target.mean.map((m, k) => -m / scalers.target.std[k]))]
      : [kernel.clone(), bias.add(change.shift ?? 0)];
    model.setWeights([...weights.slice(0, -2), ...replaced]);
    replaced.forEach((t) => t.dispose());
    await writeModelVersion(store, modelPrefix(to), {
      model,
      scalers,
      metadata: { ...metadata, version: to, createdAt: change.createdAt ?? metadata.createdAt },
    });
  } finally {
    model.dispose();
  }
}

/** Copies every object under `prefix` from one store to another. */
export async function copyPrefix(from: ObjectStore, to: ObjectStore, prefix: string): Promise<void> {
  for (const { key } of await listAll(from, prefix)) {
    const body = await from.get(key);
    if (body !== undefined) await to.put(key, body);
  }
}

/** A store that throws on the `n`th write (put or copy) whose key starts with `prefix`. */
export function storeFailingOnWrite(
  inner: ObjectStore,
  prefix: string,
  n: number,
): ObjectStore & { writes(): number } {
  let count = 0;
  const guard = (key: string) => {
    if (!key.startsWith(prefix)) return;
    count++;
    if (count === n) throw new Error(`injected failure on write ${n} under ${prefix} (${key})`);
  };
  return {
    url: inner.url,
    get: (key) => inner.get(key),
    getObject: (key) => inner.getObject(key),
    head: (key) => inner.head(key),
    list: (prefix, options) => inner.list(prefix, options),
    delete: (key) => inner.delete(key),
    async put(key, body, options) {
      guard(key);
      return inner.put(key, body, options);
    },
    async copy(fromKey, toKey, options) {
      guard(toKey);
      return inner.copy(fromKey, toKey, options);
    },
    writes: () => count,
  };
}

/** A clock that starts at `start` and moves one second per reading (distinct, ordered record keys). */
export function tickingClock(start: string): () => Date {
  let at = Date.parse(start);
  return () => {
    const now = new Date(at);
    at += 1000;
    return now;
  };
}
