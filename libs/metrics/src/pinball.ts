import { checkFinite, checkProbability, checkQuantileSet, checkSeries } from './checks';
import { MetricsError } from './errors';

/**
 * The pinball (quantile) loss of the quantile forecast `quantile` at level `level` (0 < level < 1) for the
 * outcome `actual`: `level * (actual - quantile)` when the outcome is at or above the quantile, else
 * `(1 - level) * (quantile - actual)`. Non-negative; its expectation is minimized by the true quantile.
 *
 * @example
 * pinballLoss(105, 100, 0.9); // 4.5 (0.9 × 5)
 * pinballLoss(95, 100, 0.9); // 0.5 (0.1 × 5)
 */
export function pinballLoss(actual: number, quantile: number, level: number): number {
  checkFinite('actual', actual);
  checkFinite('quantile', quantile);
  checkProbability('level', level);
  return actual >= quantile ? level * (actual - quantile) : (1 - level) * (quantile - actual);
}

/**
 * The pinball loss averaged over a set of levels: `mean_k pinballLoss(actual, quantiles[k], levels[k])`
 * (one outcome, one quantile forecast per level).
 *
 * @example
 * averagePinballLoss(105, [90, 100, 110], [0.1, 0.5, 0.9]); // (1.5 + 2.5 + 0.5) / 3 = 1.5
 */
export function averagePinballLoss(
  actual: number,
  quantiles: readonly number[],
  levels: readonly number[],
): number {
  checkFinite('actual', actual);
  checkQuantileSet(quantiles, levels);
  let sum = 0;
  for (let k = 0; k < levels.length; k++) sum += pinballLoss(actual, quantiles[k], levels[k]);
  return sum / levels.length;
}

/**
 * {@link averagePinballLoss} for every point of a series: `quantiles[i]` is the quantile forecast (one value
 * per level) of `actuals[i]`. The per-origin loss series, ready for `mean` or a Diebold-Mariano test.
 */
export function pinballLosses(
  actuals: readonly number[],
  quantiles: readonly (readonly number[])[],
  levels: readonly number[],
): number[] {
  checkSeries('actuals', actuals);
  if (quantiles.length !== actuals.length) {
    throw new MetricsError(
      'METRICS_LENGTH_MISMATCH',
      `actuals has ${actuals.length} values but quantiles has ${quantiles.length} forecasts`,
    );
  }
  return actuals.map((actual, i) => {
    checkQuantileSet(quantiles[i], levels, `[${i}]`);
    return averagePinballLoss(actual, quantiles[i], levels);
  });
}
