import { scoreGroup, type ForecastPoint, type PointScores } from '@cf/forecasting';
import { addDays, type IsoDay } from '@cf/ohlcv';
import type { ScoredStep } from './scored-step';

/**
 * Unit of the MAE of a summary: `price` for one asset (quote currency), `fraction-of-last-close` when assets
 * are pooled. Ratios, directions and the Diebold-Mariano test follow the one scorer's rule either way.
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
  /** Ratio to persistence by the one scorer's rule (below 1 beats persistence); null when persistence's error is 0. */
  readonly ratioToPersistence: { readonly model: number | null; readonly drift: number | null };
  /** Share of right directions vs the last close (a zero move is its own direction: persistence scores ~0; compare with 0.5). */
  readonly directionalAccuracy: {
    readonly model: number;
    readonly persistence: number;
    readonly drift: number | null;
  };
}

/**
 * Summary of `points` (all dated `endDay - days < date <= endDay`) through the one scorer (`scoreGroup` of
 * `@cf/forecasting`): the model's and drift's points scored next to persistence on the same points, so a
 * window of published forecasts gets exactly the numbers a backtest would give the same forecasts. `null`
 * when there is no point.
 */
export function summarize(
  points: readonly ScoredStep[],
  unit: ErrorUnit,
  endDay: IsoDay,
  days: number,
): MetricSummary | null {
  return scoreWindow(points, unit, endDay, days)?.summary ?? null;
}

/** The summary of `summarize`, with the scores it rests on and how many of `points` were inside the window. */
export function scoreWindow(
  points: readonly ScoredStep[],
  unit: ErrorUnit,
  endDay: IsoDay,
  days: number,
): { readonly summary: MetricSummary; readonly model: PointScores; readonly inside: number } | null {
  const from = addDays(endDay, -days);
  const inside = points.filter((p) => p.targetDate > from && p.targetDate <= endDay);
  if (inside.length === 0) return null;
  const scores = groupScores(inside);
  const price = unit === 'price';
  const mae = (s: PointScores) => (price ? (s.mae ?? Number.NaN) : s.relativeMae);
  const summary: MetricSummary = {
    n: inside.length,
    targetDays: new Set(inside.map((p) => p.targetDate)).size,
    unit,
    mae: {
      model: mae(scores.model),
      persistence: price ? (scores.model.persistenceMae ?? Number.NaN) : scores.model.persistenceRelativeMae,
      drift: scores.drift === null ? null : mae(scores.drift),
    },
    ratioToPersistence: { model: scores.model.ratio, drift: scores.drift?.ratio ?? null },
    directionalAccuracy: {
      model: scores.model.directionalAccuracy,
      persistence: scores.persistence.directionalAccuracy,
      drift: scores.drift?.directionalAccuracy ?? null,
    },
  };
  return { summary, model: scores.model, inside: inside.length };
}

/** The one scorer's scores of the model, persistence and drift on a group of steps. */
export function groupScores(steps: readonly ScoredStep[]): {
  readonly model: PointScores;
  readonly persistence: PointScores;
  readonly drift: PointScores | null;
} {
  const lags = Math.max(...steps.map((s) => s.horizonDay));
  const oneSymbol = new Set(steps.map((s) => s.symbol)).size === 1;
  const pointsOf = (predicted: (s: ScoredStep) => number): ForecastPoint[] =>
    steps.map((s) => ({
      symbol: s.symbol,
      origin: s.lastObservedDate,
      horizonDay: s.horizonDay,
      originClose: s.lastClose,
      predicted: predicted(s),
      actual: s.actual,
    }));
  const hasDrift = steps.every((s) => s.drift !== null);
  return {
    model: scoreGroup(
      pointsOf((s) => s.predicted),
      lags,
      oneSymbol,
    ),
    persistence: scoreGroup(
      pointsOf((s) => s.lastClose),
      lags,
      oneSymbol,
    ),
    drift: hasDrift
      ? scoreGroup(
          pointsOf((s) => s.drift as number),
          lags,
          oneSymbol,
        )
      : null,
  };
}
