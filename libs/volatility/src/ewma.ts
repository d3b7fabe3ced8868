import { checkCloses, checkInteger, checkOpenInterval } from './checks';
import { logReturns } from './log-returns';
import type { ScaleForecast } from './scale-forecast';

/** Options of {@link forecastEwma}. */
export interface EwmaOptions {
  /** Decay λ in (0, 1); RiskMetrics (1996) uses 0.94 for daily data. */
  readonly lambda?: number;
}

/** RiskMetrics' daily decay. */
export const EWMA_DEFAULT_LAMBDA = 0.94;

/** Returns used to seed the recursion: the mean of the first 30 squared returns. */
const SEED_RETURNS = 30;

/** The fewest closes {@link forecastEwma} accepts: enough for the 30 seed returns plus one. */
export const EWMA_MIN_CLOSES = SEED_RETURNS + 2;

/**
 * The EWMA (RiskMetrics) next-day variance after the returns: `σ²_{t+1} = λ σ²_t + (1 - λ) r_t²` on raw
 * (not demeaned) log returns, seeded with the mean of the first 30 squared returns. The seed is fixed by the
 * start of the series, so the variance at a day does not depend on later data.
 */
export function ewmaNextVariance(returns: readonly number[], lambda: number): number {
  let variance = 0;
  const seed = Math.min(SEED_RETURNS, returns.length);
  for (let t = 0; t < seed; t++) variance += returns[t] * returns[t];
  variance /= seed;
  for (const r of returns) variance = lambda * variance + (1 - lambda) * r * r;
  return variance;
}

/**
 * EWMA scale forecast from the last close: EWMA is an integrated GARCH without constant, so every future day
 * has the next-day variance and the h-day return has `h σ²_{T+1}`; normal distribution.
 *
 * @example
 * const forecast = forecastEwma(closes, 7); // forecast.variances[6] = 7 × next-day variance
 */
export function forecastEwma(
  closes: readonly number[],
  horizon: number,
  options: EwmaOptions = {},
): ScaleForecast {
  const lambda = options.lambda ?? EWMA_DEFAULT_LAMBDA;
  checkOpenInterval('lambda', lambda, 0, 1);
  checkInteger('horizon', horizon, 1);
  checkCloses(closes, EWMA_MIN_CLOSES, 'EWMA');
  const next = ewmaNextVariance(logReturns(closes), lambda);
  return {
    variances: Array.from({ length: horizon }, (_, h) => (h + 1) * next),
    distributions: Array.from({ length: horizon }, () => ({ family: 'normal' as const })),
  };
}
