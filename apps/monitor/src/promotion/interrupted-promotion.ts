import { copyModelVersion, type ModelMetadata, findModelMetadata, findPromotedMetadata } from '@cf/model';
import { LATEST_MODEL_VERSION, modelPrefix } from '@cf/storage';
import type { PromotionDeps } from './promotion-deps';
import {
  listPromotionRecords,
  promotedHistory,
  savePromotionRecord,
  type StoredPromotionRecord,
} from './promotion-record';

/**
 * Completes a promotion (or rollback) whose record was left at `promoting` by a crash: copies the version
 * into `models/latest/` again (metadata.json last, as `copyModelVersion` does) and marks the record
 * promoted. Returns the completed record, or `undefined` when nothing was interrupted.
 */
export async function completeInterruptedPromotion(
  deps: Pick<PromotionDeps, 'store' | 'clock' | 'logger'>,
): Promise<StoredPromotionRecord | undefined> {
  const records = await listPromotionRecords(deps.store);
  const last = records[records.length - 1];
  if (last === undefined || last.record.status !== 'promoting') return undefined;
  deps.logger.warn(
    { version: last.record.version, kind: last.record.kind, record: last.key },
    'completing an interrupted promotion',
  );
  await copyModelVersion(deps.store, modelPrefix(last.record.version), modelPrefix(LATEST_MODEL_VERSION));
  const now = deps.clock().toISOString();
  const record = { ...last.record, status: 'promoted' as const, completedAt: now, resumedAt: now };
  await savePromotionRecord(deps.store, last.key, record);
  deps.logger.info(
    { version: record.version, kind: record.kind },
    'model promoted (interrupted promotion completed)',
  );
  return { key: last.key, record };
}

/**
 * The promoted model: `models/latest/metadata.json`, or when it is missing (a promotion was cut short) the
 * version the last completed promotion record names, read from its own folder.
 */
export async function currentPromotedModel(
  deps: Pick<PromotionDeps, 'store'>,
  records: readonly StoredPromotionRecord[],
): Promise<ModelMetadata | undefined> {
  const latest = await findPromotedMetadata(deps.store);
  if (latest !== undefined) return latest;
  const history = promotedHistory(records);
  const last = history[history.length - 1];
  return last === undefined ? undefined : findModelMetadata(deps.store, last.record.version);
}
