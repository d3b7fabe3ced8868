import { checkPair, checkPositiveInteger } from './checks';
import { MetricsError } from './errors';
import { mean } from './point';
import { studentTTwoSidedPValue } from './student-t';

/** The outcome of {@link dieboldMariano}. */
export interface DieboldMarianoResult {
  /** HLN-corrected statistic; negative means forecast A has the smaller absolute errors. */
  readonly statistic: number;
  /** Two-sided p-value from Student's t with n - 1 degrees of freedom. */
  readonly pValue: number;
  /** Number of paired errors. */
  readonly n: number;
}

/**
 * Diebold-Mariano (1995) test of equal accuracy of two forecasts of the same targets, with absolute-error
 * loss `d_t = |eA_t| - |eB_t|`, the long-run variance of `d` from its autocovariances up to lag `horizon - 1`,
 * and the Harvey-Leybourne-Newbold (1997) small-sample correction
 * `sqrt((n + 1 - 2h + h(h - 1) / n) / n)`; p-value two-sided from Student's t with n - 1 degrees of freedom.
 * Autocovariances divide by n, as R's `forecast::dm.test`.
 *
 * Degenerate and edge cases (documented results, never NaN):
 * - every `d_t` equal to 0 (identical absolute errors): statistic 0, p-value 1;
 * - every `d_t` equal to the same non-zero c: statistic `sign(c) * Infinity`, p-value 0 (one forecast is
 *   better by exactly c at every point);
 * - `horizon > 1` and a non-positive long-run variance estimate: the test is redone with `horizon = 1`, as
 *   R's `dm.test` does.
 * Throws {@link MetricsError} on mismatched, empty or non-finite errors, or when n is too small for `horizon`
 * (n < 2 or a non-positive HLN factor).
 *
 * @example
 * const { statistic, pValue } = dieboldMariano(modelErrors, persistenceErrors, 7);
 */
export function dieboldMariano(
  errorsA: readonly number[],
  errorsB: readonly number[],
  horizon: number,
): DieboldMarianoResult {
  checkPair('errorsA', errorsA, 'errorsB', errorsB);
  checkPositiveInteger('horizon', horizon);
  const n = errorsA.length;
  const hlnSquared = (n + 1 - 2 * horizon + (horizon * (horizon - 1)) / n) / n;
  if (n < 2 || !(hlnSquared > 0)) {
    throw new MetricsError(
      'METRICS_TOO_SHORT',
      `Diebold-Mariano with horizon ${horizon} needs more than ${n} errors`,
    );
  }
  const d = errorsA.map((e, i) => Math.abs(e) - Math.abs(errorsB[i]));
  if (d.every((v) => v === d[0])) {
    if (d[0] === 0) return { statistic: 0, pValue: 1, n };
    return { statistic: Math.sign(d[0]) * Infinity, pValue: 0, n };
  }
  const dMean = mean(d);
  let longRun = autocovariance(d, dMean, 0);
  for (let lag = 1; lag < horizon; lag++) longRun += 2 * autocovariance(d, dMean, lag);
  if (!(longRun > 0)) {
    if (horizon > 1) return dieboldMariano(errorsA, errorsB, 1);
    return { statistic: 0, pValue: 1, n };
  }
  const statistic = (dMean / Math.sqrt(longRun / n)) * Math.sqrt(hlnSquared);
  return { statistic, pValue: studentTTwoSidedPValue(statistic, n - 1), n };
}

/** Sample autocovariance of `d` at `lag`, divided by n (the biased estimator, as R's `acf`). */
function autocovariance(d: readonly number[], dMean: number, lag: number): number {
  let sum = 0;
  for (let t = lag; t < d.length; t++) sum += (d[t] - dMean) * (d[t - lag] - dMean);
  return sum / d.length;
}
