import type { IsoDay } from '@cf/ohlcv';
import { getJson, listAll, putJson, type ObjectStore } from '@cf/storage';
import { PROMOTIONS_PREFIX } from '../monitor-keys';
import type { WindowScores } from './score-models-on-window';

/**
 * `monitoring/promotions/{stamp}-{version}.json`: one promotion decision or rollback, with every score it
 * rests on. `status` moves from `promoting` to `promoted` once `models/latest/` holds the version; a record
 * left at `promoting` is a promotion interrupted part-way, which the next promotion or rollback completes.
 */
export interface PromotionRecord {
  readonly schemaVersion: 1;
  readonly kind: 'promotion' | 'rollback';
  /** The version considered for (or restored to) `models/latest/`. */
  readonly version: string;
  /** The version `models/latest/` held before, if any. */
  readonly previousVersion: string | null;
  /** From the injected clock. */
  readonly decidedAt: string;
  readonly status: 'promoting' | 'promoted' | 'refused';
  readonly promote: boolean;
  /** Why, in words. */
  readonly reasons: readonly string[];
  /** The rule's limits at the time; null for rollbacks (no beat check). */
  readonly rule: { readonly maxRatioToPersistence: number; readonly metric: string } | null;
  /** Scores of the candidate (first) and the current model on the candidate's test window; null for rollbacks. */
  readonly scores: WindowScores | null;
  /** Whether the current model's training data (through `trainedThrough`) reached into the window. */
  readonly currentModelOverlap: {
    readonly trainedThrough: IsoDay;
    readonly overlapsWindow: boolean;
  } | null;
  /** Whether the version's MAE is below persistence's on the window (null: not scored). */
  readonly beatsPersistence: boolean | null;
  /** Its MAE ratio to persistence on the window (null: not scored). */
  readonly ratioToPersistence: number | null;
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

/** The versions that `models/latest/` held, oldest first: promoted records (promotions and rollbacks). */
export function promotedHistory(records: readonly StoredPromotionRecord[]): StoredPromotionRecord[] {
  return records.filter((r) => r.record.status === 'promoted');
}

/** Writes (or rewrites) a record at its key. */
export function savePromotionRecord(store: ObjectStore, key: string, record: PromotionRecord): Promise<void> {
  return putJson(store, key, record);
}
