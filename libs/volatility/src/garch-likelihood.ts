import { logGamma } from '@cf/metrics';
import { VolatilityError } from './errors';

/** Parameters of a GARCH(1,1) with unit-variance Student-t innovations (plain numbers, JSON-ready). */
export interface GarchTParams {
  /** Daily mean log return μ (the fit fixes it at the sample mean). */
  readonly mean: number;
  /** ω > 0. */
  readonly omega: number;
  /** α >= 0: weight of yesterday's squared residual. */
  readonly alpha: number;
  /** β >= 0: weight of yesterday's variance; α + β < 1. */
  readonly beta: number;
  /** ν > 2: degrees of freedom of the innovations. */
  readonly degreesOfFreedom: number;
}

/** The result of running the GARCH variance recursion over a series (see {@link filterGarchT}). */
export interface GarchTFilter {
  /** Student-t log-likelihood of the residuals, constants included. */
  readonly logLikelihood: number;
  /** σ²_{T+1}: the variance of the day after the last return. */
  readonly nextVariance: number;
}

/** Throws unless the parameters satisfy ω > 0, α >= 0, β >= 0, α + β < 1, ν > 2 and are finite. */
export function checkGarchTParams(params: GarchTParams): void {
  const { mean, omega, alpha, beta, degreesOfFreedom } = params;
  const ok =
    Number.isFinite(mean) &&
    omega > 0 &&
    Number.isFinite(omega) &&
    alpha >= 0 &&
    beta >= 0 &&
    alpha + beta < 1 &&
    degreesOfFreedom > 2 &&
    Number.isFinite(degreesOfFreedom);
  if (!ok) {
    throw new VolatilityError(
      'VOLATILITY_INVALID_PARAMETERS',
      `GARCH-t parameters ${JSON.stringify(params)} violate ω > 0, α >= 0, β >= 0, α + β < 1, ν > 2`,
    );
  }
}

/**
 * Runs the GARCH(1,1) recursion `σ²_t = ω + α ε²_{t-1} + β σ²_{t-1}` over the residuals `ε_t = r_t - μ` of
 * the log returns, started at `σ²_1 = mean(ε²)` (the sample variance), and sums the log density of the
 * unit-variance Student t:
 * `ln Γ((ν+1)/2) - ln Γ(ν/2) - ½ ln(π (ν - 2)) - ½ ln σ²_t - (ν+1)/2 · ln(1 + ε²_t / ((ν - 2) σ²_t))`.
 * Parameters are not checked here (the optimizer calls it in its inner loop); see {@link checkGarchTParams}.
 */
export function filterGarchT(returns: readonly number[], params: GarchTParams): GarchTFilter {
  const { mean, omega, alpha, beta, degreesOfFreedom: nu } = params;
  const n = returns.length;
  let initial = 0;
  for (let t = 0; t < n; t++) initial += (returns[t] - mean) ** 2;
  initial /= n;
  const constant = logGamma((nu + 1) / 2) - logGamma(nu / 2) - 0.5 * Math.log(Math.PI * (nu - 2));
  const half = (nu + 1) / 2;
  const scale = 1 / (nu - 2);
  // The logs dominate the cost, so the factors are multiplied up and their log taken when the running
  // products leave [1e-100, 1e100] (a few times per 100 days), not once per day.
  let variance = initial;
  let logs = 0;
  let variances = 1;
  let ratios = 1;
  for (let t = 0; t < n; t++) {
    const e2 = (returns[t] - mean) ** 2;
    variances *= variance;
    ratios *= 1 + (e2 * scale) / variance;
    if (variances < 1e-100 || variances > 1e100 || ratios > 1e100) {
      logs += 0.5 * Math.log(variances) + half * Math.log(ratios);
      variances = 1;
      ratios = 1;
    }
    variance = omega + alpha * e2 + beta * variance;
  }
  logs += 0.5 * Math.log(variances) + half * Math.log(ratios);
  return { logLikelihood: n * constant - logs, nextVariance: variance };
}
