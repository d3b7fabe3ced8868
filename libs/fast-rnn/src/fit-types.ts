/** Scaled training data as flat row-major arrays: x is [count, window, featureCount], y is [count, horizon]. */
export interface FitSplit {
  readonly x: Float32Array;
  readonly y: Float32Array;
  readonly count: number;
}

/**
 * What a fit needs: the training and validation parts, already scaled on the training part only.
 *
 * A validation part of `count` 0 (empty `x` and `y`) asks for a **fit without validation** (the production
 * refit on all data through the cut-off): exactly `options.epochs` epochs, no early stopping (`patience` is
 * not used), and the model keeps the weights of the last epoch. Each `EpochReport.validationLoss` and
 * `FitResult.bestValidationLoss` are then `NaN` (a number, so reports and metadata keep their type; note
 * that `JSON.stringify` writes NaN as null), and `FitResult.bestEpoch` is `epochsRun`.
 */
export interface FitData {
  readonly train: FitSplit;
  /** Windows scored after every epoch for early stopping; `count` 0 for a fit without validation. */
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
  /** Mean squared error on the validation part; NaN in a fit without validation. */
  readonly validationLoss: number;
  readonly seconds: number;
  readonly samplesPerSecond: number;
}

/**
 * How to fit: Adam on MSE, minibatches, early stopping on validation loss restoring the best weights (or,
 * without a validation part, exactly `epochs` epochs keeping the last weights: see `FitData`).
 *
 * A fit starts from whatever weights the model holds: fresh ones, or an earlier fit's (a warm start, as a
 * backtest continuing from the previous cut-off does). The optimizer does not carry over: every fit starts
 * a fresh Adam (zero moments, bias correction from step 1), on both paths. With `warmStart` the starting
 * weights are themselves a candidate: scored on the validation part before the first epoch (epoch 0) and
 * kept when no epoch beats them.
 */
export interface FitOptions {
  /** Epochs to run at most (exactly, without a validation part). */
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  /**
   * Epochs without a better validation loss before stopping (not used without a validation part). With
   * `warmStart` it counts from epoch 0: patience 1 stops after the first epoch that does not beat the
   * starting weights.
   */
  readonly patience: number;
  /**
   * The model holds an earlier fit's weights, worth keeping: with a validation part they are scored before
   * the first epoch as epoch 0 (`FitResult.startValidationLoss`) and stay in the model (`bestEpoch` 0) when
   * no epoch strictly beats them. Only honest when those weights never trained on this fit's validation
   * windows (an earlier cut-off's validated fit: its training part ends before this validation part).
   * Ignored without a validation part (a refit runs exactly `epochs` epochs). Default false: a fresh
   * model's random weights are no candidate.
   */
  readonly warmStart?: boolean;
  /** Seeds the per-epoch shuffle of training windows (shuffling inside the training part only). */
  readonly seed: number;
  readonly onEpochEnd?: (report: EpochReport) => void | Promise<void>;
  /** Aborting stops after the current batch with a `TrainingAbortedError`. */
  readonly signal?: AbortSignal;
}

/** Which implementation ran the recurrent layers: hand-written whole-sequence kernels or stock tfjs-layers. */
export type FitPath = 'fast' | 'stock';

/** The outcome of a fit; the model passed in now holds the best weights (the last, without validation). */
export interface FitResult {
  readonly path: FitPath;
  readonly epochsRun: number;
  /**
   * The epoch whose weights the model holds: the best on validation (0: the starting weights of a
   * `warmStart` fit, which no epoch beat), or `epochsRun` without validation.
   */
  readonly bestEpoch: number;
  /** That epoch's validation loss; NaN without validation. */
  readonly bestValidationLoss: number;
  /** The validation loss of the starting weights (epoch 0) of a `warmStart` fit; NaN otherwise. */
  readonly startValidationLoss: number;
  readonly history: readonly EpochReport[];
}
