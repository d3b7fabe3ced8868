import type * as tf from '@tensorflow/tfjs';
import { InvalidModelInputError } from './errors';
import type { FitData, FitOptions, FitSplit } from './fit-types';

/** Throws `InvalidModelInputError` unless `data` is consistent with itself and with `model`'s input and output shapes. */
export function assertValidFitData(model: tf.LayersModel, data: FitData): void {
  const { window, featureCount, horizon } = data;
  for (const [name, value] of Object.entries({ window, featureCount, horizon })) {
    if (!Number.isSafeInteger(value) || value <= 0)
      throw new InvalidModelInputError(`fit data: ${name} ${value} is not a positive integer`);
  }
  const input = model.inputs[0]?.shape;
  const output = model.outputs[0]?.shape;
  if (model.inputs.length !== 1 || input?.[1] !== window || input?.[2] !== featureCount) {
    throw new InvalidModelInputError(
      `fit data: windows are [${window}, ${featureCount}] but model '${model.name}' takes ${JSON.stringify(input)}`,
    );
  }
  if (model.outputs.length !== 1 || output?.[1] !== horizon) {
    throw new InvalidModelInputError(
      `fit data: horizon ${horizon} but model '${model.name}' outputs ${JSON.stringify(output)}`,
    );
  }
  assertSplit('train', data.train, window * featureCount, horizon, 1);
  // An empty validation part is a fit without validation (see FitData).
  assertSplit('validation', data.validation, window * featureCount, horizon, 0);
}

/** Whether `data` has no validation part: a fit of exactly `epochs` epochs keeping the last weights. */
export function withoutValidation(data: FitData): boolean {
  return data.validation.count === 0;
}

/** Throws `InvalidModelInputError` naming the first bad option. */
export function assertValidFitOptions(options: FitOptions): void {
  const positive = { epochs: options.epochs, batchSize: options.batchSize };
  for (const [name, value] of Object.entries(positive)) {
    if (!Number.isSafeInteger(value) || value <= 0)
      throw new InvalidModelInputError(`fit options: ${name} ${value} is not a positive integer`);
  }
  if (!Number.isSafeInteger(options.patience) || options.patience < 0) {
    throw new InvalidModelInputError(
      `fit options: patience ${options.patience} is not a non-negative integer`,
    );
  }
  if (!Number.isFinite(options.learningRate) || options.learningRate <= 0) {
    throw new InvalidModelInputError(
      `fit options: learningRate ${options.learningRate} is not a positive number`,
    );
  }
  if (!Number.isSafeInteger(options.seed))
    throw new InvalidModelInputError(`fit options: seed ${options.seed} is not an integer`);
  if (options.warmStart !== undefined && typeof options.warmStart !== 'boolean')
    throw new InvalidModelInputError(
      `fit options: warmStart ${JSON.stringify(options.warmStart)} is not true or false`,
    );
}

function assertSplit(name: string, split: FitSplit, xPerRow: number, yPerRow: number, least: number): void {
  if (!Number.isSafeInteger(split.count) || split.count < least) {
    throw new InvalidModelInputError(
      least > 0
        ? `fit data: the ${name} part has ${split.count} windows; it needs at least ${least}`
        : `fit data: the ${name} part has ${split.count} windows; it must be a count (0 for none)`,
    );
  }
  if (split.x.length !== split.count * xPerRow || split.y.length !== split.count * yPerRow) {
    throw new InvalidModelInputError(
      `fit data: the ${name} part holds ${split.x.length} inputs and ${split.y.length} targets for ${split.count} windows ` +
        `(expected ${split.count * xPerRow} and ${split.count * yPerRow})`,
    );
  }
  const badX = split.x.findIndex((v) => !Number.isFinite(v));
  const badY = split.y.findIndex((v) => !Number.isFinite(v));
  if (badX >= 0)
    throw new InvalidModelInputError(
      `fit data: the ${name} part has a non-finite input (${split.x[badX]}) in window ${Math.floor(badX / xPerRow)}`,
    );
  if (badY >= 0)
    throw new InvalidModelInputError(
      `fit data: the ${name} part has a non-finite target (${split.y[badY]}) in window ${Math.floor(badY / yPerRow)}`,
    );
}
