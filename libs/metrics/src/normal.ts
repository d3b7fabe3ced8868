import { checkFinite, checkProbability } from './checks';
import { MetricsError } from './errors';
import { regularizedGammaQ } from './incomplete-gamma';

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** Density of the standard normal distribution. */
export function normalPdf(x: number): number {
  checkFinite('x', x);
  return Math.exp(-0.5 * x * x - LOG_SQRT_2PI);
}

/**
 * `Φ(x) = P(Z <= x)` of the standard normal distribution, from the incomplete gamma function
 * (`erfc(z) = Q(1/2, z²)`), so the lower tail keeps its relative accuracy far out (Φ(-30) ≈ 4.9e-198).
 */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) throw new MetricsError('METRICS_NON_FINITE', 'x is NaN');
  const tail = 0.5 * regularizedGammaQ(0.5, 0.5 * x * x);
  return x < 0 ? tail : 1 - tail;
}

/**
 * The standard normal quantile `Φ⁻¹(p)` for `0 < p < 1`, to about 1e-15: a rational first guess
 * (Abramowitz & Stegun 26.2.23, error < 4.5e-4) refined by Halley steps on {@link normalCdf}.
 *
 * @example
 * normalQuantile(0.975); // 1.959963984540054
 */
export function normalQuantile(p: number): number {
  checkProbability('p', p);
  if (p === 0.5) return 0;
  if (p > 0.5) return -normalQuantile(1 - p);
  const t = Math.sqrt(-2 * Math.log(p));
  let x = -(
    t -
    (2.515517 + 0.802853 * t + 0.010328 * t * t) / (1 + t * (1.432788 + t * (0.189269 + 0.001308 * t)))
  );
  for (let i = 0; i < 4; i++) {
    const e = (normalCdf(x) - p) / normalPdf(x);
    const next = x - e / (1 + (x * e) / 2);
    if (Math.abs(next - x) <= 1e-15 * Math.abs(next)) return next;
    x = next;
  }
  return x;
}
