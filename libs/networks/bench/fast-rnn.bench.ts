// Fast recurrent path against stock tfjs-layers: one epoch of the default forecaster (window 60, 11
// features, LSTM 64 -> LSTM 32 -> Dense 64 relu -> Dense 7, batch 64, Adam 1e-3) on windows built from the
// five bundled Yahoo assets, alternating fast and stock runs from the same initial weights, on the wasm
// backend. `npm run bench -- fast-rnn`. Environment: FAST_RNN_BENCH_ROUNDS (default 2),
// FAST_RNN_BENCH_STOCK=0 to time the fast path alone, FAST_RNN_BENCH_THREADS to force a thread count.
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import {
  initTfBackend,
  trainFast,
  wasmEngine,
  type FitData,
  type FitOptions,
  type FitResult,
  type FitSplit,
} from '@cf/fast-rnn';
import { buildForecastModel } from '../src/architectures/build-forecast-model';
import { fitStock } from '../src/fit/fit-stock';

const WINDOW = 60;
const HORIZON = 7;
const FEATURES = 11;
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
function buildData(): FitData {
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

async function main(): Promise<void> {
  const backend = await initTfBackend({ prefer: 'wasm' });
  const rounds = Number(process.env['FAST_RNN_BENCH_ROUNDS'] ?? 2);
  const withStock = process.env['FAST_RNN_BENCH_STOCK'] !== '0';
  const threads = Number(process.env['FAST_RNN_BENCH_THREADS'] ?? Math.min(4, availableParallelism()));
  const data = buildData();
  const options: FitOptions = { epochs: 1, batchSize: 64, learningRate: 1e-3, patience: 5, seed: 42 };
  const model = buildForecastModel(tf, {
    architecture: 'lstm',
    window: WINDOW,
    featureCount: FEATURES,
    horizon: HORIZON,
    learningRate: 1e-3,
    seed: 7,
  });
  const initial = model.getWeights().map((w) => w.clone());
  console.log(
    `backend ${backend.name} (${backend.note}); ${data.train.count} training and ${data.validation.count} validation windows ` +
      `of [${WINDOW}, ${FEATURES}] from sample-data/yahoo; model LSTM 64 -> LSTM 32 -> Dense 64 relu -> Dense 7 ` +
      `(sigmoid gates, as buildForecastModel), batch ${options.batchSize}; fast path: WebAssembly SIMD kernels on ${threads} thread(s)`,
  );
  const times: Record<'fast' | 'stock', number[]> = { fast: [], stock: [] };
  const losses: Record<'fast' | 'stock', number[]> = { fast: [], stock: [] };
  for (let round = 1; round <= rounds; round++) {
    for (const path of withStock ? (['fast', 'stock'] as const) : (['fast'] as const)) {
      model.setWeights(initial);
      const started = performance.now();
      const result: FitResult =
        path === 'fast'
          ? await trainFast(model, data, options, wasmEngine(threads))
          : await fitStock(tf, model, data, options);
      const seconds = (performance.now() - started) / 1000;
      const epoch = result.history[0];
      times[path].push(seconds);
      losses[path].push(epoch.validationLoss);
      console.log(
        `round ${round} ${path.padEnd(5)}: ${seconds.toFixed(2)} s for the epoch (training ${(data.train.count / epoch.samplesPerSecond).toFixed(2)} s, ` +
          `${epoch.samplesPerSecond.toFixed(0)} samples/s), train loss ${epoch.loss.toFixed(5)}, validation loss ${epoch.validationLoss.toFixed(5)}`,
      );
    }
  }
  const median = (a: number[]): number => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
  const fast = median(times.fast);
  console.log(
    `\nfast path: median ${fast.toFixed(2)} s/epoch, ${(data.train.count / fast).toFixed(0)} samples/s (epoch incl. validation)`,
  );
  if (withStock) {
    const stock = median(times.stock);
    console.log(
      `stock tfjs-layers: median ${stock.toFixed(2)} s/epoch, ${(data.train.count / stock).toFixed(0)} samples/s`,
    );
    console.log(
      `speed-up: ${(stock / fast).toFixed(1)}x (target >= 10x) on backend ${backend.name}, ${threads} fast-path thread(s)`,
    );
    console.log(
      `validation loss after one epoch from the same initial weights: fast ${losses.fast.map((v) => v.toFixed(5)).join(', ')}; ` +
        `stock ${losses.stock.map((v) => v.toFixed(5)).join(', ')}`,
    );
  }
  tf.dispose(initial);
  model.dispose();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
