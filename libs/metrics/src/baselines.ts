import { checkFinite, checkPositiveInteger, checkSeries } from './checks';
import { MetricsError } from './errors';

/**
 * The persistence (naive) forecast: every one of the next `horizon` closes equals the last close.
 *
 * @example
 * persistencePath(100, 3); // [100, 100, 100]
 */
export function persistencePath(lastClose: number, horizon: number): number[] {
  checkFinite('lastClose', lastClose);
  checkPositiveInteger('horizon', horizon);
  return new Array<number>(horizon).fill(lastClose);
}

/**
 * The random-walk-with-drift forecast over `history` (oldest first): step `h` is
 * `last + h * (last - first) / (n - 1)`, the last value plus `h` times the mean daily change.
 * Needs at least two values.
 *
 * @example
 * driftPath([100, 102, 104], 2); // [106, 108]
 */
export function driftPath(history: readonly number[], horizon: number): number[] {
  checkSeries('history', history);
  checkPositiveInteger('horizon', horizon);
  const n = history.length;
  if (n < 2)
    throw new MetricsError('METRICS_TOO_SHORT', `drift needs at least 2 values of history, got ${n}`);
  const last = history[n - 1];
  const slope = (last - history[0]) / (n - 1);
  return Array.from({ length: horizon }, (_, i) => last + (i + 1) * slope);
}

/**
 * `modelMae / persistenceMae`: below 1 the model beats persistence. Throws when the persistence MAE is 0
 * (the ratio is undefined), negative or not finite.
 */
export function ratioToPersistence(modelMae: number, persistenceMae: number): number {
  checkFinite('modelMae', modelMae);
  checkFinite('persistenceMae', persistenceMae);
  if (modelMae < 0 || persistenceMae <= 0) {
    throw new MetricsError(
      'METRICS_INVALID_ARGUMENT',
      `ratio to persistence needs modelMae >= 0 and persistenceMae > 0, got ${modelMae} and ${persistenceMae}`,
    );
  }
  return modelMae / persistenceMae;
}
