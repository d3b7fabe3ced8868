import { normalQuantile, studentTQuantile } from '@cf/metrics';
import { checkLevels } from './checks';
import { levelsOfDay, type DayLevels } from './day-levels';
import { VolatilityError } from './errors';

/** The standardized (zero mean, unit variance) distribution of an h-day log return. */
export type ReturnDistribution =
  | { readonly family: 'normal' }
  /** Student's t rescaled to unit variance: `T √((ν - 2) / ν)`, ν > 2. */
  | { readonly family: 'student-t'; readonly degreesOfFreedom: number };

/** What a scale model forecasts from an origin (the last close), for horizon days h = 1..H. */
export interface ScaleForecast {
  /** `variances[h - 1]`: variance of the cumulative h-day log return `ln(close_{T+h} / close_T)`. */
  readonly variances: readonly number[];
  /** `distributions[h - 1]`: the standardized distribution of that h-day return. */
  readonly distributions: readonly ReturnDistribution[];
}

/**
 * The `p` quantile of a standardized distribution: `Φ⁻¹(p)` for the normal, `t_ν⁻¹(p) √((ν - 2) / ν)` for
 * the unit-variance Student t.
 */
export function standardizedQuantile(distribution: ReturnDistribution, p: number): number {
  if (distribution.family === 'normal') return normalQuantile(p);
  const nu = distribution.degreesOfFreedom;
  if (!(nu > 2) || !Number.isFinite(nu)) {
    throw new VolatilityError(
      'VOLATILITY_INVALID_PARAMETERS',
      `a unit-variance Student t needs finite degrees of freedom > 2, got ${nu}`,
    );
  }
  return studentTQuantile(p, nu) * Math.sqrt((nu - 2) / nu);
}

/**
 * Quantiles of the h-day log returns of a scale forecast: `quantiles[h - 1][k] = centers[h - 1] +
 * √variances[h - 1] · z_k`, with `z_k` the `levels[k]` quantile of the standardized distribution of day h.
 * `centers` (default all 0) is the expected h-day log return, e.g. a point model's forecast. `levels` is one
 * set for every day or one per day (`DayLevels`). Monotone in the level when the levels are increasing.
 *
 * @example
 * const q = scaleQuantiles(forecastEwma(closes, 7), [0.05, 0.5, 0.95]); // q[0] = 1-day return quantiles
 * const closeQuantiles = q.map((row) => row.map((r) => lastClose * Math.exp(r)));
 */
export function scaleQuantiles(
  forecast: ScaleForecast,
  levels: DayLevels,
  centers?: readonly number[],
): number[][] {
  const horizon = forecast.variances.length;
  if (forecast.distributions.length !== horizon || (centers !== undefined && centers.length !== horizon)) {
    throw new VolatilityError(
      'VOLATILITY_INVALID_OPTION',
      `a forecast of ${horizon} days has ${forecast.distributions.length} distributions and ${
        centers?.length ?? horizon
      } centers`,
    );
  }
  return forecast.variances.map((variance, h) => {
    if (!(variance >= 0) || !Number.isFinite(variance)) {
      throw new VolatilityError('VOLATILITY_INVALID_PARAMETERS', `variance of day ${h + 1} is ${variance}`);
    }
    const center = centers?.[h] ?? 0;
    if (!Number.isFinite(center)) {
      throw new VolatilityError('VOLATILITY_INVALID_OPTION', `center of day ${h + 1} is ${center}`);
    }
    const dayLevels = levelsOfDay(levels, h + 1, horizon);
    checkLevels(dayLevels);
    const sd = Math.sqrt(variance);
    return dayLevels.map((p) => center + sd * standardizedQuantile(forecast.distributions[h], p));
  });
}
