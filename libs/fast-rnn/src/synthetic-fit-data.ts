import type { FitData, FitSplit } from './fit-types';
import { mulberry32, type Prng } from '@cf/core';

/** Options of `makeSineFitData`. */
export interface SineFitDataOptions {
  readonly trainCount: number;
  readonly validationCount: number;
  readonly window: number;
  readonly horizon: number;
  /** Features per day: the first is the noisy sine, the others pure noise. Default 2. */
  readonly featureCount?: number;
  /** Standard deviation of the noise added to the observed sine. Default 0.05. */
  readonly noise?: number;
  readonly seed: number;
}

/**
 * Learnable synthetic fit data: each window observes a sine of random period (6..16 days) and phase, with
 * noise; the targets are the sine's next `horizon` values. The targets' variance is about 0.5, so a model
 * that predicts the mean scores an MSE near 0.5 and anything that learned the signal scores far below.
 */
export function makeSineFitData(options: SineFitDataOptions): FitData {
  const next = mulberry32(options.seed);
  const featureCount = options.featureCount ?? 2;
  const make = (count: number): FitSplit =>
    makeSplit(next, count, options.window, options.horizon, featureCount, options.noise ?? 0.05);
  return {
    train: make(options.trainCount),
    validation: make(options.validationCount),
    window: options.window,
    featureCount,
    horizon: options.horizon,
  };
}

function makeSplit(
  next: Prng,
  count: number,
  window: number,
  horizon: number,
  featureCount: number,
  noise: number,
): FitSplit {
  const x = new Float32Array(count * window * featureCount);
  const y = new Float32Array(count * horizon);
  for (let i = 0; i < count; i++) {
    const period = 6 + next() * 10;
    const phase = next() * 2 * Math.PI;
    const at = (t: number) => Math.sin((2 * Math.PI * t) / period + phase);
    for (let t = 0; t < window; t++) {
      const row = (i * window + t) * featureCount;
      x[row] = at(t) + noise * gaussian(next);
      for (let f = 1; f < featureCount; f++) x[row + f] = gaussian(next);
    }
    for (let k = 0; k < horizon; k++) y[i * horizon + k] = at(window + k);
  }
  return { x, y, count };
}

function gaussian(next: Prng): number {
  // Box-Muller; 1 - u keeps the logarithm finite.
  return Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
}
