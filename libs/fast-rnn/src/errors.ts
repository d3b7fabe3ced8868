import { CfError } from '@cf/core';

/** Every stable error code of `@cf/fast-rnn`, with what it means (the README's table is checked against it). */
export const FAST_RNN_ERROR_CODES = {
  MODEL_INVALID_INPUT: 'an argument (spec, fit data, input array) has the wrong shape or value',
  MODEL_BACKEND_UNAVAILABLE: 'no tfjs backend could be initialised',
  MODEL_TRAINING_ABORTED: 'a fit was stopped through its AbortSignal',
  MODEL_TRAINING_DIVERGED:
    'the validation loss was never a finite number (NaN or infinite losses), or, without a validation part, the last training loss was not',
  MODEL_FORWARD_DISPOSED: 'a fast forward pass was used after dispose()',
} as const;

/** A stable code of this library (the `MODEL_` namespace is shared by the model libraries). */
export type FastRnnErrorCode = keyof typeof FAST_RNN_ERROR_CODES;

/** Base of this library's errors. */
export class FastRnnError extends CfError<FastRnnErrorCode> {}

/** An argument has the wrong shape or value. */
export class InvalidModelInputError extends FastRnnError {
  constructor(message: string, cause?: unknown) {
    super('MODEL_INVALID_INPUT', 'input', message, { cause });
  }
}

/** No tfjs backend could be set up. */
export class BackendUnavailableError extends FastRnnError {
  constructor(message: string, cause?: unknown) {
    super('MODEL_BACKEND_UNAVAILABLE', 'unavailable', message, { cause });
  }
}

/** A fit stopped because its `AbortSignal` fired (after the batch that was running). */
export class TrainingAbortedError extends FastRnnError {
  constructor(
    readonly epoch: number,
    cause?: unknown,
  ) {
    super('MODEL_TRAINING_ABORTED', 'unavailable', `training aborted during epoch ${epoch}`, { cause });
  }
}

/**
 * Training produced no finite validation loss, or (a fit without a validation part) ended on a non-finite
 * training loss: it diverged, or non-finite data slipped through.
 */
export class TrainingDivergedError extends FastRnnError {
  constructor(
    readonly epochs: number,
    /** Which loss was never finite: `validation`, or `training` for a fit without a validation part. */
    readonly loss: 'validation' | 'training' = 'validation',
  ) {
    super(
      'MODEL_TRAINING_DIVERGED',
      'input',
      loss === 'validation'
        ? `training diverged: no finite validation loss in ${epochs} epoch(s); lower the learning rate or check the data`
        : `training diverged: the training loss of epoch ${epochs} is not finite; lower the learning rate or check the data`,
    );
  }
}

/** A fast forward pass was used after its `dispose()`. */
export class ForwardDisposedError extends FastRnnError {
  constructor() {
    super('MODEL_FORWARD_DISPOSED', 'internal', 'fast forward: predict called after dispose()');
  }
}
