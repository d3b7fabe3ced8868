import type { ObjectStore } from '@cf/storage';
import { ModelNotFoundError } from '../errors';
import type { ModelMetadata } from './model-metadata';
import { keyUnder, metadataKey } from './model-version-files';
import { parseModelMetadata } from './parse-model-metadata';

/**
 * Copies the complete model version under `from` to `to` (promotion into `models/latest/`, or rollback),
 * inside the store. The source must be complete (its `metadata.json` valid, every file it lists present). At
 * the destination `metadata.json` is removed first and copied last: a crash part-way leaves `to` without
 * `metadata.json` ("no complete version", which readers report) instead of a mix of two versions, and
 * re-running finishes the job. Returns the copied metadata (whose `version` names the source version).
 *
 * @example
 * await copyModelVersion(store, modelPrefix(candidate), modelPrefix(LATEST_MODEL_VERSION));
 */
export async function copyModelVersion(store: ObjectStore, from: string, to: string): Promise<ModelMetadata> {
  const sourceKey = metadataKey(from);
  const bytes = await store.get(sourceKey);
  if (bytes === undefined)
    throw new ModelNotFoundError(sourceKey, 'model metadata (no complete model version)');
  const metadata = parseModelMetadata(sourceKey, bytes);
  const files = Object.keys(metadata.files).sort();
  for (const file of files) {
    if ((await store.head(keyUnder(from, file))) === undefined)
      throw new ModelNotFoundError(keyUnder(from, file));
  }
  await store.delete(metadataKey(to));
  for (const file of files) await store.copy(keyUnder(from, file), keyUnder(to, file));
  await store.put(metadataKey(to), bytes, { contentType: 'application/json' });
  return metadata;
}
