import { copyModelVersion, findModelMetadata } from '@cf/model';
import { LATEST_MODEL_VERSION, modelPrefix, type HeldLease } from '@cf/storage';
import { MonitorError } from '../errors';
import { compactTimestamp, promotionRecordKey } from '../monitor-keys';
import { completeInterruptedPromotion, currentPromotedModel } from './interrupted-promotion';
import type { PromotionDeps } from './promotion-deps';
import { withPromotionLock } from './promotion-lock';
import {
  listPromotionRecords,
  promotedHistory,
  savePromotionRecord,
  type PromotionRecord,
  type StoredPromotionRecord,
} from './promotion-record';

/**
 * Re-promotes the version `models/latest/` held before the current one (the most recent promoted record
 * naming another version), without the beat check, recorded as a rollback that carries over what that
 * version's own record said about persistence. Crash-safe like a promotion.
 */
export function rollbackModel(deps: Omit<PromotionDeps, 'kinds'>): Promise<StoredPromotionRecord> {
  return withPromotionLock(deps, 'rollback', (lease) => rollBack(deps, lease));
}

async function rollBack(
  deps: Omit<PromotionDeps, 'kinds'>,
  lease: HeldLease,
): Promise<StoredPromotionRecord> {
  await completeInterruptedPromotion(deps);
  const records = await listPromotionRecords(deps.store);
  const current = await currentPromotedModel(deps, records);
  const history = promotedHistory(records);
  const target = [...history].reverse().find((r) => r.record.version !== current?.version);
  if (target === undefined) {
    throw new MonitorError(
      'MONITOR_NOTHING_TO_ROLL_BACK',
      'conflict',
      `no earlier promoted version to roll back to: the promotion records name only ${current?.version ?? 'no version'}`,
    );
  }
  const version = target.record.version;
  const metadata = await findModelMetadata(deps.store, version);
  if (metadata === undefined) {
    throw new MonitorError(
      'MONITOR_MODEL_NOT_FOUND',
      'not-found',
      `cannot roll back to '${version}': ${modelPrefix(version)} has no complete metadata.json`,
    );
  }
  const at = deps.clock();
  const key = promotionRecordKey(compactTimestamp(at), version);
  const record: PromotionRecord = {
    schemaVersion: 2,
    kind: 'rollback',
    version,
    model: metadata.model,
    previousVersion: current?.version ?? null,
    decidedAt: at.toISOString(),
    status: 'promoting',
    promote: true,
    reasons: [
      `rollback: restores ${version} (promoted ${target.record.completedAt ?? target.record.decidedAt}), replacing ${current?.version ?? 'nothing'}; no beat check`,
      target.record.beatsPersistence === null
        ? 'whether it beats persistence is unknown'
        : `its promotion record says it ${target.record.beatsPersistence ? 'beats' : 'does not beat'} persistence (ratio ${target.record.ratioToPersistence?.toFixed(4)})`,
    ],
    rule: null,
    checks: null,
    evaluation: null,
    beatsPersistence: target.record.beatsPersistence,
    ratioToPersistence: target.record.ratioToPersistence,
  };
  await lease.confirm();
  await savePromotionRecord(deps.store, key, record);
  await copyModelVersion(deps.store, modelPrefix(version), modelPrefix(LATEST_MODEL_VERSION));
  const done: PromotionRecord = { ...record, status: 'promoted', completedAt: deps.clock().toISOString() };
  await savePromotionRecord(deps.store, key, done);
  deps.logger.warn({ version, replaced: current?.version ?? null }, 'model rolled back');
  return { key, record: done };
}
