import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { formatCandlesCsv, type Candle } from '@cf/ohlcv';
import { loadSampleCandles } from '@cf/ohlcv/testing';
import type { ModelMetadata } from '@cf/model';
import { LocalObjectStore, listAll, modelPrefix, processedDatasetKey, type ObjectStore } from '@cf/storage';
import { writeModelVersionFixture, type ModelVersionFixtureOptions } from '@cf/model/testing';

/** A tiny real model version (the model library's testing helper, trained on real BTC and ETH candles). */
export interface ModelFixture {
  readonly metadata: ModelMetadata;
  /** A plain model folder (metadata.json and its files) for the CLI and `serve`. */
  readonly modelDir: string;
}

/** A temp folder that `cleanup()` removes. */
export async function makeTempDir(prefix = 'cf-infer-'): Promise<{ dir: string; cleanup(): Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * Trains a tiny model version of any recipe (default `lstm/scale-free`) into `models/{version}/` of `store`
 * (default `models/latest/`) and copies the same files into a plain folder under `dir`, so the job, the CLI
 * and the endpoint use byte-identical models. The training datasets it writes are the store's
 * `processed/daily/` (BTC and ETH from 2023-06-01: a network fits in about a second on wasm).
 */
export async function writeModelFixture(
  store: ObjectStore,
  dir: string,
  options: Omit<ModelVersionFixtureOptions, 'prefix'> & { readonly storeVersion?: string } = {},
): Promise<ModelFixture> {
  const prefix = modelPrefix(options.storeVersion ?? 'latest');
  const { metadata } = await writeModelVersionFixture(store, { from: '2023-06-01', ...options, prefix });
  const modelDir = path.join(dir, `model-${metadata.version}`);
  await copyModel(store, prefix, new LocalObjectStore(modelDir), '');
  return { metadata, modelDir };
}

/** Copies every object under `fromPrefix` of one store to `toPrefix` of another (a model version's files). */
export async function copyModel(
  from: ObjectStore,
  fromPrefix: string,
  to: ObjectStore,
  toPrefix: string,
): Promise<void> {
  for (const { key } of await listAll(from, fromPrefix)) {
    const bytes = await from.get(key);
    if (bytes !== undefined) await to.put(`${toPrefix}${key.slice(fromPrefix.length)}`, bytes);
  }
}

/** sha256 of every object of a store, by key: what "the store is byte-for-byte as it was" compares. */
export async function storeDigest(store: ObjectStore, prefix = ''): Promise<Record<string, string>> {
  const digest: Record<string, string> = {};
  for (const { key } of await listAll(store, prefix)) {
    const bytes = await store.get(key);
    digest[key] = createHash('sha256')
      .update(bytes ?? Buffer.alloc(0))
      .digest('hex');
  }
  return digest;
}

/** Real daily candles of a bundled asset, up to `to` (default: the end of the sample data). */
export function sampleCandles(symbol: string, range: { from?: string; to?: string } = {}): Candle[] {
  return loadSampleCandles(symbol, range);
}

/** Writes `processed/daily/symbol={SYM}/ohlcv.csv` as preprocess would. */
export async function writeDataset(
  store: ObjectStore,
  symbol: string,
  candles: readonly Candle[],
): Promise<void> {
  await store.put(processedDatasetKey(symbol), formatCandlesCsv(candles), { contentType: 'text/csv' });
}
