import { copyModelVersion, type EvaluatedModel, type ModelMetadata, findModelMetadata } from '@cf/model';
import { checkName, InvalidKeyError, LATEST_MODEL_VERSION, modelPrefix, type HeldLease } from '@cf/storage';
import { InvalidArgumentError, MonitorError } from '../errors';
import { compactTimestamp, promotionRecordKey } from '../monitor-keys';
import { trainPersistenceChampion } from './champion';
import { completeInterruptedPromotion, currentPromotedModel } from './interrupted-promotion';
import type { PromotionDeps } from './promotion-deps';
import { comparePromotion } from './promotion-evaluation';
import { decidePromotion, type GateScores } from './promotion-gate';
import { withPromotionLock } from './promotion-lock';
import {
  listPromotionRecords,
  recordedEvaluation,
  savePromotionRecord,
  type PromotionRecord,
  type StoredPromotionRecord,
} from './promotion-record';

/** The promotion metric, in words, as recorded. */
export const PROMOTION_METRIC =
  "ratio of mean relative absolute errors to persistence's on held-out walk-forward origins (the one scorer), with Diebold-Mariano against persistence";

/** What a promotion did: the decision about the candidate and, when it put one live, the champion's. */
export interface PromotionOutcome extends StoredPromotionRecord {
  readonly champion?: StoredPromotionRecord;
}

/**
 * Considers `candidateVersion` for `models/latest/`, every time through the gate (`decidePromotion`), the first
 * promotion included: on held-out origins it never trained on (its walk-forward evaluation, re-run next to the
 * live model when that changed since training), it must not be worse than persistence and must beat the live
 * model. When it is refused on a store with nothing promoted, persistence goes live as the champion (a real
 * `persistence` version, trained and recorded). Each decision is recorded with all its numbers under
 * `monitoring/promotions/` before `models/latest/` is touched; the copy writes `metadata.json` last, an
 * interrupted promotion is completed by the next call, and the whole runs under the promotion lease so two
 * promotions never interleave.
 */
export async function promoteModel(deps: PromotionDeps, candidateVersion: string): Promise<PromotionOutcome> {
  checkVersion(candidateVersion);
  return withPromotionLock(deps, `promote ${candidateVersion}`, async (lease) => {
    await completeInterruptedPromotion(deps);
    const candidate = await findModelMetadata(deps.store, candidateVersion);
    if (candidate === undefined) {
      throw new MonitorError(
        'MONITOR_MODEL_NOT_FOUND',
        'not-found',
        `model version '${candidateVersion}' has no complete metadata.json under ${modelPrefix(candidateVersion)}`,
      );
    }
    const current = await currentPromotedModel(deps, await listPromotionRecords(deps.store));
    if (current?.version === candidateVersion) {
      const at = deps.clock();
      const record: PromotionRecord = {
        ...baseRecord(deps, 'promotion', candidate, current, at),
        status: 'refused',
        promote: false,
        reasons: [`${candidateVersion} is already the promoted version`],
        checks: null,
        evaluation: null,
        beatsPersistence: null,
        ratioToPersistence: null,
      };
      const key = promotionRecordKey(compactTimestamp(at), candidateVersion);
      await savePromotionRecord(deps.store, key, record);
      return { key, record };
    }
    const decided = await decide(deps, candidate, current, 'promotion');
    if (decided.record.promote) return { ...(await goLive(deps, lease, decided.key, decided.record)) };
    if (current !== undefined) return decided;
    // Nothing is live and the candidate was refused: persistence goes live as the champion.
    const trained = await trainPersistenceChampion(deps, candidate);
    const champion = await decide(deps, trained.metadata, undefined, 'champion', candidate.version);
    if (!champion.record.promote) return { ...decided, champion };
    return { ...decided, champion: await goLive(deps, lease, champion.key, champion.record) };
  });
}

async function decide(
  deps: PromotionDeps,
  candidate: ModelMetadata,
  current: ModelMetadata | undefined,
  kind: 'promotion' | 'champion',
  championFor?: string,
): Promise<StoredPromotionRecord> {
  const comparison = await comparePromotion(deps, candidate, current);
  const gate = (metadata: ModelMetadata, evaluated: EvaluatedModel): GateScores => ({
    version: metadata.version,
    model: metadata.model,
    parameters: metadata.parameters,
    trainedThrough: metadata.data.trainedThrough,
    point: evaluated.scores.overall,
    ...(evaluated.ranges === undefined ? {} : { ranges: evaluated.ranges.overall }),
  });
  const decision = decidePromotion(
    gate(candidate, comparison.candidate),
    current === undefined || comparison.live === undefined ? undefined : gate(current, comparison.live),
    deps.promotion,
  );
  const ratio = comparison.candidate.scores.overall.ratio;
  const at = deps.clock();
  const reasons = [
    ...(kind === 'champion'
      ? [`nothing is promoted and ${championFor} was refused: ${candidate.model} goes live as the champion`]
      : current === undefined
        ? ['nothing is promoted yet: the candidate must still pass the gate']
        : []),
    ...decision.reasons,
    `held-out origins ${comparison.evaluation.from}..${comparison.evaluation.to} (${comparison.source === 'training' ? "the candidate's training-time walk-forward" : 're-evaluated next to the live model'})`,
  ];
  const record: PromotionRecord = {
    ...baseRecord(deps, kind, candidate, current, at),
    status: decision.promote ? 'promoting' : 'refused',
    promote: decision.promote,
    reasons,
    checks: decision.checks,
    evaluation: recordedEvaluation(comparison),
    beatsPersistence: ratio === null ? null : ratio < 1,
    ratioToPersistence: ratio,
    ...(championFor === undefined ? {} : { championFor }),
  };
  const key = promotionRecordKey(compactTimestamp(at), candidate.version);
  await savePromotionRecord(deps.store, key, record);
  deps.logger.info(
    {
      version: candidate.version,
      model: candidate.model,
      kind,
      current: current?.version ?? null,
      promote: decision.promote,
      ratioToPersistence: ratio,
      reasons,
    },
    'promotion decided',
  );
  return { key, record };
}

async function goLive(
  deps: PromotionDeps,
  lease: HeldLease,
  key: string,
  record: PromotionRecord,
): Promise<StoredPromotionRecord> {
  await lease.confirm();
  await copyModelVersion(deps.store, modelPrefix(record.version), modelPrefix(LATEST_MODEL_VERSION));
  const promoted: PromotionRecord = {
    ...record,
    status: 'promoted',
    completedAt: deps.clock().toISOString(),
  };
  await savePromotionRecord(deps.store, key, promoted);
  deps.logger.info(
    {
      version: record.version,
      model: record.model,
      previous: record.previousVersion,
      ratioToPersistence: record.ratioToPersistence,
    },
    'model promoted',
  );
  return { key, record: promoted };
}

function baseRecord(
  deps: PromotionDeps,
  kind: PromotionRecord['kind'],
  candidate: ModelMetadata,
  current: ModelMetadata | undefined,
  at: Date,
): Pick<
  PromotionRecord,
  'schemaVersion' | 'kind' | 'version' | 'model' | 'previousVersion' | 'decidedAt' | 'rule'
> {
  return {
    schemaVersion: 2,
    kind,
    version: candidate.version,
    model: candidate.model,
    previousVersion: current?.version ?? null,
    decidedAt: at.toISOString(),
    rule: { ...deps.promotion, metric: PROMOTION_METRIC },
  };
}

function checkVersion(version: string): void {
  try {
    checkName(version, 'model version');
  } catch (error) {
    if (error instanceof InvalidKeyError) throw new InvalidArgumentError(error.message);
    throw error;
  }
  if (version === LATEST_MODEL_VERSION) {
    throw new InvalidArgumentError(
      `'${LATEST_MODEL_VERSION}' is where promoted models go; name a trained version`,
    );
  }
}
