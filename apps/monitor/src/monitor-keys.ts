import { checkDay, checkName, joinKey } from '@cf/storage';

// Keys of the monitor's own objects, all under `monitoring/` (the shared ones come from @cf/storage).

/** Prefix of the daily metrics files, `monitoring/daily/dt={day}/metrics.json`. */
export const DAILY_METRICS_PREFIX = 'monitoring/daily/';

/** Prefix of the promotion and rollback records. */
export const PROMOTIONS_PREFIX = 'monitoring/promotions/';

/** The lease a promotion or rollback holds while it changes `models/latest/` (one at a time). */
export const PROMOTION_LOCK_KEY = 'monitoring/locks/promotion.json';

/** Prefix of the training run records. */
export const TRAINING_RUNS_PREFIX = 'monitoring/retraining/runs/';

/** The dashboard page in the store (open it from S3 or the local store folder). */
export const DASHBOARD_HTML_KEY = 'monitoring/dashboard/index.html';

/** The data the dashboard page was drawn from. */
export const DASHBOARD_JSON_KEY = 'monitoring/dashboard/dashboard.json';

/** `monitoring/retraining/dt={day}/decision.json`: the retraining decision taken on a run for `day`. */
export function retrainingDecisionKey(day: string): string {
  return joinKey('monitoring', 'retraining', `dt=${checkDay(day)}`, 'decision.json');
}

/** `monitoring/alerts/dt={day}/delivery.json`: which channels received that day's alerts, and which version of them. */
export function alertDeliveryKey(day: string): string {
  return joinKey('monitoring', 'alerts', `dt=${checkDay(day)}`, 'delivery.json');
}

/** `monitoring/retraining/runs/{stamp}-{trainer}.json`: one training run (started, why, result). */
export function trainingRunKey(stamp: string, trainer: string): string {
  return joinKey('monitoring', 'retraining', 'runs', checkName(`${stamp}-${trainer}.json`, 'run record'));
}

/** `monitoring/promotions/{stamp}-{version}.json`: one promotion decision (or rollback) with its scores. */
export function promotionRecordKey(stamp: string, version: string): string {
  return joinKey('monitoring', 'promotions', checkName(`${stamp}-${version}.json`, 'promotion record'));
}

/** A sortable, key-safe UTC timestamp: `2024-02-12T06:30:00.125Z` -> `20240212T063000125Z`. */
export function compactTimestamp(at: Date): string {
  return at.toISOString().replace(/[-:.]/g, '');
}

/** The day of a `.../dt={day}/...` key, or undefined. */
export function dayOfKey(key: string): string | undefined {
  return /\/dt=(\d{4}-\d{2}-\d{2})\//.exec(key)?.[1];
}
