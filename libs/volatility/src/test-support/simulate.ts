// Seeded simulation of the processes the models assume, for tests and their reference values.
import { mulberry32, type Prng } from '@cf/core';

/** Standard normal draws from a seeded uniform generator (Box-Muller, both values used). */
export function normalSampler(next: Prng): () => number {
  let spare: number | undefined;
  return () => {
    if (spare !== undefined) {
      const value = spare;
      spare = undefined;
      return value;
    }
    const u = 1 - next(); // (0, 1]
    const radius = Math.sqrt(-2 * Math.log(u));
    const angle = 2 * Math.PI * next();
    spare = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  };
}

/** Gamma(shape, 1) draws (Marsaglia & Tsang 2000; shape < 1 by the boost `G(a + 1) U^(1/a)`). */
function gammaSampler(shape: number, next: Prng, normal: () => number): () => number {
  const a = shape < 1 ? shape + 1 : shape;
  const d = a - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  return () => {
    for (;;) {
      const x = normal();
      const v = (1 + c * x) ** 3;
      if (v <= 0) continue;
      const u = next();
      if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
        return shape < 1 ? d * v * next() ** (1 / shape) : d * v;
      }
    }
  };
}

/** Unit-variance Student-t draws with `nu > 2` degrees of freedom: `Z / √(χ²_ν / ν) · √((ν - 2) / ν)`. */
export function unitStudentTSampler(nu: number, next: Prng): () => number {
  const normal = normalSampler(next);
  const gamma = gammaSampler(nu / 2, next, normal);
  const scale = Math.sqrt((nu - 2) / nu);
  return () => (normal() / Math.sqrt((2 * gamma()) / nu)) * scale;
}

/** A simulated GARCH(1,1)-t price path: its closes (from 100) and the true conditional variances. */
export function simulateGarchT(
  params: { mean: number; omega: number; alpha: number; beta: number; degreesOfFreedom: number },
  n: number,
  seed: number,
  burnIn = 500,
): { closes: number[]; variances: number[] } {
  const draw = unitStudentTSampler(params.degreesOfFreedom, mulberry32(seed));
  let variance = params.omega / (1 - params.alpha - params.beta);
  const closes = [100];
  const variances: number[] = [];
  for (let t = -burnIn; t < n; t++) {
    const residual = Math.sqrt(variance) * draw();
    if (t >= 0) {
      variances.push(variance);
      closes.push(closes[closes.length - 1] * Math.exp(params.mean + residual));
    }
    variance = params.omega + params.alpha * residual * residual + params.beta * variance;
  }
  return { closes, variances };
}

/**
 * Daily candles of a driftless Brownian log price with the given daily variances, each day observed at
 * `steps` evenly spaced instants (open = the previous close, from 100).
 */
export function simulateDays(
  variances: readonly number[],
  steps: number,
  seed: number,
): { open: number[]; high: number[]; low: number[]; close: number[] } {
  const normal = normalSampler(mulberry32(seed));
  const out = { open: [] as number[], high: [] as number[], low: [] as number[], close: [] as number[] };
  let logPrice = Math.log(100);
  for (const v of variances) {
    const sd = Math.sqrt(v / steps);
    let high = logPrice;
    let low = logPrice;
    out.open.push(Math.exp(logPrice));
    for (let s = 0; s < steps; s++) {
      logPrice += sd * normal();
      high = Math.max(high, logPrice);
      low = Math.min(low, logPrice);
    }
    out.high.push(Math.exp(high));
    out.low.push(Math.exp(low));
    out.close.push(Math.exp(logPrice));
  }
  return out;
}

/**
 * A simulated daily variance series from a HAR model with multiplicative log-normal noise of mean 1:
 * `v_{t+1} = (b₀ + b_d v_t + b_w v̄⁽⁷⁾_t + b_m v̄⁽³⁰⁾_t) · exp(s ε - s²/2)`, with the conditional means
 * (`expected[t]` is the mean of `variances[t]` given the days before it).
 */
export function simulateHar(
  coefficients: { intercept: number; daily: number; weekly: number; monthly: number },
  n: number,
  seed: number,
  noise = 0.4,
): { variances: number[]; expected: number[] } {
  const normal = normalSampler(mulberry32(seed));
  const { intercept, daily, weekly, monthly } = coefficients;
  const start = intercept / (1 - daily - weekly - monthly);
  const v: number[] = Array(30).fill(start);
  const expected: number[] = Array(30).fill(start);
  const mean = (from: number, to: number): number =>
    v.slice(from, to + 1).reduce((s, x) => s + x, 0) / (to - from + 1);
  for (let i = 0; i < n + 500; i++) {
    const t = v.length - 1;
    const m = intercept + daily * v[t] + weekly * mean(t - 6, t) + monthly * mean(t - 29, t);
    expected.push(m);
    v.push(m * Math.exp(noise * normal() - (noise * noise) / 2));
  }
  return { variances: v.slice(-n), expected: expected.slice(-n) };
}
