import { createHash } from 'node:crypto';
import type { ModelFiles } from '@cf/forecasting';
import type { ObjectStore } from '@cf/storage';
import type { ModelMetadata } from './model-metadata';
import { keyUnder, METADATA_JSON, metadataKey } from './model-version-files';
import { parseModelMetadata } from './parse-model-metadata';

/** sha256 (hex) of every file, by name: the `files` field of a version's metadata. */
export function fileHashes(files: ModelFiles): Record<string, string> {
  return Object.fromEntries(
    [...files.keys()].sort().map((name) => [
      name,
      createHash('sha256')
        .update(files.get(name) as Uint8Array)
        .digest('hex'),
    ]),
  );
}

/**
 * Writes a complete model version under `prefix`: the forecaster's files, then `metadata.json` LAST (with
 * their sha256 in `files`), so a reader that finds `metadata.json` finds a complete version. When the prefix
 * already holds a version (promoting into `models/latest/`), its `metadata.json` is removed first, so a
 * half-rewritten version never looks complete. Same files and metadata, same bytes.
 *
 * @example
 * await writeModelVersion(store, modelPrefix(version), await forecaster.save(), metadata);
 */
export async function writeModelVersion(
  store: ObjectStore,
  prefix: string,
  files: ModelFiles,
  metadata: Omit<ModelMetadata, 'files'>,
): Promise<ModelMetadata> {
  if (files.has(METADATA_JSON))
    throw new RangeError(`a forecaster may not save a file named ${METADATA_JSON}`);
  const complete: ModelMetadata = { ...metadata, files: fileHashes(files) };
  const text = `${JSON.stringify(complete, null, 2)}\n`;
  parseModelMetadata(metadataKey(prefix), text);
  await store.delete(metadataKey(prefix));
  for (const name of [...files.keys()].sort()) {
    await store.put(keyUnder(prefix, name), Buffer.from(files.get(name) as Uint8Array), {
      contentType: name.endsWith('.json') ? 'application/json' : 'application/octet-stream',
    });
  }
  await store.put(metadataKey(prefix), text, { contentType: 'application/json' });
  return complete;
}
