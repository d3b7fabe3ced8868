import { checkPair, checkProbability, checkSeries } from './checks';
import { MetricsError } from './errors';

/**
 * The quantile levels that bound the central range of nominal `coverage`: `[(1 - c) / 2, (1 + c) / 2]`,
 * rounded to 10 decimals so that 0.8 gives exactly `[0.1, 0.9]` and 0.9 gives `[0.05, 0.95]`.
 *
 * @example
 * centralRangeLevels(0.8); // [0.1, 0.9]
 */
export function centralRangeLevels(coverage: number): [number, number] {
  checkProbability('coverage', coverage);
  const round = (v: number): number => Math.round(v * 1e10) / 1e10;
  return [round((1 - coverage) / 2), round((1 + coverage) / 2)];
}

function checkRange(lower: readonly number[], upper: readonly number[]): void {
  checkPair('lower', lower, 'upper', upper);
  for (let i = 0; i < lower.length; i++) {
    if (lower[i] > upper[i]) {
      throw new MetricsError(
        'METRICS_INVALID_ARGUMENT',
        `range ${i} is inverted: lower ${lower[i]} > upper ${upper[i]}`,
      );
    }
  }
}

/**
 * For every point, whether the outcome fell inside its range, bounds included:
 * `lower[i] <= actuals[i] <= upper[i]`. The hit sequence for {@link rangeCoverage}, `kupiecTest` and
 * `christoffersenTest`.
 */
export function rangeHits(
  actuals: readonly number[],
  lower: readonly number[],
  upper: readonly number[],
): boolean[] {
  checkSeries('actuals', actuals);
  checkRange(lower, upper);
  if (actuals.length !== lower.length) {
    throw new MetricsError(
      'METRICS_LENGTH_MISMATCH',
      `actuals has ${actuals.length} values but the ranges are ${lower.length}`,
    );
  }
  return actuals.map((a, i) => lower[i] <= a && a <= upper[i]);
}

/**
 * The realized coverage: the fraction of outcomes inside their ranges (see {@link rangeHits}).
 *
 * @example
 * rangeCoverage([1, 5, 3], [0, 0, 0], [2, 2, 4]); // 2 / 3
 */
export function rangeCoverage(
  actuals: readonly number[],
  lower: readonly number[],
  upper: readonly number[],
): number {
  const hits = rangeHits(actuals, lower, upper);
  return hits.filter(Boolean).length / hits.length;
}

/** The mean width `mean(upper[i] - lower[i])` of a series of ranges (in the units of the bounds). */
export function meanRangeWidth(lower: readonly number[], upper: readonly number[]): number {
  checkRange(lower, upper);
  let sum = 0;
  for (let i = 0; i < lower.length; i++) sum += upper[i] - lower[i];
  return sum / lower.length;
}
