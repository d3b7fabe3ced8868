import type * as tfTypes from '@tensorflow/tfjs';
import { TrainingAbortedError, TrainingDivergedError } from '@cf/fast-rnn';
import type { EpochReport, FitData, FitOptions, FitResult } from '@cf/fast-rnn';
import { assertValidFitData, assertValidFitOptions, withoutValidation } from '@cf/fast-rnn';
import { mulberry32, seededPermutation } from '@cf/core';

type Tf = typeof tfTypes;

/** Validation runs in batches at least this large: the loss is the same mean, fewer dispatches. */
const MIN_EVALUATION_BATCH = 512;

/**
 * Trains with stock tfjs-layers (`model.fit`, one epoch at a time): the training windows are shuffled
 * each epoch by a permutation drawn from `options.seed`, the validation part is scored after each epoch,
 * and training stops after `patience` epochs without a better validation loss; the best weights are then
 * set back into `model`. Without a validation part (`count` 0) it runs exactly `epochs` epochs and keeps
 * the last weights (see `FitData`). It yields to the event loop after every batch. Each fit starts from
 * the weights `model` holds (a warm start when an earlier fit left them) with a fresh Adam at
 * `options.learningRate`, and leaves a fresh one, so no optimizer state (or tensor) outlives it. With
 * `options.warmStart` the starting weights are scored first (epoch 0) and kept when no epoch beats them.
 */
export async function fitStock(
  tf: Tf,
  model: tfTypes.LayersModel,
  data: FitData,
  options: FitOptions,
): Promise<FitResult> {
  assertValidFitOptions(options);
  assertValidFitData(model, data);
  const { window, featureCount, horizon, train, validation } = data;
  const nextRandom = mulberry32(options.seed);
  const validate = !withoutValidation(data);
  const tensors = {
    xTrain: tf.tensor3d(train.x, [train.count, window, featureCount]),
    yTrain: tf.tensor2d(train.y, [train.count, horizon]),
    xVal: tf.tensor3d(validation.x, [validation.count, window, featureCount]),
    yVal: tf.tensor2d(validation.y, [validation.count, horizon]),
  };
  let best: tfTypes.Tensor[] = [];
  let bestEpoch = 0;
  let bestValidationLoss = Number.POSITIVE_INFINITY;
  let startValidationLoss = Number.NaN;
  const history: EpochReport[] = [];
  compileWithFreshAdam(tf, model, options.learningRate);
  try {
    if (validate && options.warmStart === true) {
      // Epoch 0: the warm weights are the candidate every epoch has to beat.
      startValidationLoss = evaluate(tf, model, tensors.xVal, tensors.yVal, options.batchSize);
      if (Number.isFinite(startValidationLoss)) {
        best = model.getWeights().map((w) => w.clone());
        bestValidationLoss = startValidationLoss;
      }
    }
    for (let epoch = 1; epoch <= options.epochs; epoch++) {
      if (options.signal?.aborted) throw new TrainingAbortedError(epoch, options.signal.reason);
      const started = performance.now();
      const loss = await trainOneEpoch(
        tf,
        model,
        tensors.xTrain,
        tensors.yTrain,
        seededPermutation(train.count, nextRandom),
        options,
      );
      if (options.signal?.aborted) throw new TrainingAbortedError(epoch, options.signal.reason);
      const trainSeconds = (performance.now() - started) / 1000;
      const validationLoss = validate
        ? evaluate(tf, model, tensors.xVal, tensors.yVal, options.batchSize)
        : Number.NaN;
      const report: EpochReport = {
        epoch,
        loss,
        validationLoss,
        seconds: (performance.now() - started) / 1000,
        samplesPerSecond: train.count / Math.max(trainSeconds, 1e-9),
      };
      history.push(report);
      if (validationLoss < bestValidationLoss) {
        tf.dispose(best);
        best = model.getWeights().map((w) => w.clone());
        bestEpoch = epoch;
        bestValidationLoss = validationLoss;
      }
      await options.onEpochEnd?.(report);
      const epochsSinceBest = epoch - bestEpoch;
      if (validate && epochsSinceBest > 0 && epochsSinceBest >= options.patience) break;
    }
    if (!validate) {
      const last = history[history.length - 1];
      if (!Number.isFinite(last.loss)) throw new TrainingDivergedError(last.epoch, 'training');
      bestEpoch = last.epoch;
      bestValidationLoss = Number.NaN;
    } else {
      if (!Number.isFinite(bestValidationLoss)) throw new TrainingDivergedError(history.length);
      model.setWeights(best);
    }
  } finally {
    tf.dispose(best);
    tf.dispose(Object.values(tensors));
    compileWithFreshAdam(tf, model, options.learningRate);
  }
  return {
    path: 'stock',
    epochsRun: history.length,
    bestEpoch,
    bestValidationLoss,
    startValidationLoss,
    history,
  };
}

async function trainOneEpoch(
  tf: Tf,
  model: tfTypes.LayersModel,
  xTrain: tfTypes.Tensor,
  yTrain: tfTypes.Tensor,
  order: Int32Array,
  options: FitOptions,
): Promise<number> {
  const [xs, ys] = tf.tidy(() => {
    const indices = tf.tensor1d(order, 'int32');
    return [tf.gather(xTrain, indices), tf.gather(yTrain, indices)];
  });
  try {
    const fitted = await model.fit(xs, ys, {
      batchSize: options.batchSize,
      epochs: 1,
      shuffle: false,
      verbose: 0,
      callbacks: {
        onBatchEnd: async () => {
          if (options.signal?.aborted) model.stopTraining = true;
          // tfjs-layers yields only every ~125 ms inside fit(); an epoch of many batches would otherwise starve
          // timers, signal handlers and HTTP requests (a server's /health, progress, shutdown) until it ends.
          await new Promise<void>((resolve) => setImmediate(resolve));
        },
      },
    });
    return Number(fitted.history['loss'][0]);
  } finally {
    tf.dispose([xs, ys]);
  }
}

function evaluate(
  tf: Tf,
  model: tfTypes.LayersModel,
  x: tfTypes.Tensor,
  y: tfTypes.Tensor,
  batchSize: number,
): number {
  return tf.tidy(() => {
    const result = model.evaluate(x, y, { batchSize: Math.max(batchSize, MIN_EVALUATION_BATCH) });
    return (Array.isArray(result) ? result[0] : result).dataSync()[0];
  });
}

/** Compiles `model` for MSE with a new Adam and disposes the previous optimizer's variables. */
function compileWithFreshAdam(tf: Tf, model: tfTypes.LayersModel, learningRate: number): void {
  // `optimizer` is undefined on a model that was never compiled, whatever the typings say.
  const previous = model.optimizer as tfTypes.Optimizer | undefined;
  model.compile({ optimizer: tf.train.adam(learningRate), loss: 'meanSquaredError' });
  previous?.dispose();
}
