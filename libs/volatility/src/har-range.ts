import { checkInteger } from './checks';
import { VolatilityError } from './errors';
import {
  checkHarRegression,
  fitHarRegression,
  forecastHarRegression,
  type HarOptions,
  type HarRegression,
} from './har';
import { rangeVariances, type OhlcSeries, type RangeEstimator } from './range-variance';
import type { ScaleForecast } from './scale-forecast';

/** Options of {@link fitHar}. */
export interface HarRangeOptions extends HarOptions {
  /** Daily variance estimator. Default 'parkinson'. */
  readonly estimator?: RangeEstimator;
}

/** A fitted HAR on a range-based variance (plain numbers, JSON-ready). */
export interface HarParams extends HarRegression {
  readonly estimator: RangeEstimator;
  /**
   * `Σ r_t² / Σ v_t` over the fitted days: converts the range variance (intraday, read slightly low) into the
   * variance of the close-to-close log return that the ranges are about.
   */
  readonly returnScale: number;
}

/**
 * Fits a HAR regression ({@link fitHarRegression}) on the daily range-based variance of `ohlc` and the scale
 * that turns it into close-to-close return variance (`returnScale`, from the same days: day t's range against
 * the squared log return from close t-1 to close t).
 *
 * @example
 * const params = fitHar({ open, high, low, close }); // Parkinson, weekly 7, monthly 30
 * const forecast = forecastHar(params, { open, high, low, close }, 7);
 */
export function fitHar(ohlc: OhlcSeries, options: HarRangeOptions = {}): HarParams {
  const estimator = options.estimator ?? 'parkinson';
  const variances = rangeVariances(ohlc, estimator);
  const regression = fitHarRegression(variances, options);
  let squaredReturns = 0;
  let rangeSum = 0;
  for (let t = 1; t < variances.length; t++) {
    squaredReturns += Math.log(ohlc.close[t] / ohlc.close[t - 1]) ** 2;
    rangeSum += variances[t];
  }
  if (!(rangeSum > 0) || !(squaredReturns > 0)) {
    throw new VolatilityError(
      'VOLATILITY_DEGENERATE',
      'the prices never move: HAR cannot be scaled to returns',
    );
  }
  return { ...regression, estimator, returnScale: squaredReturns / rangeSum };
}

/**
 * HAR scale forecast from the last day of `ohlc` with fixed parameters: the iterated daily range-variance
 * forecasts times `returnScale`, summed to h-day return variances; normal distribution.
 */
export function forecastHar(params: HarParams, ohlc: OhlcSeries, horizon: number): ScaleForecast {
  checkHarRegression(params);
  checkInteger('horizon', horizon, 1);
  if (!(params.returnScale > 0) || !Number.isFinite(params.returnScale)) {
    throw new VolatilityError(
      'VOLATILITY_INVALID_PARAMETERS',
      `HAR returnScale ${params.returnScale} is not > 0`,
    );
  }
  const daily = forecastHarRegression(params, rangeVariances(ohlc, params.estimator), horizon);
  const variances: number[] = [];
  let cumulative = 0;
  for (const v of daily) variances.push((cumulative += params.returnScale * v));
  return { variances, distributions: variances.map(() => ({ family: 'normal' as const })) };
}
