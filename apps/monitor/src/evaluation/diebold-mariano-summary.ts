import type { PointScores } from '@cf/forecasting';
import type { ScoredStep } from './scored-step';
import { groupScores } from './summarize';

/** Diebold-Mariano test of the model against persistence (absolute-error loss), by the one scorer's rule. */
export interface DieboldMarianoSummary {
  /** Forecast origin days the test rests on (one loss pair per origin day). */
  readonly n: number;
  /** Autocorrelation lags allowed for: `lag - 1` (overlapping multi-day forecasts are correlated). */
  readonly lag: number;
  /** HLN-corrected statistic; negative: the model has the smaller errors. `null` when not computable or infinite. */
  readonly statistic: number | null;
  /** Two-sided p-value (small: the difference from persistence is unlikely to be chance). */
  readonly pValue: number | null;
  /** Mean relative error of the model minus that of persistence over the points. */
  readonly meanLossDifference: number | null;
  /** Why a field is null. */
  readonly note?: string;
}

/**
 * The one scorer's Diebold-Mariano test on these steps (`model`: their scores, when already computed): per origin day, the mean relative absolute error of the
 * model and of persistence, with lags up to the longest horizon day among the steps minus one.
 */
export function summarizeDieboldMariano(
  points: readonly ScoredStep[],
  model: PointScores = groupScores(points).model,
): DieboldMarianoSummary {
  const lag = Math.max(...points.map((p) => p.horizonDay));
  const n = new Set(points.map((p) => p.lastObservedDate)).size;
  const meanLossDifference = model.relativeMae - model.persistenceRelativeMae;
  const dm = model.dieboldMariano;
  if (dm === null) {
    return {
      n,
      lag,
      statistic: null,
      pValue: null,
      meanLossDifference,
      note: `too few origin days for lag ${lag}, or the loss difference is the same on every day`,
    };
  }
  return { n, lag, statistic: dm.statistic, pValue: dm.pValue, meanLossDifference };
}
