import { directionalAccuracy, ratioToPersistence, rollingSummary, type ScoredPoint } from '@cf/metrics';
import type { IsoDay } from '@cf/ohlcv';
import type { ScoredStep } from './scored-step';

/**
 * Unit of the errors of a summary: `price` for one asset (quote currency), `fraction-of-last-close` when
 * assets are pooled (each error divided by the forecast's last close, so BTC does not drown XRP).
 */
export type ErrorUnit = 'price' | 'fraction-of-last-close';

/** Model, persistence and drift on the same points; `n` is how many forecast steps every number rests on. */
export interface MetricSummary {
  readonly n: number;
  /** Distinct target days among the points. */
  readonly targetDays: number;
  readonly unit: ErrorUnit;
  /** Mean absolute error of the price forecasts. `drift` is null when a point has no drift forecast. */
  readonly mae: { readonly model: number; readonly persistence: number; readonly drift: number | null };
  /** MAE / persistence MAE (below 1 beats persistence); null when persistence MAE is 0 (a flat window). */
  readonly ratioToPersistence: { readonly model: number | null; readonly drift: number | null };
  /** Share of right directions vs the last close (a zero move is its own direction: persistence scores ~0; compare with 0.5). */
  readonly directionalAccuracy: {
    readonly model: number;
    readonly persistence: number;
    readonly drift: number | null;
  };
}

/** Summary of `points` (all dated `endDay - days < date <= endDay`); `null` when there is none. */
export function summarize(
  points: readonly ScoredStep[],
  unit: ErrorUnit,
  endDay: IsoDay,
  days: number,
): MetricSummary | null {
  const scored = points.map((p) => toScoredPoint(p, unit));
  const rolling = rollingSummary(scored, endDay, days);
  if (rolling === undefined) return null;
  const reference = scored.map((p) => p.reference);
  const actual = scored.map((p) => p.actual);
  const drift = scored.map((p) => p.drift);
  const hasDrift = drift.every((d): d is number => d !== undefined);
  const driftMae = rolling.driftMae ?? null;
  return {
    n: rolling.n,
    targetDays: new Set(points.map((p) => p.targetDate)).size,
    unit,
    mae: { model: rolling.mae, persistence: rolling.persistenceMae, drift: driftMae },
    ratioToPersistence: {
      model: rolling.ratioToPersistence,
      drift:
        driftMae === null || rolling.persistenceMae <= 0
          ? null
          : ratioToPersistence(driftMae, rolling.persistenceMae),
    },
    directionalAccuracy: {
      model: rolling.directionalAccuracy,
      persistence: directionalAccuracy(
        reference,
        actual,
        scored.map((p) => p.persistence),
      ),
      drift: hasDrift ? directionalAccuracy(reference, actual, drift) : null,
    },
  };
}

/** A scored step as `@cf/metrics` sees it, in price units or relative to the forecast's last close. */
export function toScoredPoint(step: ScoredStep, unit: ErrorUnit): ScoredPoint {
  const scale = unit === 'price' ? 1 : step.lastClose;
  return {
    date: step.targetDate,
    reference: step.lastClose / scale,
    actual: step.actual / scale,
    predicted: step.predicted / scale,
    persistence: step.persistence / scale,
    ...(step.drift === null ? {} : { drift: step.drift / scale }),
  };
}

/** `summarize` for points known to be non-empty and inside the window. */
export function summarizePoints(
  points: readonly ScoredStep[],
  unit: ErrorUnit,
  endDay: IsoDay,
  days: number,
): MetricSummary {
  const summary = summarize(points, unit, endDay, days);
  if (summary === null) throw new Error(`no scored point in the ${days} days to ${endDay}`);
  return summary;
}
