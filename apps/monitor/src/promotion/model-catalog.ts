import type { ModelMetadata } from '@cf/model';

import { LATEST_MODEL_VERSION, listAll, type ObjectStore } from '@cf/storage';

const VERSION_METADATA = /^models\/([^/]+)\/metadata\.json$/;

/** A version's held-out ratio to persistence (its training-time walk-forward, the one scorer), or null. */
export function heldOutRatio(metadata: ModelMetadata): number | null {
  return metadata.evaluation.models.find((m) => m.role === 'candidate')?.scores.overall.ratio ?? null;
}

/** Every complete model version (one with `metadata.json`) except `latest`, sorted by name. */
export async function listModelVersions(store: ObjectStore): Promise<string[]> {
  const objects = await listAll(store, 'models/');
  return objects
    .map((o) => VERSION_METADATA.exec(o.key)?.[1])
    .filter((v): v is string => v !== undefined && v !== LATEST_MODEL_VERSION)
    .sort();
}
