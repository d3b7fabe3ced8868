import { listAll, type ObjectStore } from '@cf/storage';

const DATASET_KEY = /^processed\/daily\/symbol=([A-Z0-9]{1,15})\/ohlcv\.csv$/;

/** Symbols that have a dataset in the store, sorted. */
export async function listDatasetSymbols(store: ObjectStore): Promise<string[]> {
  const objects = await listAll(store, 'processed/daily/symbol=');
  return objects
    .map((info) => DATASET_KEY.exec(info.key)?.[1])
    .filter((symbol): symbol is string => symbol !== undefined)
    .sort();
}
