import { averagePinballLoss, pinballLosses } from './pinball';

/**
 * The continuous ranked probability score approximated from quantiles:
 * `CRPS(F, y) = 2 ∫₀¹ pinballLoss(y, F⁻¹(τ), τ) dτ ≈ 2 × mean_k pinballLoss(y, q_k, τ_k)`.
 *
 * With the midpoint levels `τ_k = (k - ½) / K` this is the midpoint rule for the integral and tends to the
 * exact CRPS as K grows (for a normal forecast and outcomes within 4 standard deviations, the relative error
 * is at most 4e-2 at K = 7, 7e-4 at K = 99 and 5e-5 at K = 999). With few levels it is not the CRPS but a weighted sum of quantile scores: the
 * project's seven levels 0.05 … 0.95 ignore the tails beyond 5 % and 95 % and weigh the centre more, so
 * the value is smaller than the CRPS (about 0.8 × for a normal forecast scored on its own draws). It is
 * comparable only between forecasts scored on the same levels.
 *
 * @example
 * crpsFromQuantiles(105, [90, 100, 110], [0.1, 0.5, 0.9]); // 3
 */
export function crpsFromQuantiles(
  actual: number,
  quantiles: readonly number[],
  levels: readonly number[],
): number {
  return 2 * averagePinballLoss(actual, quantiles, levels);
}

/** {@link crpsFromQuantiles} for every point of a series (`quantiles[i]` forecasts `actuals[i]`). */
export function crpsLosses(
  actuals: readonly number[],
  quantiles: readonly (readonly number[])[],
  levels: readonly number[],
): number[] {
  return pinballLosses(actuals, quantiles, levels).map((loss) => 2 * loss);
}
