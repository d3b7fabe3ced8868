import { checkFinite } from './checks';
import { MetricsError } from './errors';
import { regularizedIncompleteBeta } from './incomplete-beta';

function checkDegreesOfFreedom(df: number): void {
  if (!(df > 0) || !Number.isFinite(df)) {
    throw new MetricsError('METRICS_INVALID_ARGUMENT', `degrees of freedom ${df} is not a finite number > 0`);
  }
}

/**
 * Two-sided p-value of Student's t with `df` degrees of freedom: `P(|T| >= |t|) = I_{df/(df+t²)}(df/2, 1/2)`.
 * `t = ±Infinity` gives 0.
 *
 * @example
 * studentTTwoSidedPValue(2.228, 10); // ≈ 0.05
 */
export function studentTTwoSidedPValue(t: number, df: number): number {
  checkDegreesOfFreedom(df);
  if (Number.isNaN(t)) throw new MetricsError('METRICS_NON_FINITE', 't is NaN');
  if (!Number.isFinite(t)) return 0;
  return regularizedIncompleteBeta(df / (df + t * t), df / 2, 0.5);
}

/** Cumulative distribution `P(T <= t)` of Student's t with `df` degrees of freedom. */
export function studentTCdf(t: number, df: number): number {
  checkFinite('t', t);
  const tail = studentTTwoSidedPValue(t, df) / 2;
  return t >= 0 ? 1 - tail : tail;
}
