import {
  getJson,
  InvalidJsonError,
  PROCESSED_MANIFEST_KEY,
  putJsonIfChanged,
  compareKeys,
  type ObjectStore,
} from '@cf/storage';
import type { DatasetEntry, DatasetManifest } from '@cf/ohlcv';
import { CorruptStateError } from '../errors';
import type { RawIndexEntry } from './raw-index';

/** `updatedAt` of a manifest built from no raw object at all. */
export const EPOCH_ISO = new Date(0).toISOString();

/** The stored manifest, `undefined` when there is none; `CorruptStateError` when it is not one. */
export async function loadManifest(store: ObjectStore): Promise<DatasetManifest | undefined> {
  let value: DatasetManifest | undefined;
  try {
    value = await getJson<DatasetManifest>(store, PROCESSED_MANIFEST_KEY);
  } catch (error) {
    if (error instanceof InvalidJsonError)
      throw new CorruptStateError(PROCESSED_MANIFEST_KEY, 'not JSON', { cause: error });
    throw error;
  }
  if (value === undefined) return undefined;
  if (
    value.schemaVersion !== 1 ||
    typeof value.datasets !== 'object' ||
    value.datasets === null ||
    typeof value.rawConsumed !== 'object' ||
    value.rawConsumed === null
  ) {
    throw new CorruptStateError(
      PROCESSED_MANIFEST_KEY,
      'expected { schemaVersion: 1, datasets, rawConsumed }',
    );
  }
  return value;
}

/**
 * The manifest for these datasets and this raw index. Everything in it is derived from the inputs, never
 * from the clock: `updatedAt` is the latest `fetchedAt` of the raw objects consumed, so a run that changes
 * nothing writes the same bytes. `rawConsumed` maps every raw object read with a well-formed envelope to its
 * `bodySha256` (including objects quarantined whole for their content).
 */
export function buildManifest(
  datasets: Readonly<Record<string, DatasetEntry>>,
  index: Readonly<Record<string, RawIndexEntry>>,
): DatasetManifest {
  const rawKeys = Object.keys(index).sort(compareKeys);
  const rawConsumed: Record<string, string> = {};
  let latest = Number.NEGATIVE_INFINITY;
  for (const key of rawKeys) {
    const entry = index[key];
    if (entry.bodySha256 !== null) rawConsumed[key] = entry.bodySha256;
    if (entry.fetchedAt !== null) latest = Math.max(latest, Date.parse(entry.fetchedAt));
  }
  const symbols = Object.keys(datasets).sort(compareKeys);
  return {
    schemaVersion: 1,
    updatedAt: Number.isFinite(latest) ? new Date(latest).toISOString() : EPOCH_ISO,
    datasets: Object.fromEntries(symbols.map((symbol) => [symbol, datasets[symbol]])),
    rawConsumed,
  };
}

/** Writes the manifest only when its bytes change. */
export function saveManifest(
  store: ObjectStore,
  manifest: DatasetManifest,
): Promise<'written' | 'unchanged'> {
  return putJsonIfChanged(store, PROCESSED_MANIFEST_KEY, manifest);
}
