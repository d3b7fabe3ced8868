import { CfError, type ErrorKind } from '@cf/core';

/** What kind of failure an error is (the one definition, in `@cf/core`). */
export type TrainErrorKind = ErrorKind;

/** Every error code the train app throws, with what it means (the README lists the same catalogue). */
export const TRAIN_ERROR_CODES = {
  TRAIN_USAGE: 'the command line is wrong: unknown command or flag, a flag without its value',
  TRAIN_INVALID_HYPERPARAMETERS_FILE:
    'SageMaker hyperparameters.json is not a JSON object whose values are strings',
  TRAIN_RUN_NOT_FOUND: 'GET /runs/:id names no run this server knows',
} as const;

/** A stable error code of this app. */
export type TrainErrorCode = keyof typeof TRAIN_ERROR_CODES;

/** Base of every train app error: a stable `code`, a `kind`, the offending value in the message, a `cause`. */
export class TrainAppError extends CfError<TrainErrorCode> {}

/** The command line cannot be honoured; the message names the argument. */
export class UsageError extends TrainAppError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('TRAIN_USAGE', 'input', message, options);
  }
}

/** `hyperparameters.json` is unreadable or not an object of strings; the message names the file. */
export class InvalidHyperparametersFileError extends TrainAppError {
  constructor(file: string, reason: string, options?: { cause?: unknown }) {
    super('TRAIN_INVALID_HYPERPARAMETERS_FILE', 'input', `${file} ${reason}`, options);
  }
}

/** No run has this id. */
export class RunNotFoundError extends TrainAppError {
  constructor(readonly id: string) {
    super('TRAIN_RUN_NOT_FOUND', 'not-found', `no training run '${id}' on this server`);
  }
}
