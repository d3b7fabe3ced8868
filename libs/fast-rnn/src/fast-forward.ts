import type * as tf from '@tensorflow/tfjs';
import { describeForwardNetwork } from './architecture';
import { ForwardDisposedError, InvalidModelInputError } from './errors';
import { ForwardNetwork } from './forward-network';
import type { Program } from './program';
import { startWasmKernels, type WasmKernels } from './engine';
import { kernelBuild, type KernelBuild } from './wasm-kernels';

/**
 * Windows one thread runs at once; longer requests go through in chunks of this many. Large enough that a
 * kernel call's fixed cost is small next to its arithmetic, small enough that a chunk's state (a few
 * hundred kilobytes for the default LSTM) stays in the core's L2.
 */
export const FORWARD_CHUNK_ROWS = 128;

/** Options of `createFastForward`. */
export interface FastForwardOptions {
  /**
   * Threads `predictBatch` spreads windows over, the calling thread included (default 1: no worker thread
   * is started). `predict` always runs on the calling thread.
   */
  readonly threads?: number;
  /** The kernel build to run (tests and benchmarks compare them); default: the best this engine runs. */
  readonly build?: KernelBuild;
}

/**
 * A model's forward pass on hand-written WebAssembly SIMD kernels, with its own copy of the weights (later
 * changes to the tfjs model are not seen). Inputs are scaled windows as `model.predict` takes them, flat
 * row-major [count, window, featureCount]; outputs are [count, outputSize]. Equal to tfjs's `predict`
 * within 1e-5 (see the README).
 */
export interface FastForward {
  readonly window: number;
  readonly featureCount: number;
  /** Values per window out (the horizon). */
  readonly outputSize: number;
  /** Threads `predictBatch` uses, the calling thread included. */
  readonly threads: number;
  /** What runs the arithmetic, for logs: e.g. `WebAssembly SIMD kernels (fma build), 2 threads`. */
  readonly description: string;
  /**
   * Predicts `count` windows on the calling thread, synchronously. Allocates nothing but the returned array
   * (its working memory is sized once, at creation).
   *
   * @throws InvalidModelInputError when `x` does not hold `count` windows or holds a non-finite value.
   * @throws ForwardDisposedError after `dispose()`.
   */
  predict(x: Float32Array, count: number): Float32Array;
  /**
   * Predicts `count` windows spread over `threads` threads (for large batches, e.g. a backtest's origins);
   * the same numbers as `predict`. Calls run one after another; `predict` may run meanwhile.
   */
  predictBatch(x: Float32Array, count: number): Promise<Float32Array>;
  /**
   * Stops the worker threads and releases the memory once a running `predictBatch` has finished; calls
   * made after it throw `ForwardDisposedError`.
   */
  dispose(): Promise<void>;
}

/**
 * Whether `createFastForward` supports `model`: the LSTM/GRU stacks `canFitFast` accepts (frozen layers
 * too) and Flatten -> Dense chains, i.e. every architecture `buildForecastModel` makes.
 */
export function canPredictFast(model: tf.LayersModel): boolean {
  return typeof describeForwardNetwork(model) !== 'string';
}

/**
 * Copies `model`'s weights into a fast forward pass (WebAssembly SIMD, fused recurrent steps, all windows
 * of a call in one batched pass). Keep one per model and `dispose()` it with the model.
 *
 * @example
 * const forward = createFastForward(model);
 * const y = forward.predict(windows, assets.length); // [assets, horizon], like model.predict
 * await forward.dispose();
 *
 * @throws InvalidModelInputError naming the first unsupported layer or setting when `canPredictFast(model)` is false.
 */
export function createFastForward(model: tf.LayersModel, options: FastForwardOptions = {}): FastForward {
  const spec = describeForwardNetwork(model);
  if (typeof spec === 'string') {
    throw new InvalidModelInputError(`fast forward: model '${model.name}' is not supported: ${spec}`);
  }
  const threads = options.threads ?? 1;
  if (!Number.isSafeInteger(threads) || threads < 1) {
    throw new InvalidModelInputError(`fast forward: threads ${threads} is not a positive integer`);
  }
  const network = new ForwardNetwork(spec, FORWARD_CHUNK_ROWS, threads);
  // Layer by layer: model.getWeights() lists a frozen layer's weights after every trainable one.
  const weights = model.layers.flatMap((layer) =>
    layer.getWeights().map((w) => w.dataSync() as Float32Array),
  );
  const expected = network.weightSizes;
  if (weights.length !== expected.length || weights.some((w, i) => w.length !== expected[i])) {
    throw new InvalidModelInputError(
      `fast forward: model '${model.name}' has weights of sizes [${weights.map((w) => w.length).join(', ')}], ` +
        `expected [${expected.join(', ')}]`,
    );
  }
  return new WasmForward(network, weights, threads, options.build ?? kernelBuild());
}

class WasmForward implements FastForward {
  readonly window: number;
  readonly featureCount: number;
  readonly outputSize: number;
  readonly description: string;
  private state: WasmKernels | undefined;
  private readonly programs = new Map<number, { program: Program; output: number }>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly network: ForwardNetwork,
    weights: readonly Float32Array[],
    readonly threads: number,
    build: KernelBuild,
  ) {
    this.window = network.spec.window;
    this.featureCount = network.spec.featureCount;
    this.outputSize = network.outputSize;
    const kernels = startWasmKernels(network.memoryFloats, threads, build);
    this.description = kernels.description;
    network.writeWeights(kernels.memory, weights);
    kernels.runner.run(network.recordWeightCopies());
    this.state = kernels;
  }

  predict(x: Float32Array, count: number): Float32Array {
    const { memory, runner } = this.open();
    this.assertInput(x, count);
    const out = new Float32Array(count * this.outputSize);
    for (let start = 0; start < count; start += FORWARD_CHUNK_ROWS) {
      const rows = Math.min(FORWARD_CHUNK_ROWS, count - start);
      const run = this.load(memory, 0, x, start, rows);
      runner.run(run.program);
      this.unload(memory, run.output, start, rows, out);
    }
    return out;
  }

  predictBatch(x: Float32Array, count: number): Promise<Float32Array> {
    let state: WasmKernels;
    try {
      state = this.open();
      this.assertInput(x, count);
    } catch (error) {
      return Promise.reject(error);
    }
    const result = this.queue.then(() => this.runBatch(state, x, count));
    this.queue = result.catch(() => undefined);
    return result;
  }

  async dispose(): Promise<void> {
    const state = this.state;
    this.state = undefined;
    // A predictBatch already running keeps its memory and workers until it ends; later ones fail.
    await this.queue;
    this.programs.clear();
    await state?.pool.close();
  }

  private async runBatch(state: WasmKernels, x: Float32Array, count: number): Promise<Float32Array> {
    const { memory, runner, pool } = state;
    const out = new Float32Array(count * this.outputSize);
    const slots = this.network.slots.length;
    for (let start = 0; start < count;) {
      const perSlot = Math.min(FORWARD_CHUNK_ROWS, Math.ceil((count - start) / slots));
      const parts = Array.from({ length: slots }, (_, s) => {
        const from = start + s * perSlot;
        return { from, rows: Math.max(0, Math.min(perSlot, count - from)) };
      }).filter((part) => part.rows > 0);
      const running = parts.slice(1).map(async ({ from, rows }, i) => {
        const run = this.load(memory, i + 1, x, from, rows);
        await pool.run(i, run.program);
        return () => this.unload(memory, run.output, from, rows, out);
      });
      const first = this.load(memory, 0, x, parts[0].from, parts[0].rows);
      runner.run(first.program);
      // Copied before awaiting: a `predict` on this thread may reuse slot 0 meanwhile.
      this.unload(memory, first.output, parts[0].from, parts[0].rows, out);
      for (const copy of await Promise.all(running)) copy();
      start += parts.reduce((sum, part) => sum + part.rows, 0);
    }
    return out;
  }

  /** Copies windows start..start+rows into slot `slot`; returns the program that predicts them. */
  private load(
    memory: Float32Array,
    slot: number,
    x: Float32Array,
    start: number,
    rows: number,
  ): { program: Program; output: number } {
    const floats = this.network.windowFloats;
    memory.set(x.subarray(start * floats, (start + rows) * floats), this.network.slots[slot].x);
    const key = slot * (FORWARD_CHUNK_ROWS + 1) + rows;
    let run = this.programs.get(key);
    if (!run) {
      run = this.network.recordPredict(slot, rows);
      this.programs.set(key, run);
    }
    return run;
  }

  private unload(memory: Float32Array, output: number, start: number, rows: number, out: Float32Array): void {
    const n = this.outputSize;
    out.set(memory.subarray(output, output + rows * n), start * n);
  }

  private open(): WasmKernels {
    if (!this.state) throw new ForwardDisposedError();
    return this.state;
  }

  private assertInput(x: Float32Array, count: number): void {
    if (!Number.isSafeInteger(count) || count < 0) {
      throw new InvalidModelInputError(`fast forward: count ${count} is not a non-negative integer`);
    }
    const floats = this.network.windowFloats;
    if (!(x instanceof Float32Array) || x.length !== count * floats) {
      throw new InvalidModelInputError(
        `fast forward: x holds ${x?.length} values; ${count} windows of [${this.window}, ${this.featureCount}] need ${count * floats}`,
      );
    }
    for (let i = 0; i < x.length; i++) {
      if (!Number.isFinite(x[i])) {
        throw new InvalidModelInputError(
          `fast forward: window ${Math.floor(i / floats)} has a non-finite value (${x[i]}) at step ` +
            `${Math.floor((i % floats) / this.featureCount)}, feature ${i % this.featureCount}`,
        );
      }
    }
  }
}
