// Test fixtures: tiny real model versions trained with @cf/model's trainModel (the train job itself) on bundled
// or synthetic candles, and a store that fails on demand.
import { DEFAULT_TRAINING_PARAMETERS, type ModelKind, type TrainingParameters } from '@cf/forecasting';
import { constantReturnKind } from '@cf/forecasting/testing';
import { modelKinds, trainModel, type LiveModelRef, type TrainResult } from '@cf/model';
import { TINY_PARAMETERS } from '@cf/model/testing';
import { loadSampleCandles } from '@cf/ohlcv/testing';
import { listAll, type ObjectStore } from '@cf/storage';
import type { Logger } from '@cf/service';
import { writeDatasets } from './fixtures';

/** Training parameters of a network that trains in about a second on wasm (BTC and ETH, 3-day horizon). */
export const TINY_TRAIN_PARAMETERS: TrainingParameters = Object.freeze({
  ...DEFAULT_TRAINING_PARAMETERS,
  ...TINY_PARAMETERS,
  model: 'lstm/scale-free',
  symbols: ['BTC', 'ETH'],
  seed: 7,
});

/** A registered test kind that always forecasts a 2% fall a day: clearly worse than persistence anywhere. */
export const PESSIMIST = constantReturnKind('pessimist', -0.02);

/** The registry plus the pessimist, as the monitor's `kinds` of the promotion tests. */
export function testKinds(): readonly ModelKind[] {
  return [...modelKinds(), PESSIMIST];
}

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

/**
 * Trains a tiny real version of `model` (default the tiny network) on the store's processed datasets through
 * `cutoff` (default: the clock's last complete day) and writes it under `models/{version}/`.
 */
export async function trainTinyVersion(
  store: ObjectStore,
  logger: Logger,
  at: string,
  options: {
    readonly model?: string;
    readonly parameters?: Partial<TrainingParameters>;
    readonly cutoff?: string;
    readonly live?: LiveModelRef;
    readonly kinds?: readonly ModelKind[];
  } = {},
): Promise<TrainResult> {
  return trainModel(
    { kinds: options.kinds ?? testKinds(), logger, clock: () => new Date(at), now: () => 0 },
    {
      parameters: {
        ...TINY_TRAIN_PARAMETERS,
        ...options.parameters,
        ...(options.model === undefined ? {} : { model: options.model }),
      },
      ...(options.cutoff === undefined ? {} : { cutoff: options.cutoff }),
      ...(options.live === undefined ? {} : { live: options.live }),
    },
    { data: { store, prefix: 'processed/daily/' }, output: { store } },
  );
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
