import { parseCandlesCsv, toCandleSeries, type Candle, type DatasetManifest } from '@cf/ohlcv';
import { getJson, getText, listAll, PROCESSED_MANIFEST_KEY, processedDatasetKey, type ObjectStore } from '@cf/storage';
import { MonitorError } from '../errors';

/** Processed candles and the dataset manifest, each read at most once per job run. */
export interface MarketData {
  /** The asset's full processed history, oldest first; `undefined` when there is no dataset. */
  candles(symbol: string): Promise<readonly Candle[] | undefined>;
  /** `processed/daily/_manifest.json`, or `undefined` before the first preprocess run. */
  manifest(): Promise<DatasetManifest | undefined>;
  /** The assets with a processed dataset, sorted. */
  symbols(): Promise<string[]>;
}

const DATASET_KEY = /^processed\/daily\/symbol=([A-Z0-9]{1,15})\/ohlcv\.csv$/;

/** A `MarketData` over the store, caching what it read (one instance per job run, so data is a snapshot). */
export function createMarketData(store: ObjectStore): MarketData {
  const candles = new Map<string, Promise<readonly Candle[] | undefined>>();
  let manifest: Promise<DatasetManifest | undefined> | undefined;
  let symbols: Promise<string[]> | undefined;
  return {
    candles(symbol) {
      let loaded = candles.get(symbol);
      if (loaded === undefined) {
        loaded = readCandles(store, symbol);
        candles.set(symbol, loaded);
      }
      return loaded;
    },
    manifest() {
      manifest ??= getJson<DatasetManifest>(store, PROCESSED_MANIFEST_KEY);
      return manifest;
    },
    symbols() {
      symbols ??= listAll(store, 'processed/daily/').then((objects) =>
        objects
          .map((o) => DATASET_KEY.exec(o.key)?.[1])
          .filter((s): s is string => s !== undefined)
          .sort(),
      );
      return symbols;
    },
  };
}

async function readCandles(store: ObjectStore, symbol: string): Promise<readonly Candle[] | undefined> {
  const key = processedDatasetKey(symbol);
  const text = await getText(store, key);
  if (text === undefined) return undefined;
  try {
    const parsed = parseCandlesCsv(text, { symbol });
    if (parsed.problems.length > 0) {
      const first = parsed.problems[0];
      throw new MonitorError(
        'MONITOR_INVALID_DATASET',
        'internal',
        `dataset '${key}' has ${parsed.problems.length} unreadable row(s), first: ${JSON.stringify(first)}`,
      );
    }
    return toCandleSeries(parsed.candles.filter((c) => c.symbol === symbol));
  } catch (error) {
    if (error instanceof MonitorError) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    throw new MonitorError('MONITOR_INVALID_DATASET', 'internal', `dataset '${key}' is not a valid series: ${detail}`, {
      cause: error,
    });
  }
}

const indexes = new WeakMap<readonly Candle[], Map<string, number>>();

/** Position of the candle of `day` in a series (indexed once per series), or `undefined` when absent. */
export function indexOfDay(candles: readonly Candle[], day: string): number | undefined {
  let index = indexes.get(candles);
  if (index === undefined) {
    index = new Map(candles.map((c, i) => [c.date, i]));
    indexes.set(candles, index);
  }
  return index.get(day);
}
