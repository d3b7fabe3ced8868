// Windows of the five bundled Yahoo assets for the benchmarks here: eleven scale-free features per day,
// 60-day windows, 7 daily log returns as targets, split by time per asset (90% train, a horizon gap,
// validation) and standardized on the training part.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FitData, FitSplit } from '@cf/fast-rnn';
import type { ModelSpec } from '../src/architectures/model-spec';

export const WINDOW = 60;
export const HORIZON = 7;
export const FEATURES = 11;
const WARMUP = 20;
const TRAIN_FRACTION = 0.9;

/** Eleven scale-free features per day (returns, ranges, moving-average gaps, volatility, volume change). */
function dailyFeatures(rows: number[][]): { features: Float64Array[]; logReturns: Float64Array } {
  const close = rows.map((r) => r[0]);
  const [high, low, open, volume] = [1, 2, 3, 4].map((c) => rows.map((r) => r[c]));
  const logReturns = new Float64Array(rows.length);
  for (let i = 1; i < rows.length; i++) logReturns[i] = Math.log(close[i] / close[i - 1]);
  const mean = (a: ArrayLike<number>, from: number, to: number): number => {
    let s = 0;
    for (let i = from; i < to; i++) s += a[i];
    return s / (to - from);
  };
  const std = (a: ArrayLike<number>, from: number, to: number): number => {
    const m = mean(a, from, to);
    let s = 0;
    for (let i = from; i < to; i++) s += (a[i] - m) ** 2;
    return Math.sqrt(s / (to - from));
  };
  const features = rows.map((_, i) => {
    if (i < WARMUP) return new Float64Array(FEATURES);
    return Float64Array.from([
      logReturns[i],
      Math.log(high[i] / close[i]),
      Math.log(low[i] / close[i]),
      Math.log(open[i] / close[i]),
      Math.log((volume[i] + 1) / (volume[i - 1] + 1)),
      close[i] / mean(close, i - 6, i + 1) - 1,
      close[i] / mean(close, i - 19, i + 1) - 1,
      std(logReturns, i - 6, i + 1),
      std(logReturns, i - 19, i + 1),
      (high[i] - low[i]) / close[i],
      mean(logReturns, i - 13, i + 1),
    ]);
  });
  return { features, logReturns };
}

/** Windows of every asset, split by time per asset, standardized on the training part. */
export function buildYahooFitData(): FitData {
  const dir = join(__dirname, '..', '..', '..', 'sample-data', 'yahoo');
  const train: { x: number[][]; y: number[] }[] = [];
  const validation: { x: number[][]; y: number[] }[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.csv'))
    .sort()) {
    const rows = readFileSync(join(dir, file), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(',').slice(1).map(Number))
      .filter((r) => r.every((v) => Number.isFinite(v)) && r[0] > 0 && r[1] > 0 && r[2] > 0 && r[3] > 0);
    const { features, logReturns } = dailyFeatures(rows);
    const windows: { x: number[][]; y: number[] }[] = [];
    for (let end = WARMUP + WINDOW; end + HORIZON <= rows.length; end++) {
      windows.push({
        x: features.slice(end - WINDOW, end).map((f) => Array.from(f)),
        y: Array.from(logReturns.slice(end, end + HORIZON)),
      });
    }
    const cut = Math.floor(windows.length * TRAIN_FRACTION);
    train.push(...windows.slice(0, cut));
    validation.push(...windows.slice(cut + HORIZON));
  }
  const featureMean = new Float64Array(FEATURES);
  const featureStd = new Float64Array(FEATURES);
  for (let f = 0; f < FEATURES; f++) {
    const values = train.flatMap((w) => w.x.map((day) => day[f]));
    featureMean[f] = values.reduce((s, v) => s + v, 0) / values.length;
    featureStd[f] = Math.sqrt(values.reduce((s, v) => s + (v - featureMean[f]) ** 2, 0) / values.length) || 1;
  }
  const targets = train.flatMap((w) => w.y);
  const yMean = targets.reduce((s, v) => s + v, 0) / targets.length;
  const yStd = Math.sqrt(targets.reduce((s, v) => s + (v - yMean) ** 2, 0) / targets.length);
  const toSplit = (windows: { x: number[][]; y: number[] }[]): FitSplit => ({
    count: windows.length,
    x: Float32Array.from(
      windows.flatMap((w) => w.x.flatMap((day) => day.map((v, f) => (v - featureMean[f]) / featureStd[f]))),
    ),
    y: Float32Array.from(windows.flatMap((w) => w.y.map((v) => (v - yMean) / yStd))),
  });
  return {
    train: toSplit(train),
    validation: toSplit(validation),
    window: WINDOW,
    featureCount: FEATURES,
    horizon: HORIZON,
  };
}

/** The default forecaster the figures are about: LSTM 64 -> LSTM 32 -> Dense 64 relu -> Dense 7. */
export const DEFAULT_LSTM: ModelSpec = {
  architecture: 'lstm',
  window: WINDOW,
  featureCount: FEATURES,
  horizon: HORIZON,
  learningRate: 1e-3,
  seed: 7,
};

/** The p-th percentile (0..100) of `values`, nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
