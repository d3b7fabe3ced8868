import { ModelNotFoundError, readModelMetadata, type ModelMetadata } from '@cf/model';
import { LATEST_MODEL_VERSION, listAll, modelPrefix, type ObjectStore } from '@cf/storage';

const VERSION_METADATA = /^models\/([^/]+)\/metadata\.json$/;

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

/** A version's held-out ratio to persistence (its training-time walk-forward, the one scorer), or null. */
export function heldOutRatio(metadata: ModelMetadata): number | null {
  return metadata.evaluation.models.find((m) => m.role === 'candidate')?.scores.overall.ratio ?? null;
}

/** The promoted model's metadata (`models/latest/metadata.json`), or `undefined` when none is complete. */
export function findPromotedMetadata(store: ObjectStore): Promise<ModelMetadata | undefined> {
  return findModelMetadata(store, LATEST_MODEL_VERSION);
}

/** Every complete model version (one with `metadata.json`) except `latest`, sorted by name. */
export async function listModelVersions(store: ObjectStore): Promise<string[]> {
  const objects = await listAll(store, 'models/');
  return objects
    .map((o) => VERSION_METADATA.exec(o.key)?.[1])
    .filter((v): v is string => v !== undefined && v !== LATEST_MODEL_VERSION)
    .sort();
}
