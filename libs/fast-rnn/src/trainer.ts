import * as tf from '@tensorflow/tfjs';
import { InvalidModelInputError, TrainingAbortedError, TrainingDivergedError } from './errors';
import type { EpochReport, FitData, FitOptions, FitResult, FitSplit } from './fit-types';
import { assertValidFitData, assertValidFitOptions, withoutValidation } from './validate-fit';
import { AdamSchedule } from './adam';
import { describeFastNetwork } from './architecture';
import type { Executor } from './executor';
import { Network } from './network';
import type { Program } from './program';
import { EpochShuffler } from './shuffle';

/** Creates the executor for a memory of `floats` floats with up to `threads` threads. */
export type ExecutorFactory = (floats: number, threads: number) => Promise<Executor>;

/** How the fast path runs: which kernels and how many threads. */
export interface FastEngine {
  readonly createExecutor: ExecutorFactory;
  readonly threads: number;
}

/**
 * Trains `model`'s weights with the whole-sequence kernels (Adam on MSE, seeded per-epoch shuffle of the
 * training windows, validation loss per epoch, early stopping restoring the best weights; without a
 * validation part exactly `epochs` epochs keeping the last weights) and sets them into `model`. It starts
 * from the weights `model` holds (a warm start when they come from an earlier fit) with a fresh Adam: the
 * memory, and so the optimizer's moments, are new for every call. With `options.warmStart` the starting
 * weights are scored first (epoch 0) and kept when no epoch beats them.
 */
export async function trainFast(
  model: tf.LayersModel,
  data: FitData,
  options: FitOptions,
  engine: FastEngine,
): Promise<FitResult> {
  const spec = describeFastNetwork(model);
  if (typeof spec === 'string') throw new InvalidModelInputError(`fast path: ${spec}`);
  assertValidFitOptions(options);
  assertValidFitData(model, data);
  const slotCount = Math.max(1, Math.min(engine.threads, options.batchSize));
  const network = new Network(spec, Math.ceil(options.batchSize / slotCount), slotCount);
  const executor = await engine.createExecutor(network.memoryFloats, slotCount);
  try {
    const initial = model.getWeights().map((w) => w.dataSync() as Float32Array);
    network.writeWeights(executor.memory, initial);
    executor.run(network.recordTransposes());
    const run = new FitRun(network, executor, data, options);
    const result = await run.fit();
    const tensors = network.weightShapes.map((shape, i) => tf.tensor(run.bestWeights[i], [...shape]));
    model.setWeights(tensors);
    for (const t of tensors) t.dispose();
    return result;
  } finally {
    await executor.close();
  }
}

class FitRun {
  private readonly programs = new Map<string, Program>();
  bestWeights: Float32Array[];

  constructor(
    private readonly network: Network,
    private readonly executor: Executor,
    private readonly data: FitData,
    private readonly options: FitOptions,
  ) {
    this.bestWeights = network.readWeights(executor.memory);
  }

  async fit(): Promise<FitResult> {
    const { epochs, patience, seed, signal, onEpochEnd } = this.options;
    const shuffler = new EpochShuffler(this.data.train.count, seed);
    const adam = new AdamSchedule(this.options.learningRate);
    const validate = !withoutValidation(this.data);
    const history: EpochReport[] = [];
    // Epoch 0: the warm weights (already in bestWeights) are the candidate every epoch has to beat.
    const startValidationLoss =
      validate && this.options.warmStart === true ? await this.evaluate(this.data.validation) : Number.NaN;
    let bestValidationLoss = Number.isFinite(startValidationLoss)
      ? startValidationLoss
      : Number.POSITIVE_INFINITY;
    let bestEpoch = 0;
    for (let epoch = 1; epoch <= epochs; epoch++) {
      if (signal?.aborted) throw new TrainingAbortedError(epoch, signal.reason);
      const started = performance.now();
      const loss = await this.trainEpoch(epoch, shuffler.next(), adam);
      const trainSeconds = (performance.now() - started) / 1000;
      const validationLoss = validate ? await this.evaluate(this.data.validation) : Number.NaN;
      const report: EpochReport = {
        epoch,
        loss,
        validationLoss,
        seconds: (performance.now() - started) / 1000,
        samplesPerSecond: this.data.train.count / Math.max(trainSeconds, 1e-9),
      };
      history.push(report);
      if (validationLoss < bestValidationLoss) {
        bestValidationLoss = validationLoss;
        bestEpoch = epoch;
        this.bestWeights = this.network.readWeights(this.executor.memory);
      }
      await onEpochEnd?.(report);
      const epochsSinceBest = epoch - bestEpoch;
      if (validate && epochsSinceBest > 0 && epochsSinceBest >= patience) break;
    }
    if (!validate) return this.lastEpoch(history);
    if (!Number.isFinite(bestValidationLoss)) throw new TrainingDivergedError(history.length);
    return {
      path: 'fast',
      epochsRun: history.length,
      bestEpoch,
      bestValidationLoss,
      startValidationLoss,
      history,
    };
  }

  /** Without validation: the last epoch's weights, unless its training loss is not finite. */
  private lastEpoch(history: EpochReport[]): FitResult {
    const last = history[history.length - 1];
    if (!Number.isFinite(last.loss)) throw new TrainingDivergedError(last.epoch, 'training');
    this.bestWeights = this.network.readWeights(this.executor.memory);
    return {
      path: 'fast',
      epochsRun: history.length,
      bestEpoch: last.epoch,
      bestValidationLoss: Number.NaN,
      startValidationLoss: Number.NaN,
      history,
    };
  }

  /** One pass over the training part in shuffled minibatches; returns the mean squared error. */
  private async trainEpoch(epoch: number, order: Int32Array, adam: AdamSchedule): Promise<number> {
    const { batchSize, signal } = this.options;
    const train = this.data.train;
    let sumSquares = 0;
    for (let start = 0; start < train.count; start += batchSize) {
      const rows = Math.min(batchSize, train.count - start);
      const parts = this.split(rows);
      let offset = start;
      const programs = parts.map((r, s) => {
        if (r === 0) return undefined;
        this.gather(train, order, offset, r, s);
        offset += r;
        return this.program(`train:${s}:${r}:${rows}`, () => this.network.recordTrainStep(s, r, rows));
      });
      await this.executor.runParallel(programs);
      sumSquares += this.lossOf(parts);
      this.executor.run(this.network.recordUpdate(parts.filter((r) => r > 0).length, adam.next()));
      if (signal?.aborted) throw new TrainingAbortedError(epoch, signal.reason);
      if (this.executor.threads === 1) await yieldToEventLoop();
    }
    return sumSquares / (train.count * this.data.horizon);
  }

  /** Mean squared error of the current weights over `split`. */
  private async evaluate(split: FitSplit): Promise<number> {
    const chunk = this.network.maxRows * this.network.slots.length;
    let sumSquares = 0;
    for (let start = 0; start < split.count; start += chunk) {
      const rows = Math.min(chunk, split.count - start);
      const parts = this.split(rows);
      let offset = start;
      const programs = parts.map((r, s) => {
        if (r === 0) return undefined;
        this.gather(split, undefined, offset, r, s);
        offset += r;
        return this.program(`forward:${s}:${r}`, () => this.network.recordForward(s, r).program);
      });
      await this.executor.runParallel(programs);
      sumSquares += this.lossOf(parts);
    }
    return sumSquares / (split.count * this.data.horizon);
  }

  /** Rows per slot: as even as possible, the first slots taking the remainder. */
  private split(rows: number): number[] {
    const slots = Math.min(this.network.slots.length, rows);
    const base = Math.floor(rows / slots);
    return this.network.slots.map((_, s) => (s < slots ? base + (s < rows % slots ? 1 : 0) : 0));
  }

  private lossOf(parts: readonly number[]): number {
    let sum = 0;
    parts.forEach((r, s) => {
      if (r > 0) sum += this.executor.memory[this.network.slots[s].lossOut];
    });
    return sum;
  }

  private program(key: string, record: () => Program): Program {
    let program = this.programs.get(key);
    if (!program) {
      program = record();
      this.programs.set(key, program);
    }
    return program;
  }

  /** Copies windows order[start..start+rows) (or start.. when unordered) into slot `s`, time-major. */
  private gather(
    split: FitSplit,
    order: Int32Array | undefined,
    start: number,
    rows: number,
    s: number,
  ): void {
    const { window, featureCount, horizon } = this.data;
    const mem = this.executor.memory;
    const slot = this.network.slots[s];
    const windowFloats = window * featureCount;
    for (let r = 0; r < rows; r++) {
      const index = order ? order[start + r] : start + r;
      const src = index * windowFloats;
      for (let t = 0; t < window; t++) {
        const from = src + t * featureCount;
        mem.set(split.x.subarray(from, from + featureCount), slot.x + (t * rows + r) * featureCount);
      }
      mem.set(split.y.subarray(index * horizon, (index + 1) * horizon), slot.y + r * horizon);
    }
  }
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
