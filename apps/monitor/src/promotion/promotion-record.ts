import type { PointScores, RangeScores } from '@cf/forecasting';
import type { IsoDay } from '@cf/ohlcv';
import { getJson, listAll, putJson, type ObjectStore } from '@cf/storage';
import { PROMOTIONS_PREFIX } from '../monitor-keys';
import type { PromotionComparison } from './promotion-evaluation';
import type { GateDecision, PromotionSettings } from './promotion-gate';

/** One model's numbers in a promotion record: pooled scores and the ratio per symbol. */
export interface RecordedModel {
  readonly role: string;
  readonly model: string;
  readonly version?: string;
  readonly overall: PointScores;
  readonly ratioBySymbol: Readonly<Record<string, number | null>>;
  /** Its pooled range scores against the naive ranges, when it forecasts ranges. */
  readonly ranges?: RangeScores;
}

/**
 * `monitoring/promotions/{stamp}-{version}.json`: one promotion decision or rollback, with every number it
 * rests on. `status` moves from `promoting` to `promoted` once `models/latest/` holds the version; a record
 * left at `promoting` is a promotion interrupted part-way, which the next promotion or rollback completes.
 */
export interface PromotionRecord {
  readonly schemaVersion: 2;
  /** `champion`: persistence put live because nothing was and the candidate was refused. */
  readonly kind: 'promotion' | 'champion' | 'rollback';
  /** The version considered for (or restored to) `models/latest/`. */
  readonly version: string;
  /** Its recipe. */
  readonly model: string;
  /** The version `models/latest/` held before, if any. */
  readonly previousVersion: string | null;
  /** From the injected clock. */
  readonly decidedAt: string;
  readonly status: 'promoting' | 'promoted' | 'refused';
  readonly promote: boolean;
  /** Why, in words. */
  readonly reasons: readonly string[];
  /** The rule's settings at the time; null for rollbacks (no gate). */
  readonly rule: (PromotionSettings & { readonly metric: string }) | null;
  readonly checks: GateDecision['checks'] | null;
  /** The held-out evaluation the decision rests on; null for rollbacks. */
  readonly evaluation: {
    readonly source: PromotionComparison['source'];
    readonly from: IsoDay;
    readonly to: IsoDay;
    readonly cutoffs: readonly IsoDay[];
    readonly forecasts: number;
    readonly models: readonly RecordedModel[];
  } | null;
  /** Whether the version's held-out error is below persistence's (null: not scored). */
  readonly beatsPersistence: boolean | null;
  /** Its held-out ratio to persistence (null: not scored). */
  readonly ratioToPersistence: number | null;
  /** For a champion: the candidate whose refusal put it live. */
  readonly championFor?: string;
  /** When `models/latest/` was complete with this version. */
  readonly completedAt?: string;
  /** Set when an interrupted promotion was completed by a later run. */
  readonly resumedAt?: string;
}

/** A record and its key. */
export interface StoredPromotionRecord {
  readonly key: string;
  readonly record: PromotionRecord;
}

/** The recorded form of a comparison. */
export function recordedEvaluation(
  comparison: PromotionComparison,
): NonNullable<PromotionRecord['evaluation']> {
  const models = [
    comparison.candidate,
    comparison.persistence,
    ...(comparison.live === undefined ? [] : [comparison.live]),
  ];
  const { evaluation } = comparison;
  return {
    source: comparison.source,
    from: evaluation.from,
    to: evaluation.to,
    cutoffs: evaluation.cutoffs,
    forecasts: evaluation.forecasts,
    models: models.map((m) => ({
      role: m.role,
      model: m.model,
      ...(m.version === undefined ? {} : { version: m.version }),
      overall: m.scores.overall,
      ratioBySymbol: Object.fromEntries(
        Object.entries(m.scores.bySymbol).map(([s, t]) => [s, t.overall.ratio]),
      ),
      ...(m.ranges === undefined ? {} : { ranges: m.ranges.overall }),
    })),
  };
}

/** Every promotion record, oldest first (keys start with a sortable timestamp). */
export async function listPromotionRecords(store: ObjectStore): Promise<StoredPromotionRecord[]> {
  const objects = await listAll(store, PROMOTIONS_PREFIX);
  const records: StoredPromotionRecord[] = [];
  for (const { key } of objects) {
    if (!key.endsWith('.json')) continue;
    const record = await getJson<PromotionRecord>(store, key);
    if (record !== undefined) records.push({ key, record });
  }
  return records;
}

/** The versions that `models/latest/` held, oldest first: promoted records (promotions, champions, rollbacks). */
export function promotedHistory(records: readonly StoredPromotionRecord[]): StoredPromotionRecord[] {
  return records.filter((r) => r.record.status === 'promoted');
}

/** Writes (or rewrites) a record at its key. */
export async function savePromotionRecord(
  store: ObjectStore,
  key: string,
  record: PromotionRecord,
): Promise<void> {
  await putJson(store, key, record);
}
