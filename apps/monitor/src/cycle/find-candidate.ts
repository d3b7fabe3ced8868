import { findModelMetadata, findPromotedMetadata, type ModelMetadata } from '@cf/model';
import type { ObjectStore } from '@cf/storage';
import { listModelVersions } from '../promotion/model-catalog';
import { listPromotionRecords } from '../promotion/promotion-record';

/**
 * The newest model version (by `createdAt`) that no promotion record has considered yet and that is not the
 * promoted one: the candidate of the daily cycle. Older unconsidered versions wait for a later cycle.
 */
export async function findCandidate(store: ObjectStore): Promise<ModelMetadata | undefined> {
  const considered = new Set((await listPromotionRecords(store)).map((r) => r.record.version));
  const promoted = await findPromotedMetadata(store);
  if (promoted !== undefined) considered.add(promoted.version);
  let newest: ModelMetadata | undefined;
  for (const version of await listModelVersions(store)) {
    if (considered.has(version)) continue;
    const metadata = await findModelMetadata(store, version);
    if (metadata !== undefined && (newest === undefined || metadata.createdAt > newest.createdAt))
      newest = metadata;
  }
  return newest;
}
