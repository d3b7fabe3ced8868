import { copyModelVersion, loadForecaster, type Forecaster, type ModelMetadata } from '@cf/model';
import { checkName, InvalidKeyError, LATEST_MODEL_VERSION, modelPrefix } from '@cf/storage';
import type { Candle } from '@cf/ohlcv';
import { createMarketData } from '../data/market-data';
import { InvalidArgumentError, MonitorError } from '../errors';
import { compactTimestamp, promotionRecordKey } from '../monitor-keys';
import { findModelMetadata } from './model-catalog';
import { completeInterruptedPromotion, currentPromotedModel } from './interrupted-promotion';
import type { PromotionDeps } from './promotion-deps';
import {
  listPromotionRecords,
  savePromotionRecord,
  type PromotionRecord,
  type StoredPromotionRecord,
} from './promotion-record';
import { scoreModelsOnWindow, type WindowScores } from './score-models-on-window';

/** The promotion metric, in words, as recorded. */
export const PROMOTION_METRIC =
  'MAE ratio to persistence on the candidate test window (all symbols pooled, errors relative to the last close)';

/**
 * Considers `candidateVersion` for `models/latest/`. It is promoted when nothing is promoted yet, or when on
 * the candidate's own test window (`metadata.split.test`, which it never trained on) it has a lower MAE
 * ratio to persistence than the current model on the same points AND that ratio is at most
 * `maxRatioToPersistence`. Both models forecast every origin of the window in-process. The decision and
 * every score are recorded under `monitoring/promotions/` before `models/latest/` is touched; the copy
 * writes `metadata.json` last, and an interrupted promotion is completed by the next call.
 */
export async function promoteModel(
  deps: PromotionDeps,
  candidateVersion: string,
): Promise<StoredPromotionRecord> {
  checkVersion(candidateVersion);
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
  const at = deps.clock();
  const key = promotionRecordKey(compactTimestamp(at), candidateVersion);
  const base = {
    schemaVersion: 1 as const,
    kind: 'promotion' as const,
    version: candidateVersion,
    previousVersion: current?.version ?? null,
    decidedAt: at.toISOString(),
    rule: { maxRatioToPersistence: deps.promotion.maxRatioToPersistence, metric: PROMOTION_METRIC },
  };

  if (current?.version === candidateVersion) {
    const record: PromotionRecord = {
      ...base,
      status: 'refused',
      promote: false,
      reasons: [`${candidateVersion} is already the promoted version`],
      scores: null,
      currentModelOverlap: null,
      beatsPersistence: null,
      ratioToPersistence: null,
    };
    await savePromotionRecord(deps.store, key, record);
    return { key, record };
  }

  const scores = await scoreCandidate(deps, candidate, current);
  const record = decide(deps, base, candidate, current, scores);
  deps.logger.info(
    {
      version: candidateVersion,
      current: current?.version ?? null,
      promote: record.promote,
      ratioToPersistence: record.ratioToPersistence,
      currentRatioToPersistence: record.scores?.models[1]?.overall.ratioToPersistence.model ?? null,
      points: record.scores?.points ?? 0,
      reasons: record.reasons,
    },
    'promotion decided',
  );
  await savePromotionRecord(deps.store, key, record);
  if (!record.promote) return { key, record };

  await copyModelVersion(deps.store, modelPrefix(candidateVersion), modelPrefix(LATEST_MODEL_VERSION));
  const promoted: PromotionRecord = {
    ...record,
    status: 'promoted',
    completedAt: deps.clock().toISOString(),
  };
  await savePromotionRecord(deps.store, key, promoted);
  deps.logger.info(
    {
      version: candidateVersion,
      previous: current?.version ?? null,
      beatsPersistence: record.beatsPersistence,
    },
    'model promoted',
  );
  return { key, record: promoted };
}

function decide(
  deps: PromotionDeps,
  base: Pick<
    PromotionRecord,
    'schemaVersion' | 'kind' | 'version' | 'previousVersion' | 'decidedAt' | 'rule'
  >,
  candidate: ModelMetadata,
  current: ModelMetadata | undefined,
  scores: WindowScores | { readonly error: string },
): PromotionRecord {
  const limit = deps.promotion.maxRatioToPersistence;
  const scored = 'models' in scores ? scores : null;
  const ratio = scored?.models[0].overall.ratioToPersistence.model ?? null;
  const window = `${candidate.split.test.from}..${candidate.split.test.to}`;
  const reasons: string[] = [];
  const persistenceWords =
    ratio === null
      ? 'whether it beats persistence is unknown (not scored)'
      : `MAE ratio to persistence ${fmt(ratio)} on ${window} (${scored?.points} points): ${ratio < 1 ? 'beats' : 'does not beat'} persistence`;
  let promote: boolean;
  if (current === undefined) {
    promote = true;
    reasons.push('nothing is promoted yet', persistenceWords);
    if (scored === null) reasons.push(`scoring failed: ${(scores as { error: string }).error}`);
  } else if (scored === null || ratio === null) {
    promote = false;
    reasons.push(
      `cannot compare with ${current.version} on ${window}: ${'error' in scores ? scores.error : 'persistence MAE is 0'}`,
    );
  } else {
    const currentRatio = scored.models[1].overall.ratioToPersistence.model;
    const beatsCurrent = currentRatio !== null && ratio < currentRatio;
    const withinLimit = ratio <= limit;
    promote = beatsCurrent && withinLimit;
    reasons.push(
      `candidate ratio ${fmt(ratio)} vs current ${current.version} ${currentRatio === null ? 'n/a' : fmt(currentRatio)} on the same ${scored.points} points: ${beatsCurrent ? 'better' : 'not better'}`,
      `candidate ratio ${fmt(ratio)} ${withinLimit ? '<=' : '>'} limit ${fmt(limit)}`,
      persistenceWords,
    );
  }
  return {
    ...base,
    status: promote ? 'promoting' : 'refused',
    promote,
    reasons,
    scores: scored,
    currentModelOverlap:
      current === undefined
        ? null
        : {
            trainedThrough: current.data.trainedThrough,
            overlapsWindow: current.data.trainedThrough > candidate.split.test.from,
          },
    beatsPersistence: ratio === null ? null : ratio < 1,
    ratioToPersistence: ratio,
  };
}

async function scoreCandidate(
  deps: PromotionDeps,
  candidate: ModelMetadata,
  current: ModelMetadata | undefined,
): Promise<WindowScores | { readonly error: string }> {
  const tf = await deps.tf();
  const market = createMarketData(deps.store);
  const symbols = candidate.symbols.length > 0 ? [...candidate.symbols] : await market.symbols();
  const datasets: { symbol: string; candles: readonly Candle[] }[] = [];
  for (const symbol of symbols) {
    const candles = await market.candles(symbol);
    if (candles !== undefined) datasets.push({ symbol, candles });
  }
  const forecasters: Forecaster[] = [];
  try {
    forecasters.push(await loadForecaster(tf, deps.store, modelPrefix(candidate.version)));
    if (current !== undefined) forecasters.push(await loadCurrent(deps, tf, current));
    return scoreModelsOnWindow(forecasters, datasets, candidate.split.test, deps.promotion.driftLookbackDays);
  } catch (error) {
    if (error instanceof MonitorError && error.code === 'MONITOR_NOT_COMPARABLE')
      return { error: error.message };
    throw error;
  } finally {
    for (const forecaster of forecasters) forecaster.dispose();
  }
}

// The current model from its own version folder (stable while latest/ is rewritten), else from latest/.
async function loadCurrent(
  deps: PromotionDeps,
  tf: Awaited<ReturnType<PromotionDeps['tf']>>,
  current: ModelMetadata,
): Promise<Forecaster> {
  const own = await findModelMetadata(deps.store, current.version).catch(() => undefined);
  const prefix = own === undefined ? modelPrefix(LATEST_MODEL_VERSION) : modelPrefix(current.version);
  return loadForecaster(tf, deps.store, prefix);
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

function fmt(value: number): string {
  return value.toFixed(4);
}
