import type { IsoDay } from '@cf/ohlcv';
import { summarizeDieboldMariano, type DieboldMarianoSummary } from './diebold-mariano-summary';
import type { ScoredStep } from './scored-step';
import { summarizePoints, type ErrorUnit, type MetricSummary } from './summarize';

/** A summary, optionally with the Diebold-Mariano test of the model against persistence on the same points. */
export type GroupMetrics = MetricSummary & { readonly dieboldMariano?: DieboldMarianoSummary };

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
  const summary = summarizePoints(points, options.unit, options.endDay, options.days);
  if (!options.withDieboldMariano) return summary;
  return { ...summary, dieboldMariano: summarizeDieboldMariano(points) };
}

/** The points of each symbol, symbols sorted. */
export function bySymbol(points: readonly ScoredStep[]): [string, ScoredStep[]][] {
  const groups = new Map<string, ScoredStep[]>();
  for (const p of points) groups.set(p.symbol, [...(groups.get(p.symbol) ?? []), p]);
  return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
