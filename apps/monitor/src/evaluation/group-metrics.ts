import { scoreRangeGroup, type RangePoint, type RangeScores } from '@cf/forecasting';
import type { IsoDay } from '@cf/ohlcv';
import { summarizeDieboldMariano, type DieboldMarianoSummary } from './diebold-mariano-summary';
import type { ScoredStep } from './scored-step';
import { scoreWindow, type ErrorUnit, type MetricSummary } from './summarize';

/**
 * A summary, optionally with the Diebold-Mariano test of the model against persistence on the same points,
 * and, when the forecasts carry ranges, their scores against the naive ranges on the same points (the one range
 * scorer: pinball, coverage of the 80% and 90% ranges, width, Kupiec, Diebold-Mariano on pinball).
 */
export type GroupMetrics = MetricSummary & {
  readonly dieboldMariano?: DieboldMarianoSummary;
  readonly ranges?: RangeScores;
};

/** Metrics of a group of points and of each horizon day inside it. */
export type GroupWithHorizons = GroupMetrics & {
  readonly byHorizonDay: readonly (GroupMetrics & { readonly horizonDay: number })[];
};

/** Options of `groupMetrics`. */
export interface GroupOptions {
  readonly unit: ErrorUnit;
  readonly endDay: IsoDay;
  readonly days: number;
  readonly withDieboldMariano: boolean;
}

/** Metrics of `points` (non-empty) overall and per horizon day. */
export function groupMetrics(points: readonly ScoredStep[], options: GroupOptions): GroupWithHorizons {
  const horizons = [...new Set(points.map((p) => p.horizonDay))].sort((a, b) => a - b);
  return {
    ...metricsOf(points, options),
    byHorizonDay: horizons.map((horizonDay) => ({
      horizonDay,
      ...metricsOf(
        points.filter((p) => p.horizonDay === horizonDay),
        options,
      ),
    })),
  };
}

function metricsOf(points: readonly ScoredStep[], options: GroupOptions): GroupMetrics {
  const scored = scoreWindow(points, options.unit, options.endDay, options.days);
  if (scored === null) throw new Error(`no scored point in the ${options.days} days to ${options.endDay}`);
  // Every point is inside the window (the callers cut it), so the summary's scores are the test's too.
  const model = scored.inside === points.length ? scored.model : undefined;
  const ranges = rangeScores(points);
  return {
    ...scored.summary,
    ...(options.withDieboldMariano ? { dieboldMariano: summarizeDieboldMariano(points, model) } : {}),
    ...(ranges === undefined ? {} : { ranges }),
  };
}

/** The range scores of the points that have ranges and naive ranges to compare with; undefined for none. */
function rangeScores(points: readonly ScoredStep[]): RangeScores | undefined {
  const ranged: RangePoint[] = [];
  for (const p of points) {
    if (p.range === undefined || p.range.reference === null) continue;
    ranged.push({
      symbol: p.symbol,
      origin: p.lastObservedDate,
      horizonDay: p.horizonDay,
      outcome: p.range.outcome,
      quantiles: p.range.quantiles,
      reference: p.range.reference,
    });
  }
  if (ranged.length === 0) return undefined;
  const oneSequence = new Set(ranged.map((p) => `${p.symbol} ${p.horizonDay}`)).size === 1;
  return scoreRangeGroup(ranged, Math.max(...ranged.map((p) => p.horizonDay)), oneSequence);
}

/** The points of each symbol, symbols sorted. */
export function bySymbol(points: readonly ScoredStep[]): [string, ScoredStep[]][] {
  const groups = new Map<string, ScoredStep[]>();
  for (const p of points) groups.set(p.symbol, [...(groups.get(p.symbol) ?? []), p]);
  return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
