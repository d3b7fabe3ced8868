/** Scaled training data as flat row-major arrays: x is [count, window, featureCount], y is [count, horizon]. */
export interface FitSplit {
  readonly x: Float32Array;
  readonly y: Float32Array;
  readonly count: number;
}

/** What a fit needs: the training and validation parts, already scaled on the training part only. */
export interface FitData {
  readonly train: FitSplit;
  readonly validation: FitSplit;
  readonly window: number;
  readonly featureCount: number;
  readonly horizon: number;
}

/** One finished epoch. */
export interface EpochReport {
  /** 1-based. */
  readonly epoch: number;
  /** Mean squared error on the training part (scaled targets). */
  readonly loss: number;
  readonly validationLoss: number;
  readonly seconds: number;
  readonly samplesPerSecond: number;
}

/** How to fit: Adam on MSE, minibatches, early stopping on validation loss restoring the best weights. */
export interface FitOptions {
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  /** Epochs without a better validation loss before stopping. */
  readonly patience: number;
  /** Seeds the per-epoch shuffle of training windows (shuffling inside the training part only). */
  readonly seed: number;
  readonly onEpochEnd?: (report: EpochReport) => void | Promise<void>;
  /** Aborting stops after the current batch with a `TrainingAbortedError`. */
  readonly signal?: AbortSignal;
}

/** Which implementation ran the recurrent layers: hand-written whole-sequence kernels or stock tfjs-layers. */
export type FitPath = 'fast' | 'stock';

/** The outcome of a fit; the model passed in now holds the best weights. */
export interface FitResult {
  readonly path: FitPath;
  readonly epochsRun: number;
  readonly bestEpoch: number;
  readonly bestValidationLoss: number;
  readonly history: readonly EpochReport[];
}
