import { dieboldMariano, MetricsError } from '@cf/metrics';
import type { IsoDay } from '@cf/ohlcv';

/** What both scorers group points by. */
export interface GroupedPoint {
  readonly symbol: string;
  readonly origin: IsoDay;
  readonly horizonDay: number;
}

/** Scores overall and per horizon day (index k is horizon day k + 1). */
export interface GroupedTable<S> {
  readonly overall: S;
  readonly byHorizonDay: readonly S[];
}

/** Scores of one group of points; `lags` is its longest horizon day, `oneSymbol` says it is one asset's. */
export type GroupScorer<P, S> = (points: readonly P[], lags: number, oneSymbol: boolean) => S;

/**
 * The grouping both scorers share: the points in one canonical order (symbol, origin, horizon day), so that
 * sums and their rounding do not depend on the order points arrive in; then overall and per horizon day, for
 * all symbols and per symbol. `overallOneSymbol` says whether the overall group of a symbol counts as one
 * asset's (price units for points; ranges ask it only of a horizon day, a sequence in time).
 */
export function groupedScores<P extends GroupedPoint, S>(
  given: readonly P[],
  horizon: number,
  score: GroupScorer<P, S>,
  overallOneSymbol: boolean,
): GroupedTable<S> & { readonly bySymbol: Readonly<Record<string, GroupedTable<S>>> } {
  const points = [...given].sort(
    (a, b) => compare(a.symbol, b.symbol) || compare(a.origin, b.origin) || a.horizonDay - b.horizonDay,
  );
  const symbols = [...new Set(points.map((p) => p.symbol))].sort();
  const table = (group: readonly P[], oneSymbol: boolean): GroupedTable<S> => ({
    overall: score(group, horizon, oneSymbol && overallOneSymbol),
    byHorizonDay: Array.from({ length: horizon }, (_, k) =>
      score(
        group.filter((p) => p.horizonDay === k + 1),
        k + 1,
        oneSymbol,
      ),
    ),
  });
  const bySymbol: Record<string, GroupedTable<S>> = {};
  for (const symbol of symbols) {
    bySymbol[symbol] = table(
      points.filter((p) => p.symbol === symbol),
      true,
    );
  }
  return { ...table(points, symbols.length <= 1), bySymbol };
}

/**
 * Diebold-Mariano of a model's losses against a reference's, one loss per origin day (in date order), lags up
 * to `lags - 1`; null with too few days or an infinite statistic (every difference equal).
 */
export function dieboldMarianoOf(
  model: readonly number[],
  reference: readonly number[],
  lags: number,
): { readonly statistic: number; readonly pValue: number } | null {
  if (model.length === 0) return null;
  try {
    const result = dieboldMariano(model, reference, lags);
    return Number.isFinite(result.statistic) ? { statistic: result.statistic, pValue: result.pValue } : null;
  } catch (error) {
    if (error instanceof MetricsError && error.code === 'METRICS_TOO_SHORT') return null;
    throw error;
  }
}

/** Plain string order (days sort as strings). */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
