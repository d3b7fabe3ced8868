import type { ObjectStore } from '@cf/storage';
import { ModelCorruptError, ModelNotFoundError } from '../errors';
import { keyUnder, MODEL_JSON } from '../io/model-files';
import type { ModelMetadata } from '../metadata';
import { SCALER_JSON } from './model-version-files';
import { modelVersionKeys } from './model-version-keys';
import { parseModelMetadata } from './parse-model-metadata';

/**
 * Copies the complete model version under `from` to `to` (promotion into `models/latest/`, or rollback),
 * inside the store. The source must be complete (its `metadata.json` valid, every file present). At the
 * destination `metadata.json` is removed first and copied last: a crash part-way leaves `to` without
 * `metadata.json` ("no complete version", which readers report) instead of a mix of two versions, and
 * re-running finishes the job. Returns the copied metadata (whose `version` names the source version).
 *
 * @example
 * await copyModelVersion(store, modelPrefix(candidate), modelPrefix(LATEST_MODEL_VERSION));
 */
export async function copyModelVersion(store: ObjectStore, from: string, to: string): Promise<ModelMetadata> {
  const source = modelVersionKeys(from);
  const target = modelVersionKeys(to);
  const metadataBytes = await store.get(source.metadata);
  if (metadataBytes === undefined)
    throw new ModelNotFoundError(source.metadata, 'model metadata (no complete model version)');
  const metadata = parseModelMetadata(source.metadata, metadataBytes);
  const files = [...(await weightFiles(store, from)), MODEL_JSON, SCALER_JSON];
  for (const file of files) {
    if ((await store.head(keyUnder(from, file))) === undefined)
      throw new ModelNotFoundError(keyUnder(from, file));
  }

  await store.delete(target.metadata);
  for (const file of files) await store.copy(keyUnder(from, file), keyUnder(to, file));
  // Copy the bytes we validated, not whatever the source holds now.
  await store.put(target.metadata, metadataBytes, { contentType: 'application/json' });
  return metadata;
}

async function weightFiles(store: ObjectStore, prefix: string): Promise<string[]> {
  const key = keyUnder(prefix, MODEL_JSON);
  const bytes = await store.get(key);
  if (bytes === undefined) throw new ModelNotFoundError(key, 'model.json');
  try {
    const manifest = (JSON.parse(bytes.toString('utf8')) as { weightsManifest: Array<{ paths: string[] }> })
      .weightsManifest;
    const paths = manifest.flatMap((group) => group.paths);
    paths.forEach((p) => keyUnder(prefix, p));
    return paths;
  } catch (error) {
    throw new ModelCorruptError(key, `cannot read its weights manifest (${(error as Error).message})`, error);
  }
}
