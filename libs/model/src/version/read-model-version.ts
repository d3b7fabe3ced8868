import { createHash } from 'node:crypto';
import { LATEST_MODEL_VERSION, modelPrefix, type ObjectStore } from '@cf/storage';
import { ModelCorruptError, ModelNotFoundError, ModelVersionChangedError } from '../errors';
import type { ModelMetadata } from './model-metadata';
import { keyUnder, metadataKey } from './model-version-files';
import { parseModelMetadata } from './parse-model-metadata';

/** How many times a version that changes under the reader is read again before giving up. */
const READ_ATTEMPTS = 3;

/** A model version as stored: its metadata and every file it lists, checked against their sha256. */
export interface StoredModelVersion {
  readonly metadata: ModelMetadata;
  readonly files: ReadonlyMap<string, Uint8Array>;
}

/**
 * Reads and checks `metadata.json` under `prefix` (e.g. `modelPrefix('latest')`). Missing: `ModelNotFoundError`
 * (kind `not-found`) naming the key; malformed: `InvalidModelMetadataError` naming the key and field.
 *
 * @example
 * const { version, data } = await readModelMetadata(store, modelPrefix(LATEST_MODEL_VERSION));
 */
export async function readModelMetadata(store: ObjectStore, prefix: string): Promise<ModelMetadata> {
  const key = metadataKey(prefix);
  const bytes = await store.get(key);
  if (bytes === undefined) throw new ModelNotFoundError(key, 'model metadata (no complete model version)');
  return parseModelMetadata(key, bytes);
}

/** The metadata under `models/{version}/`, or `undefined` when that version has no `metadata.json`. */
export async function findModelMetadata(
  store: ObjectStore,
  version: string,
): Promise<ModelMetadata | undefined> {
  try {
    return await readModelMetadata(store, modelPrefix(version));
  } catch (error) {
    if (error instanceof ModelNotFoundError) return undefined;
    throw error;
  }
}

/** The promoted model's metadata (`models/latest/metadata.json`), or `undefined` when none is complete. */
export function findPromotedMetadata(store: ObjectStore): Promise<ModelMetadata | undefined> {
  return findModelMetadata(store, LATEST_MODEL_VERSION);
}

/**
 * Reads the model version under `prefix`: `metadata.json`, then every file it lists, each checked against its
 * sha256 (`ModelCorruptError` naming the key on a mismatch, `ModelNotFoundError` for a missing one).
 * `metadata.json` is read again at the end: if it changed (a promotion rewrote the prefix meanwhile), the read
 * starts over, so the parts always belong to one version.
 *
 * @example
 * const { metadata, files } = await readModelVersion(store, modelPrefix(LATEST_MODEL_VERSION));
 */
export async function readModelVersion(store: ObjectStore, prefix: string): Promise<StoredModelVersion> {
  const key = metadataKey(prefix);
  for (let attempt = 1; attempt <= READ_ATTEMPTS; attempt++) {
    const first = await store.get(key);
    if (first === undefined) throw new ModelNotFoundError(key, 'model metadata (no complete model version)');
    const metadata = parseModelMetadata(key, first);
    const files = new Map<string, Uint8Array>();
    let changed = false;
    for (const [name, sha256] of Object.entries(metadata.files)) {
      const fileKey = keyUnder(prefix, name);
      const bytes = await store.get(fileKey);
      const actual = bytes === undefined ? undefined : createHash('sha256').update(bytes).digest('hex');
      if (actual !== sha256) {
        const settled = await store.get(key);
        if (settled === undefined || !settled.equals(first)) {
          changed = true;
          break;
        }
        if (bytes === undefined)
          throw new ModelNotFoundError(fileKey, `file of model version ${metadata.version}`);
        throw new ModelCorruptError(fileKey, `its sha256 ${actual} is not ${sha256} (metadata.json)`);
      }
      files.set(name, new Uint8Array(bytes as Buffer));
    }
    if (changed) continue;
    const settled = await store.get(key);
    if (settled !== undefined && settled.equals(first)) return { metadata, files };
  }
  throw new ModelVersionChangedError(prefix, READ_ATTEMPTS);
}
