import { checkLevels } from './checks';
import { VolatilityError } from './errors';

/**
 * Sample quantiles of `values` at `levels`, by linear interpolation between order statistics (Hyndman & Fan
 * type 7, the default of R's `quantile` and NumPy's `percentile`): with the sorted values `x_(1..n)` and
 * `h = (n - 1) p`, `Q(p) = x_(⌊h⌋+1) + (h - ⌊h⌋)(x_(⌊h⌋+2) - x_(⌊h⌋+1))`. Monotone in the level; the
 * smallest and largest values bound it.
 *
 * @example
 * empiricalQuantiles([3, 1, 2, 4], [0.5]); // [2.5]
 */
export function empiricalQuantiles(values: readonly number[], levels: readonly number[]): number[] {
  checkLevels(levels);
  if (values.length === 0)
    throw new VolatilityError('VOLATILITY_TOO_SHORT', 'no values to take quantiles of');
  values.forEach((v, i) => {
    if (!Number.isFinite(v)) {
      throw new VolatilityError(
        'VOLATILITY_INVALID_INPUT',
        `values[${i}] is ${String(v)}, not a finite number`,
      );
    }
  });
  const sorted = Float64Array.from(values).sort();
  return levels.map((p) => {
    const h = (sorted.length - 1) * p;
    const below = Math.floor(h);
    const above = Math.min(below + 1, sorted.length - 1);
    return sorted[below] + (h - below) * (sorted[above] - sorted[below]);
  });
}
