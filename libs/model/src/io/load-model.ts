import type * as tfTypes from '@tensorflow/tfjs';
import type { ObjectStore } from '@cf/storage';
import { ModelCorruptError, ModelError } from '../errors';
import { keyUnder, MODEL_JSON } from './model-files';
import { objectStoreIOHandler } from './object-store-io-handler';

/**
 * Reads the layers model saved under `prefix` of `store`. A missing `model.json` or weights shard throws
 * `ModelNotFoundError` (kind `not-found`) naming the key; unreadable files throw `ModelCorruptError`
 * (kind `input`).
 *
 * @example
 * const model = await loadModel(tf, store, modelPrefix('latest'));
 */
export async function loadModel(
  tf: typeof tfTypes,
  store: ObjectStore,
  prefix: string,
): Promise<tfTypes.LayersModel> {
  try {
    return await tf.loadLayersModel(objectStoreIOHandler(store, prefix));
  } catch (error) {
    if (error instanceof ModelError) throw error;
    if (isStoreError(error)) throw error;
    throw new ModelCorruptError(
      keyUnder(prefix, MODEL_JSON),
      `tfjs cannot build the model (${describe(error)})`,
      error,
    );
  }
}

// Store failures (network, permissions) keep their own code and kind instead of looking like corruption.
function isStoreError(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    String((error as { code?: unknown }).code).startsWith('STORAGE_')
  );
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
