import { CfError, type ErrorKind } from '@cf/core';
/** What kind of failure an error is (the one definition, in `@cf/core`). */
export type ModelErrorKind = ErrorKind;

/** Every stable error code of `@cf/model`, with what it means (the README's table is checked against it). */
export const MODEL_ERROR_CODES = {
  MODEL_NOT_FOUND: 'a model file (model.json, weights, scaler.json, metadata.json) is missing from the store',
  MODEL_CORRUPT: 'a stored model file exists but cannot be parsed or does not match its manifest',
  MODEL_INVALID_METADATA: 'metadata.json lacks a field the reader needs, or the field has the wrong type',
  MODEL_INSUFFICIENT_DATA: 'too few rows of candles to build one input window',
  MODEL_VERSION_CHANGED: 'a model version was rewritten while it was being read, several times in a row',
  MODEL_DISPOSED: 'a forecaster was used after dispose()',
  MODEL_DATASET_NOT_FOUND:
    'a requested training dataset (symbol) is not in the data source, or the source holds none',
  MODEL_INVALID_DATASET:
    'a training dataset exists but is empty, not the standard CSV schema, or breaks a series invariant',
  MODEL_INVALID_TRAIN_REQUEST: 'a training hyperparameter is missing, of the wrong type or out of range',
  MODEL_VERSION_EXISTS:
    'the model version (or output folder) to write already holds a model: versions never overwrite',
} as const;

/** A stable `MODEL_*` code. */
export type ModelErrorCode = keyof typeof MODEL_ERROR_CODES;

/** The codes the training pipeline (datasets, request, versions) throws, as {@link TrainingError}s. */
export type TrainingErrorCode = Extract<
  ModelErrorCode,
  'MODEL_DATASET_NOT_FOUND' | 'MODEL_INVALID_DATASET' | 'MODEL_INVALID_TRAIN_REQUEST' | 'MODEL_VERSION_EXISTS'
>;

/** The training pipeline's part of {@link MODEL_ERROR_CODES}, with what each code means. */
export const TRAINING_ERROR_CODES: Readonly<Record<TrainingErrorCode, string>> = Object.freeze({
  MODEL_DATASET_NOT_FOUND: MODEL_ERROR_CODES.MODEL_DATASET_NOT_FOUND,
  MODEL_INVALID_DATASET: MODEL_ERROR_CODES.MODEL_INVALID_DATASET,
  MODEL_INVALID_TRAIN_REQUEST: MODEL_ERROR_CODES.MODEL_INVALID_TRAIN_REQUEST,
  MODEL_VERSION_EXISTS: MODEL_ERROR_CODES.MODEL_VERSION_EXISTS,
});

/** Base of every model error: a stable `code`, a `kind`, the offending value in the message, a `cause`. */
export class ModelError extends CfError<ModelErrorCode> {}

/** A file of a model version is missing; `key` names it. */
export class ModelNotFoundError extends ModelError {
  constructor(
    readonly key: string,
    what = 'model file',
  ) {
    super('MODEL_NOT_FOUND', 'not-found', `${what} not found at key '${key}'`);
  }
}

/** A file of a model version is unreadable; `key` names it, the message says why. */
export class ModelCorruptError extends ModelError {
  constructor(
    readonly key: string,
    reason: string,
    cause?: unknown,
  ) {
    super('MODEL_CORRUPT', 'input', `model file at key '${key}' is corrupt: ${reason}`, { cause });
  }
}

/** `metadata.json` lacks a needed field or has it with the wrong type. */
export class InvalidModelMetadataError extends ModelError {
  constructor(
    readonly key: string,
    readonly field: string,
    reason: string,
  ) {
    super('MODEL_INVALID_METADATA', 'input', `metadata at key '${key}': field '${field}' ${reason}`);
  }
}

/** Too few candles to build the model's input window. */
export class InsufficientDataError extends ModelError {
  constructor(
    readonly needed: number,
    readonly available: number,
    detail: string,
  ) {
    super('MODEL_INSUFFICIENT_DATA', 'input', `${detail}: need at least ${needed} rows, got ${available}`);
  }
}

/** A model version kept changing under a reader (a promotion or a re-run writing it at the same moment). */
export class ModelVersionChangedError extends ModelError {
  constructor(
    readonly prefix: string,
    attempts: number,
  ) {
    super(
      'MODEL_VERSION_CHANGED',
      'conflict',
      `model version at '${prefix}' changed while being read (${attempts} attempts)`,
    );
  }
}

/** Base of the training pipeline's errors (datasets, request, versions): a `ModelError` with a training code. */
export class TrainingError extends ModelError {
  declare readonly code: TrainingErrorCode;

  constructor(code: TrainingErrorCode, kind: ModelErrorKind, message: string, options?: { cause?: unknown }) {
    super(code, kind, message, options);
  }
}

/** No dataset for a requested symbol (`key` names where it was looked for), or none at all under a prefix. */
export class DatasetNotFoundError extends TrainingError {
  constructor(
    readonly key: string,
    message: string,
  ) {
    super('MODEL_DATASET_NOT_FOUND', 'not-found', message);
  }
}

/** A dataset cannot be used for training; the message names the key and what is wrong with it. */
export class InvalidDatasetError extends TrainingError {
  constructor(
    readonly key: string,
    reason: string,
    cause?: unknown,
  ) {
    super('MODEL_INVALID_DATASET', 'input', `dataset at key '${key}' is not usable: ${reason}`, { cause });
  }
}

/** A training hyperparameter is invalid; `field` names it. */
export class InvalidTrainRequestError extends TrainingError {
  constructor(
    readonly field: string,
    reason: string,
  ) {
    super('MODEL_INVALID_TRAIN_REQUEST', 'input', `training parameter '${field}' ${reason}`);
  }
}

/** The output prefix (`models/{version}/`, or a model folder) already holds a model; `key` names what was found. */
export class ModelVersionExistsError extends TrainingError {
  constructor(
    readonly key: string,
    storeUrl: string,
    version: string,
  ) {
    super(
      'MODEL_VERSION_EXISTS',
      'conflict',
      `'${key}' already exists in ${storeUrl}: model version '${version}' was not written there, versions are never overwritten`,
    );
  }
}

// The fit and backend errors belong to @cf/fast-rnn (the lowest tfjs library); re-exported for this library's users.
export {
  BackendUnavailableError,
  InvalidModelInputError,
  TrainingAbortedError,
  TrainingDivergedError,
} from '@cf/fast-rnn';
