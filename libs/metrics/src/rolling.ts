import { addDays, isIsoDay, type IsoDay } from '@cf/ohlcv';
import { ratioToPersistence } from './baselines';
import { checkPositiveInteger } from './checks';
import { directionalAccuracy } from './direction';
import { MetricsError } from './errors';
import { mae } from './point';

/** One scored forecast step: what was predicted for `date` (the target day), and what happened. */
export interface ScoredPoint {
  /** The target day of the forecast step. */
  readonly date: IsoDay;
  /** The last observed close when the forecast was made. */
  readonly reference: number;
  readonly actual: number;
  readonly predicted: number;
  /** The persistence forecast for the same step (equal to `reference`). */
  readonly persistence: number;
  /** The drift forecast for the same step, when computed. */
  readonly drift?: number;
}

/** Metrics of the scored points whose target day lies in a trailing window. */
export interface RollingSummary {
  /** Window length in days, and its bounds: `from` = `to` - (days - 1). */
  readonly days: number;
  readonly from: IsoDay;
  readonly to: IsoDay;
  /** Scored points in the window (several horizons may target one day). */
  readonly n: number;
  readonly mae: number;
  readonly persistenceMae: number;
  /** Present when every point in the window has a drift forecast. */
  readonly driftMae?: number;
  /** `mae / persistenceMae`; `null` when persistence MAE is 0 (a flat window), where it is undefined. */
  readonly ratioToPersistence: number | null;
  readonly directionalAccuracy: number;
}

/**
 * The points of the `days`-day window ending on `endDay`: `endDay - days < date <= endDay`, in input order.
 *
 * @example
 * trailingDays(points, '2024-02-11', 7); // dates 2024-02-05 .. 2024-02-11
 */
export function trailingDays<T extends { date: IsoDay }>(
  points: readonly T[],
  endDay: IsoDay,
  days: number,
): T[] {
  if (!isIsoDay(endDay)) {
    throw new MetricsError(
      'METRICS_INVALID_ARGUMENT',
      `endDay ${JSON.stringify(endDay)} is not a YYYY-MM-DD day`,
    );
  }
  checkPositiveInteger('days', days);
  const after = addDays(endDay, -days);
  return points.filter((p) => p.date > after && p.date <= endDay);
}

/**
 * MAE, persistence MAE, drift MAE, ratio to persistence and directional accuracy of the points in the
 * `days`-day window ending on `endDay` (e.g. 7 or 30); `undefined` when the window holds no point.
 */
export function rollingSummary(
  points: readonly ScoredPoint[],
  endDay: IsoDay,
  days: number,
): RollingSummary | undefined {
  const window = trailingDays(points, endDay, days);
  if (window.length === 0) return undefined;
  const actual = window.map((p) => p.actual);
  const modelMae = mae(
    actual,
    window.map((p) => p.predicted),
  );
  const persistenceMae = mae(
    actual,
    window.map((p) => p.persistence),
  );
  const drift = window.map((p) => p.drift);
  const driftMae = drift.every((d): d is number => d !== undefined) ? mae(actual, drift) : undefined;
  return {
    days,
    from: addDays(endDay, -(days - 1)),
    to: endDay,
    n: window.length,
    mae: modelMae,
    persistenceMae,
    ...(driftMae === undefined ? {} : { driftMae }),
    ratioToPersistence: persistenceMae > 0 ? ratioToPersistence(modelMae, persistenceMae) : null,
    directionalAccuracy: directionalAccuracy(
      window.map((p) => p.reference),
      actual,
      window.map((p) => p.predicted),
    ),
  };
}
