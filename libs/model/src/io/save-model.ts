import type * as tf from '@tensorflow/tfjs';
import type { ObjectStore } from '@cf/storage';
import { objectStoreIOHandler } from './object-store-io-handler';

/**
 * Writes `model` under `prefix` of `store` as `model.json` + `weights.bin` (standard tfjs layers format).
 *
 * @example
 * await saveModel(model, store, modelPrefix(version));
 */
export async function saveModel(model: tf.LayersModel, store: ObjectStore, prefix: string): Promise<void> {
  await model.save(objectStoreIOHandler(store, prefix));
}
