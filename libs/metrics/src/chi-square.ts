import { checkDegreesOfFreedom, checkFinite, checkProbability } from './checks';
import { MetricsError } from './errors';
import { logGamma } from './incomplete-beta';
import { regularizedGammaP, regularizedGammaQ } from './incomplete-gamma';
import { invertIncreasing } from './invert-cdf';

function checkX(x: number): void {
  if (Number.isNaN(x)) throw new MetricsError('METRICS_NON_FINITE', 'x is NaN');
}

/** Density of the chi-square distribution with `df` degrees of freedom (0 for `x < 0`). */
export function chiSquarePdf(x: number, df: number): number {
  checkDegreesOfFreedom(df);
  checkFinite('x', x);
  if (x < 0) return 0;
  if (x === 0) return df === 2 ? 0.5 : df < 2 ? Infinity : 0;
  const k = df / 2;
  return Math.exp((k - 1) * Math.log(x) - x / 2 - k * Math.LN2 - logGamma(k));
}

/** `P(X <= x)` for X chi-square with `df` degrees of freedom: `P(df/2, x/2)`, the regularized lower incomplete gamma. */
export function chiSquareCdf(x: number, df: number): number {
  checkDegreesOfFreedom(df);
  checkX(x);
  return x <= 0 ? 0 : regularizedGammaP(df / 2, x / 2);
}

/**
 * `P(X > x)` for X chi-square with `df` degrees of freedom, computed directly in the tail (`Q(df/2, x/2)`):
 * the p-value of a likelihood-ratio statistic `x`. `x = Infinity` gives 0.
 *
 * @example
 * chiSquareSurvival(3.841458820694124, 1); // 0.05
 */
export function chiSquareSurvival(x: number, df: number): number {
  checkDegreesOfFreedom(df);
  checkX(x);
  return x <= 0 ? 1 : regularizedGammaQ(df / 2, x / 2);
}

/**
 * The quantile `x_p` of the chi-square distribution with `df` degrees of freedom, for `0 < p < 1`: the CDF
 * (or, above the median, the survival function, to keep upper quantiles accurate) inverted by safeguarded
 * Newton steps, to about 1e-13 relative.
 *
 * @example
 * chiSquareQuantile(0.95, 1); // ≈ 3.841
 */
export function chiSquareQuantile(p: number, df: number): number {
  checkProbability('p', p);
  checkDegreesOfFreedom(df);
  const upper = p > 0.5;
  const gap = upper
    ? (x: number) => 1 - p - chiSquareSurvival(x, df)
    : (x: number) => chiSquareCdf(x, df) - p;
  let hi = Math.max(df, 1);
  while (gap(hi) < 0) hi *= 2;
  return invertIncreasing({
    gap,
    slope: (x) => chiSquarePdf(x, df),
    lo: 0,
    hi,
    start: hi / 2,
    gapTolerance: 1e-15 * Math.min(p, 1 - p),
  });
}
