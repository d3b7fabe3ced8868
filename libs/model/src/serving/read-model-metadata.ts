import type { ObjectStore } from '@cf/storage';
import { ModelNotFoundError } from '../errors';
import type { ModelMetadata } from '../metadata';
import { modelVersionKeys } from './model-version-keys';
import { parseModelMetadata } from './parse-model-metadata';

/**
 * Reads and checks `metadata.json` under `prefix` (e.g. `modelPrefix('latest')`). Missing: `ModelNotFoundError`
 * (kind `not-found`) naming the key; malformed: `InvalidModelMetadataError` naming the key and field.
 *
 * @example
 * const { version, data } = await readModelMetadata(store, modelPrefix(LATEST_MODEL_VERSION));
 */
export async function readModelMetadata(store: ObjectStore, prefix: string): Promise<ModelMetadata> {
  const key = modelVersionKeys(prefix).metadata;
  const bytes = await store.get(key);
  if (bytes === undefined) throw new ModelNotFoundError(key, 'model metadata');
  return parseModelMetadata(key, bytes);
}
