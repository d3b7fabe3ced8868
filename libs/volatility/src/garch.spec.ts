import { loadSampleCandles, SAMPLE_SYMBOLS } from '@cf/ohlcv/testing';
import { fitGarchT, GARCH_MIN_CLOSES } from './garch-fit';
import { forecastGarchT } from './garch-forecast';
import { filterGarchT, type GarchTParams } from './garch-likelihood';
import { logReturns } from './log-returns';
import { standardizedQuantile } from './scale-forecast';
import { mulberry32 } from '@cf/core';
import { simulateGarchT, unitStudentTSampler } from './test-support/simulate';

const TRUTH: GarchTParams = { mean: 0.001, omega: 2e-5, alpha: 0.1, beta: 0.85, degreesOfFreedom: 5 };

/**
 * A second, plain log-likelihood for ν = 5: the Student t density with scale σ √(3/5), using the closed forms
 * Γ(3) = 2 and Γ(5/2) = ¾ √π (no log-gamma), and the recursion written out directly.
 */
function plainLogLikelihoodNu5(returns: number[], p: GarchTParams): number {
  const e = returns.map((r) => r - p.mean);
  let variance = e.reduce((s, x) => s + x * x, 0) / e.length;
  const c = 2 / ((3 / 4) * Math.sqrt(Math.PI) * Math.sqrt(5 * Math.PI));
  let total = 0;
  for (const x of e) {
    const scale = Math.sqrt(variance) * Math.sqrt(3 / 5);
    const z = x / scale;
    total += Math.log((c * (1 + (z * z) / 5) ** -3) / scale);
    variance = p.omega + p.alpha * x * x + p.beta * variance;
  }
  return total;
}

describe('GARCH(1,1)-t likelihood', () => {
  it('matches a plain computation of the Student-t log-likelihood (ν = 5, relative 1e-12)', () => {
    const { closes } = simulateGarchT(TRUTH, 800, 3);
    const returns = logReturns(closes);

    const ours = filterGarchT(returns, TRUTH).logLikelihood;
    const plain = plainLogLikelihoodNu5(returns, TRUTH);

    expect(Math.abs(ours / plain - 1)).toBeLessThan(1e-12);
  });
});

describe('fitGarchT', () => {
  it.each([1, 2, 3])(
    'recovers known parameters from 3000 simulated days (seed %i): α ± 0.035, β ± 0.05, α + β ± 0.02, ν ± 1',
    (seed) => {
      const { closes } = simulateGarchT(TRUTH, 3000, seed);

      const fit = fitGarchT(closes);

      expect(fit.converged).toBe(true);
      expect(Math.abs(fit.alpha - 0.1)).toBeLessThan(0.035);
      expect(Math.abs(fit.beta - 0.85)).toBeLessThan(0.05);
      expect(Math.abs(fit.alpha + fit.beta - 0.95)).toBeLessThan(0.02);
      expect(Math.abs(fit.degreesOfFreedom - 5)).toBeLessThan(1);
      expect(fit.omega / TRUTH.omega).toBeGreaterThan(0.5);
      expect(fit.omega / TRUTH.omega).toBeLessThan(2);
      // the maximum is at least as high as the likelihood of the true parameters
      const atTruth = filterGarchT(logReturns(closes), { ...TRUTH, mean: fit.mean }).logLikelihood;
      expect(fit.logLikelihood).toBeGreaterThanOrEqual(atTruth);
      expect(fit.logLikelihood).toBeCloseTo(filterGarchT(logReturns(closes), fit).logLikelihood, 6);
    },
  );

  it('with variance targeting fixes ω to the sample variance times 1 - α - β', () => {
    const { closes } = simulateGarchT(TRUTH, 3000, 1);
    const returns = logReturns(closes);
    const mean = returns.reduce((s, r) => s + r, 0) / returns.length;
    const sampleVariance = returns.reduce((s, r) => s + (r - mean) ** 2, 0) / returns.length;

    const fit = fitGarchT(closes, { varianceTargeting: true });

    expect(fit.varianceTargeting).toBe(true);
    expect(fit.omega).toBeCloseTo(sampleVariance * (1 - fit.alpha - fit.beta), 15);
    expect(Math.abs(fit.alpha + fit.beta - 0.95)).toBeLessThan(0.02);
    expect(fit.logLikelihood).toBeLessThanOrEqual(fitGarchT(closes).logLikelihood + 1e-6);
  });

  it('converges on the last 2000 days of every bundled asset, within the constraints', () => {
    for (const symbol of SAMPLE_SYMBOLS) {
      const closes = loadSampleCandles(symbol)
        .slice(-2000)
        .map((c) => c.close);

      const fit = fitGarchT(closes);

      expect([symbol, fit.converged]).toEqual([symbol, true]);
      expect(fit.alpha).toBeGreaterThanOrEqual(0);
      expect(fit.beta).toBeGreaterThanOrEqual(0);
      expect(fit.alpha + fit.beta).toBeLessThan(1);
      expect(fit.degreesOfFreedom).toBeGreaterThan(2.1);
    }
  });

  it('is deterministic: the same closes give the same fit, field for field', () => {
    const { closes } = simulateGarchT(TRUTH, 600, 4);

    expect(fitGarchT(closes)).toEqual(fitGarchT(closes));
  });

  it('refuses a short history and a series that never moves', () => {
    expect(() => fitGarchT(Array(GARCH_MIN_CLOSES - 1).fill(100))).toThrow(/at least 101 closes, got 100/);
    expect(() => fitGarchT(Array(GARCH_MIN_CLOSES).fill(100))).toThrow(/all 100 returns are equal/);
  });
});

describe('forecastGarchT', () => {
  const { closes } = simulateGarchT(TRUTH, 1000, 9);

  it('sums the closed-form multi-step variances σ̄² + (α + β)^(k-1) (σ²_{T+1} - σ̄²)', () => {
    const next = filterGarchT(logReturns(closes), TRUTH).nextVariance;
    const longRun = TRUTH.omega / (1 - TRUTH.alpha - TRUTH.beta);

    const forecast = forecastGarchT(TRUTH, closes, 7);

    let cumulative = 0;
    for (let k = 1; k <= 7; k++) {
      cumulative += longRun + 0.95 ** (k - 1) * (next - longRun);
      expect(forecast.variances[k - 1]).toBeCloseTo(cumulative, 15);
      expect(forecast.distributions[k - 1]).toEqual({ family: 'student-t', degreesOfFreedom: 5 });
    }
  });

  it('keeps the one-day t shape for h days: simulated under the model, 80 % and 90 % ranges hold 75-82 % and 87-92 %', () => {
    // Parameters like those fitted to BTC (α + β near 1, ν near 3): the hardest case measured (see README).
    const params = { mean: 0, omega: 1e-3 * (1 - 0.9999), alpha: 0.08, beta: 0.9199, degreesOfFreedom: 2.96 };
    const z80 = standardizedQuantile({ family: 'student-t', degreesOfFreedom: 2.96 }, 0.9);
    const z90 = standardizedQuantile({ family: 'student-t', degreesOfFreedom: 2.96 }, 0.95);
    const draw = unitStudentTSampler(2.96, mulberry32(5));
    const paths = 20_000;
    const expected: number[] = [];
    let v = 1e-3;
    for (let k = 0; k < 7; k++) {
      expected.push((expected[k - 1] ?? 0) + v);
      v = params.omega + (params.alpha + params.beta) * v;
    }
    const inside80 = Array(7).fill(0);
    const inside90 = Array(7).fill(0);

    for (let i = 0; i < paths; i++) {
      let sum = 0;
      let variance = 1e-3;
      for (let k = 0; k < 7; k++) {
        const e = Math.sqrt(variance) * draw();
        sum += e;
        variance = params.omega + params.alpha * e * e + params.beta * variance;
        const z = Math.abs(sum) / Math.sqrt(expected[k]);
        if (z <= z80) inside80[k] += 1;
        if (z <= z90) inside90[k] += 1;
      }
    }

    for (let k = 0; k < 7; k++) {
      expect(inside80[k] / paths).toBeGreaterThan(0.75);
      expect(inside80[k] / paths).toBeLessThan(0.82);
      expect(inside90[k] / paths).toBeGreaterThan(0.87);
      expect(inside90[k] / paths).toBeLessThan(0.92);
    }
  });

  it('refuses parameters that violate the constraints, naming them', () => {
    expect(() => forecastGarchT({ ...TRUTH, alpha: 0.2 }, closes, 7)).toThrow(/violate/);
    expect(() => forecastGarchT({ ...TRUTH, degreesOfFreedom: 2 }, closes, 7)).toThrow(
      /"degreesOfFreedom":2/,
    );
    expect(() => forecastGarchT(TRUTH, closes, 0)).toThrow(/horizon 0/);
  });
});
