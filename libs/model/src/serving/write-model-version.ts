import type * as tf from '@tensorflow/tfjs';
import { serializeScalers, type ModelScalers } from '@cf/features';
import type { ObjectStore } from '@cf/storage';
import { saveModel } from '../io/save-model';
import type { ModelMetadata } from '../metadata';
import { checkModelVersion } from './check-model-version';
import { modelVersionKeys } from './model-version-keys';
import { parseModelMetadata } from './parse-model-metadata';

/** The three parts of a model version. */
export interface ModelVersionParts {
  readonly model: tf.LayersModel;
  readonly scalers: ModelScalers;
  readonly metadata: ModelMetadata;
}

/**
 * Writes a complete model version under `prefix`: `model.json` + `weights.bin`, `scaler.json`, and
 * `metadata.json` LAST, so a reader that finds `metadata.json` finds a complete version. When the prefix
 * already holds a version (re-running a job, promoting into `models/latest/`), its `metadata.json` is removed
 * first, so the half-rewritten version never looks complete. The parts are checked against each other and the
 * metadata against the reader's rules before anything is written. Same parts, same bytes.
 *
 * @example
 * await writeModelVersion(store, modelPrefix(version), { model, scalers, metadata });
 */
export async function writeModelVersion(
  store: ObjectStore,
  prefix: string,
  parts: ModelVersionParts,
): Promise<void> {
  const keys = modelVersionKeys(prefix);
  const metadataText = `${JSON.stringify(parts.metadata, null, 2)}\n`;
  parseModelMetadata(keys.metadata, metadataText);
  checkModelVersion(parts.model, parts.scalers, parts.metadata, keys);
  const scalerText = serializeScalers(parts.scalers);

  await store.delete(keys.metadata);
  await saveModel(parts.model, store, prefix);
  await store.put(keys.scalers, scalerText, { contentType: 'application/json' });
  await store.put(keys.metadata, metadataText, { contentType: 'application/json' });
}
