import { dieboldMariano, MetricsError, mean } from '@cf/metrics';
import type { ScoredStep } from './scored-step';
import { toScoredPoint, type ErrorUnit } from './summarize';

/** Diebold-Mariano test of the model against persistence (absolute-error loss). */
export interface DieboldMarianoSummary {
  /** Loss pairs the test rests on: one per target day (see `summarizeDieboldMariano`). */
  readonly n: number;
  /** Autocorrelation lags allowed for: `lag - 1` (overlapping multi-day forecasts are correlated). */
  readonly lag: number;
  /** HLN-corrected statistic; negative: the model has the smaller errors. `null` when not computable or infinite. */
  readonly statistic: number | null;
  /** Two-sided p-value (small: the difference from persistence is unlikely to be chance). */
  readonly pValue: number | null;
  /** Mean over target days of (model error - persistence error), in the summary's unit. */
  readonly meanLossDifference: number | null;
  /** Why a field is null or extreme. */
  readonly note?: string;
}

/**
 * The test on one loss per target day: the mean absolute error of the model and of persistence over the
 * points of that day (several symbols or horizons may target one day), in date order, with `lag` =
 * the longest horizon among the points (h-step forecasts overlap, so their errors correlate up to h - 1).
 */
export function summarizeDieboldMariano(
  points: readonly ScoredStep[],
  unit: ErrorUnit,
): DieboldMarianoSummary {
  const byDay = new Map<string, { model: number[]; persistence: number[] }>();
  let lag = 1;
  for (const step of points) {
    const p = toScoredPoint(step, unit);
    const day = byDay.get(p.date) ?? { model: [], persistence: [] };
    day.model.push(Math.abs(p.predicted - p.actual));
    day.persistence.push(Math.abs(p.persistence - p.actual));
    byDay.set(p.date, day);
    lag = Math.max(lag, step.horizonDay);
  }
  const days = [...byDay.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, losses]) => losses);
  const model = days.map((d) => mean(d.model));
  const persistence = days.map((d) => mean(d.persistence));
  const n = days.length;
  const meanLossDifference = n === 0 ? null : mean(model.map((m, i) => m - persistence[i]));
  try {
    const result = dieboldMariano(model, persistence, lag);
    if (!Number.isFinite(result.statistic)) {
      return {
        n,
        lag,
        statistic: null,
        pValue: result.pValue,
        meanLossDifference,
        note: 'the loss difference is the same on every day: the test statistic is infinite',
      };
    }
    return { n, lag, statistic: result.statistic, pValue: result.pValue, meanLossDifference };
  } catch (error) {
    if (error instanceof MetricsError && error.code === 'METRICS_TOO_SHORT') {
      return {
        n,
        lag,
        statistic: null,
        pValue: null,
        meanLossDifference,
        note: `too few target days for lag ${lag}`,
      };
    }
    throw error;
  }
}
