import { checkPair, checkSeries } from './checks';
import { MetricsError } from './errors';

/** The arithmetic mean; throws on an empty or non-finite input. */
export function mean(values: readonly number[]): number {
  checkSeries('values', values);
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** `|actual[i] - predicted[i]|` for every point. */
export function absoluteErrors(actual: readonly number[], predicted: readonly number[]): number[] {
  checkPair('actual', actual, 'predicted', predicted);
  return actual.map((a, i) => Math.abs(a - predicted[i]));
}

/** `(actual[i] - predicted[i])²` for every point. */
export function squaredErrors(actual: readonly number[], predicted: readonly number[]): number[] {
  checkPair('actual', actual, 'predicted', predicted);
  return actual.map((a, i) => (a - predicted[i]) ** 2);
}

/** `|actual[i] - predicted[i]| / |actual[i]|` for every point, as a fraction; throws on a zero actual. */
export function absolutePercentageErrors(actual: readonly number[], predicted: readonly number[]): number[] {
  checkPair('actual', actual, 'predicted', predicted);
  return actual.map((a, i) => {
    if (a === 0)
      throw new MetricsError('METRICS_INVALID_ARGUMENT', `actual[${i}] is 0: percentage error undefined`);
    return Math.abs(a - predicted[i]) / Math.abs(a);
  });
}

/**
 * Mean absolute error: the mean of {@link absoluteErrors}.
 *
 * @example
 * mae([100, 110], [101, 107]); // 2
 */
export function mae(actual: readonly number[], predicted: readonly number[]): number {
  return mean(absoluteErrors(actual, predicted));
}

/** Root mean squared error: the square root of the mean of {@link squaredErrors}. */
export function rmse(actual: readonly number[], predicted: readonly number[]): number {
  return Math.sqrt(mean(squaredErrors(actual, predicted)));
}

/**
 * Mean absolute percentage error as a fraction (0.05 means 5 %), the mean of
 * {@link absolutePercentageErrors}; throws when an actual value is 0.
 */
export function mape(actual: readonly number[], predicted: readonly number[]): number {
  return mean(absolutePercentageErrors(actual, predicted));
}
