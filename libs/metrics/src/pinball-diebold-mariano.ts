import { dieboldMariano, type DieboldMarianoResult } from './diebold-mariano';
import { pinballLosses } from './pinball';

/**
 * Diebold-Mariano test of equal pinball loss of two quantile forecasts of the same outcomes: the per-origin
 * losses `pinballLosses(actuals, quantilesA, levels)` and `… quantilesB …` go into {@link dieboldMariano}
 * (HLN correction, lag `horizon - 1`). Losses are non-negative, so its `|eA| - |eB|` is exactly the loss
 * differential. A negative statistic means A has the smaller pinball loss. The outcomes should be of
 * consecutive forecast origins of the same horizon day.
 *
 * @example
 * const { statistic, pValue } = pinballDieboldMariano(actuals, garchQuantiles, naiveQuantiles, levels, 1);
 */
export function pinballDieboldMariano(
  actuals: readonly number[],
  quantilesA: readonly (readonly number[])[],
  quantilesB: readonly (readonly number[])[],
  levels: readonly number[],
  horizon: number,
): DieboldMarianoResult {
  return dieboldMariano(
    pinballLosses(actuals, quantilesA, levels),
    pinballLosses(actuals, quantilesB, levels),
    horizon,
  );
}
