import { checkDegreesOfFreedom, checkFinite, checkProbability } from './checks';
import { MetricsError } from './errors';
import { logGamma, regularizedIncompleteBeta } from './incomplete-beta';
import { invertIncreasing } from './invert-cdf';
import { normalQuantile } from './normal';

/**
 * Two-sided p-value of Student's t with `df` degrees of freedom: `P(|T| >= |t|) = I_{df/(df+t²)}(df/2, 1/2)`,
 * computed as `1 - I_{t²/(df+t²)}(1/2, df/2)` when `t² < df` to keep its accuracy near 0.
 * `t = ±Infinity` gives 0.
 *
 * @example
 * studentTTwoSidedPValue(2.228, 10); // ≈ 0.05
 */
export function studentTTwoSidedPValue(t: number, df: number): number {
  checkDegreesOfFreedom(df);
  if (Number.isNaN(t)) throw new MetricsError('METRICS_NON_FINITE', 't is NaN');
  if (!Number.isFinite(t)) return 0;
  const t2 = t * t;
  // Near 0, df / (df + t²) rounds to 1 and loses the digits of t; use the complementary form there.
  if (t2 < df) return 1 - regularizedIncompleteBeta(t2 / (df + t2), 0.5, df / 2);
  return regularizedIncompleteBeta(df / (df + t2), df / 2, 0.5);
}

/** Cumulative distribution `P(T <= t)` of Student's t with `df` degrees of freedom. */
export function studentTCdf(t: number, df: number): number {
  checkFinite('t', t);
  const tail = studentTTwoSidedPValue(t, df) / 2;
  return t >= 0 ? 1 - tail : tail;
}

/** Density of Student's t with `df` degrees of freedom. */
export function studentTPdf(t: number, df: number): number {
  checkDegreesOfFreedom(df);
  checkFinite('t', t);
  const logC = logGamma((df + 1) / 2) - logGamma(df / 2) - 0.5 * Math.log(df * Math.PI);
  return Math.exp(logC - ((df + 1) / 2) * Math.log1p((t * t) / df));
}

/**
 * The quantile `t_p` of Student's t with `df > 0` degrees of freedom (`df` need not be an integer), for
 * `0 < p < 1`: {@link studentTCdf} inverted by safeguarded Newton steps, to about 1e-13 relative. By symmetry
 * `t_{1-p} = -t_p`, and the lower tail is solved on the tail probability itself, so small `p` stay accurate.
 *
 * @example
 * studentTQuantile(0.975, 10); // ≈ 2.228
 */
export function studentTQuantile(p: number, df: number): number {
  checkProbability('p', p);
  checkDegreesOfFreedom(df);
  if (p === 0.5) return 0;
  if (p > 0.5) return -studentTQuantile(1 - p, df);
  const start = normalQuantile(p);
  let lo = start;
  while (studentTCdf(lo, df) > p) lo *= 2;
  return invertIncreasing({
    gap: (t) => studentTCdf(t, df) - p,
    slope: (t) => studentTPdf(t, df),
    lo,
    hi: 0,
    start,
    gapTolerance: 1e-15 * p,
  });
}
