// Forward latency of the default forecaster (window 60, 11 features, LSTM 64 -> LSTM 32 -> Dense 64 relu ->
// Dense 7) on windows of the bundled Yahoo assets, on the wasm backend: the fast forward pass
// (createFastForward, WebAssembly SIMD) against stock tfjs `model.predict` (tensor in, data out), p50 and
// p99 per call for 1, 5 and 100 windows, then large batches on every core, each figure beside the
// reference of issue 15. `npm run bench -- fast-forward`. Environment: FAST_FORWARD_BENCH_CALLS (fast-path
// calls per size, default 400; stock makes a tenth as many), FAST_FORWARD_BENCH_BUILD=simd|fma (kernel build;
// default: the engine's own, fma being what Node 22 runs).
import { availableParallelism, loadavg } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { createFastForward, initTfBackend, type FastForward } from '@cf/fast-rnn';
import { buildForecastModel } from '../src/architectures/build-forecast-model';
import { benchKernelBuild } from './kernel-build-option';
import { buildYahooFitData, DEFAULT_LSTM, FEATURES, percentile, WINDOW } from './yahoo-fit-data';

/** What issue 15 judges each size against. */
const REFERENCES: Record<number, string> = {
  1: 'one asset of a request',
  5: 'target: a five-asset /invocations answered in <= 3 ms p99 (whole request); PyTorch ~2 ms; before: one stock predict per asset, 65-88 ms median',
  100: 'a batch of backtest origins',
};

function time(calls: number, run: () => void): number[] {
  for (let i = 0; i < Math.min(20, calls); i++) run();
  return Array.from({ length: calls }, () => {
    const started = performance.now();
    run();
    return performance.now() - started;
  });
}

function stockPredict(model: tf.LayersModel, x: Float32Array, count: number): Float32Array {
  return tf.tidy(
    () => (model.predict(tf.tensor3d(x, [count, WINDOW, FEATURES])) as tf.Tensor).dataSync() as Float32Array,
  );
}

function maxDifference(a: Float32Array, b: Float32Array): number {
  return a.reduce((worst, v, i) => Math.max(worst, Math.abs(v - b[i])), 0);
}

async function throughput(forward: FastForward, x: Float32Array, count: number): Promise<string> {
  const started = performance.now();
  forward.predict(x, count);
  const one = (performance.now() - started) / 1000;
  const parallelStarted = performance.now();
  await forward.predictBatch(x, count);
  const all = (performance.now() - parallelStarted) / 1000;
  return (
    `${count} windows: predict (1 thread) ${(count / one).toFixed(0)} windows/s, ` +
    `predictBatch (${forward.threads} threads) ${(count / all).toFixed(0)} windows/s`
  );
}

async function main(): Promise<void> {
  const backend = await initTfBackend({ prefer: 'wasm' });
  const calls = Number(process.env['FAST_FORWARD_BENCH_CALLS'] ?? 400);
  const threads = Math.min(4, availableParallelism());
  const data = buildYahooFitData();
  const model = buildForecastModel(tf, DEFAULT_LSTM);
  const forward = createFastForward(model, { threads, build: benchKernelBuild('FAST_FORWARD_BENCH_BUILD') });
  const windowFloats = WINDOW * FEATURES;
  console.log(
    `backend ${backend.name} (${backend.note}); default LSTM (${WINDOW} x ${FEATURES} -> 7), windows from sample-data/yahoo; ` +
      `fast forward: ${forward.description}; ` +
      `load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores`,
  );
  console.log('\nforward latency per call, ms (p50 / p99), fast forward against stock tfjs predict:');
  for (const count of [1, 5, 100]) {
    const x = data.validation.x.subarray(0, count * windowFloats);
    const fastCalls = count === 100 ? Math.ceil(calls / 4) : calls;
    const stockCalls = Math.max(10, Math.ceil(fastCalls / 10));
    const fast = time(fastCalls, () => forward.predict(x, count));
    const stock = time(stockCalls, () => stockPredict(model, x, count));
    const difference = maxDifference(forward.predict(x, count), stockPredict(model, x, count));
    console.log(
      `  ${String(count).padStart(3)} window(s): fast ${percentile(fast, 50).toFixed(3)} / ${percentile(fast, 99).toFixed(3)} ` +
        `(${fastCalls} calls), stock ${percentile(stock, 50).toFixed(2)} / ${percentile(stock, 99).toFixed(2)} (${stockCalls} calls), ` +
        `p50 ${(percentile(stock, 50) / percentile(fast, 50)).toFixed(0)}x; max |fast - stock| ${difference.toExponential(1)}` +
        ` [${REFERENCES[count]}]`,
    );
  }
  console.log('\nlarge batches (backtests):');
  const big = data.train.count - (data.train.count % 1000);
  for (const count of [1000, big]) {
    console.log(`  ${await throughput(forward, data.train.x.subarray(0, count * windowFloats), count)}`);
  }
  await forward.dispose();
  model.dispose();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
