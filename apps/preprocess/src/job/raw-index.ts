import {
  compareKeys,
  getJson,
  InvalidJsonError,
  putJsonIfChanged,
  type ObjectInfo,
  type ObjectStore,
} from '@cf/storage';
import { CorruptStateError } from '../errors';
import type { RawObjectReading } from '../parsers/read-raw-object';

/**
 * `processed/daily/_raw-index.json`: every raw object preprocess has handled, with the listing facts it had
 * then (size, last-modified) so an unchanged object is skipped without being read, and the version it read.
 * The leading `_` keeps it out of Athena/Glue tables over processed/daily/.
 */
export const RAW_INDEX_KEY = 'processed/daily/_raw-index.json';

/** What preprocess knows of one raw object it handled. */
export interface RawIndexEntry {
  readonly size: number;
  /** ISO timestamp from the store's listing. */
  readonly lastModified: string;
  /** The envelope's `bodySha256`, else the sha256 of the bytes, else `size:{bytes}` for an object never read. */
  readonly version: string;
  /** The envelope's `bodySha256` and `fetchedAt` when the object had a well-formed envelope, else null. */
  readonly bodySha256: string | null;
  readonly fetchedAt: string | null;
}

/** The raw index object. */
export interface RawIndex {
  readonly schemaVersion: 1;
  readonly objects: Readonly<Record<string, RawIndexEntry>>;
}

function isEntry(value: unknown): value is RawIndexEntry {
  if (typeof value !== 'object' || value === null) return false;
  const e = value as Record<string, unknown>;
  return (
    typeof e['size'] === 'number' &&
    typeof e['lastModified'] === 'string' &&
    typeof e['version'] === 'string' &&
    (e['bodySha256'] === null || typeof e['bodySha256'] === 'string') &&
    (e['fetchedAt'] === null || typeof e['fetchedAt'] === 'string')
  );
}

/** The stored index, or an empty one when there is none; throws `CorruptStateError` when it is not one. */
export async function loadRawIndex(store: ObjectStore): Promise<Record<string, RawIndexEntry>> {
  let value: unknown;
  try {
    value = await getJson<unknown>(store, RAW_INDEX_KEY);
  } catch (error) {
    if (error instanceof InvalidJsonError)
      throw new CorruptStateError(RAW_INDEX_KEY, 'not JSON', { cause: error });
    throw error;
  }
  if (value === undefined) return {};
  const index = value as Partial<RawIndex>;
  const objects = index.objects as Record<string, unknown> | undefined;
  if (index.schemaVersion !== 1 || typeof objects !== 'object' || objects === null) {
    throw new CorruptStateError(RAW_INDEX_KEY, 'expected { schemaVersion: 1, objects: {...} }');
  }
  const bad = Object.entries(objects).find(([, entry]) => !isEntry(entry));
  if (bad !== undefined) throw new CorruptStateError(RAW_INDEX_KEY, `entry for '${bad[0]}' is malformed`);
  return { ...(objects as Record<string, RawIndexEntry>) };
}

/** True when the listing shows the object exactly as it was when indexed, so it need not be read again. */
export function listedAsIndexed(info: ObjectInfo, entry: RawIndexEntry | undefined): boolean {
  return (
    entry !== undefined && entry.size === info.size && entry.lastModified === info.lastModified.toISOString()
  );
}

/** The index entry for an object just read (or refused for its size). */
export function indexEntryOf(info: ObjectInfo, reading: RawObjectReading): RawIndexEntry {
  return {
    size: info.size,
    lastModified: info.lastModified.toISOString(),
    version: reading.version,
    bodySha256: reading.envelope?.bodySha256 ?? null,
    fetchedAt: reading.envelope?.fetchedAt ?? null,
  };
}

/** Writes the index, keys sorted, only when its bytes change. */
export function saveRawIndex(
  store: ObjectStore,
  objects: Readonly<Record<string, RawIndexEntry>>,
): Promise<'written' | 'unchanged'> {
  const sorted = Object.fromEntries(
    Object.keys(objects)
      .sort(compareKeys)
      .map((key) => [key, objects[key]]),
  );
  const index: RawIndex = { schemaVersion: 1, objects: sorted };
  return putJsonIfChanged(store, RAW_INDEX_KEY, index);
}
