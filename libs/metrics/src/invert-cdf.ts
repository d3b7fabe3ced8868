import { MetricsError } from './errors';

const MAX_STEPS = 200;

/** What {@link invertIncreasing} solves: `gap(x) = 0` for an increasing `gap` with derivative `slope`. */
export interface Inversion {
  /** Increasing in x; its root is the answer (e.g. `cdf(x) - p`). */
  readonly gap: (x: number) => number;
  /** The derivative of `gap` (the density). */
  readonly slope: (x: number) => number;
  /** A point with `gap(lo) <= 0`. */
  readonly lo: number;
  /** A point with `gap(hi) >= 0`. */
  readonly hi: number;
  /** First guess, inside [lo, hi]. */
  readonly start: number;
  /**
   * Stop once `|gap(x)|` is this small: the rounding noise of the distribution function, below which Newton
   * steps only chase noise (e.g. `1e-15 × p` for `gap = cdf - p`).
   */
  readonly gapTolerance: number;
}

/**
 * The root of an increasing function bracketed by [lo, hi]: Newton steps, with a bisection whenever a step
 * would leave the bracket, to a relative accuracy of about 1e-14
 * (relative also near 0, so a tiny quantile keeps its digits). Used to invert distribution functions.
 */
export function invertIncreasing({ gap, slope, lo, hi, start, gapTolerance }: Inversion): number {
  let low = lo;
  let high = hi;
  let x = Math.min(Math.max(start, low), high);
  for (let step = 0; step < MAX_STEPS; step++) {
    const g = gap(x);
    if (Math.abs(g) <= gapTolerance) return x;
    if (g < 0) low = x;
    else high = x;
    const s = slope(x);
    let next = s > 0 ? x - g / s : Number.NaN;
    if (!(next > low && next < high)) next = low + (high - low) / 2;
    const tolerance = 1e-14 * Math.abs(next);
    if (Math.abs(next - x) <= tolerance || high - low <= tolerance) return next;
    x = next;
  }
  throw new MetricsError(
    'METRICS_NO_CONVERGENCE',
    `quantile inversion did not converge within [${lo}, ${hi}]`,
    'internal',
  );
}
